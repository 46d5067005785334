import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { Format, FormatMessage } from './formats';

/** A lot of an opening balance (migration from the legacy billing system). */
export class OpeningLotDto {
  @ApiProperty({
    example: '2023-03-15',
    pattern: Format.date.source,
    description: 'Credit: its vintage (R8, R9: expires 60 months later). Received excedente: the allocating reading.',
  })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  vintage!: string;

  @ApiProperty({ example: 'unico', enum: ['unico', 'ponta', 'intermediario', 'fora_ponta', 'reservado'] })
  @IsString()
  posto!: string;

  @ApiProperty({ example: 'GD_I', enum: ['GD_I', 'GD_II', 'GD_III'] })
  @IsIn(['GD_I', 'GD_II', 'GD_III'])
  gdClass!: string;

  @ApiProperty({ example: '120.5', pattern: Format.kwh.source })
  @IsString()
  @Matches(Format.kwh, { message: FormatMessage.kwh })
  kwh!: string;

  @ApiProperty({ example: '3001', pattern: Format.ucId.source, description: 'The UC whose injection it was (R17).' })
  @IsString()
  @Matches(Format.ucId, { message: FormatMessage.ucId })
  sourceUcId!: string;
}
