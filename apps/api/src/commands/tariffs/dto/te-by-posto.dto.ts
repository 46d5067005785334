import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';

/**
 * R$/kWh per posto: an object keyed by posto. Each posto is a property, so an unknown posto is an unknown property
 * (422). The domain also refuses a zero TE.
 */
export class TeByPostoDto {
  @ApiPropertyOptional({ example: '0.28', pattern: Format.tariff.source })
  @IsOptional()
  @IsString()
  @Matches(Format.tariff, { message: FormatMessage.tariff })
  unico?: string;

  @ApiPropertyOptional({ example: '0.45', pattern: Format.tariff.source })
  @IsOptional()
  @IsString()
  @Matches(Format.tariff, { message: FormatMessage.tariff })
  ponta?: string;

  @ApiPropertyOptional({ example: '0.38', pattern: Format.tariff.source })
  @IsOptional()
  @IsString()
  @Matches(Format.tariff, { message: FormatMessage.tariff })
  intermediario?: string;

  @ApiPropertyOptional({ example: '0.30', pattern: Format.tariff.source })
  @IsOptional()
  @IsString()
  @Matches(Format.tariff, { message: FormatMessage.tariff })
  fora_ponta?: string;

  @ApiPropertyOptional({ example: '0.25', pattern: Format.tariff.source })
  @IsOptional()
  @IsString()
  @Matches(Format.tariff, { message: FormatMessage.tariff })
  reservado?: string;
}
