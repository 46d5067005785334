import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { TaxSettingsDto } from './tax-settings.dto';

/** Body of PUT /v1/distribuidoras/{distribuidora}/policy (SetDistribuidoraPolicy): settings from a date. */
export class SetDistribuidoraPolicyDto {
  @ApiProperty({ example: '2026-01-01', pattern: Format.date.source, description: 'In force from this date on.' })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  validFrom!: string;

  @ApiPropertyOptional({
    enum: ['cap', 'greater-of'],
    description: 'P10: how the Grupo B minimum limits compensation (R10).',
  })
  @IsOptional()
  @IsIn(['cap', 'greater-of'])
  p10?: 'cap' | 'greater-of';

  @ApiPropertyOptional({
    enum: ['open-cycle', 'next-month'],
    description: 'P12: when received excedente is usable (R12).',
  })
  @IsOptional()
  @IsIn(['open-cycle', 'next-month'])
  p12?: 'open-cycle' | 'next-month';

  @ApiPropertyOptional({ enum: ['abnt', 'truncate'], description: 'R28: how line amounts are rounded to R$ 0,01.' })
  @IsOptional()
  @IsIn(['abnt', 'truncate'])
  rounding?: 'abnt' | 'truncate';

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { cerbranorte: 'celesc' },
    description: "R13 (L art. 15): on a permissionária's own policy, the concessionária it is connected to.",
  })
  @IsOptional()
  @IsObject()
  permissionarias?: Record<string, string>;

  @ApiPropertyOptional({ type: () => TaxSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaxSettingsDto)
  taxes?: TaxSettingsDto;
}
