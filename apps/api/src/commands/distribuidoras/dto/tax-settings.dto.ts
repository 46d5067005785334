import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';

const FRACTION = /^(0(\.\d{1,8})?|1(\.0{1,8})?)$/;
const FRACTION_MESSAGE =
  '$property deve ser uma alíquota em fração decimal de 0 a 1, com no máximo 8 casas ("0.18" é 18%)';

/** R27: a distribuidora's taxes (rates as fractions). */
export class TaxSettingsDto {
  @ApiProperty({ example: '0.18', description: 'ICMS rate.' })
  @IsString()
  @Matches(FRACTION, { message: FRACTION_MESSAGE })
  icms!: string;

  @ApiProperty({ example: '0.0065', description: 'PIS rate.' })
  @IsString()
  @Matches(FRACTION, { message: FRACTION_MESSAGE })
  pis!: string;

  @ApiProperty({ example: '0.03', description: 'COFINS rate.' })
  @IsString()
  @Matches(FRACTION, { message: FRACTION_MESSAGE })
  cofins!: string;

  @ApiPropertyOptional({ enum: ['aneel', 'cascade'], default: 'aneel', description: 'R27 gross-up formula.' })
  @IsOptional()
  @IsIn(['aneel', 'cascade'])
  grossUp?: 'aneel' | 'cascade';

  @ApiPropertyOptional({
    enum: ['all', 'te-only', 'none'],
    default: 'all',
    description: 'R27: the state’s adhesion to Convênio ICMS 16/2015 for compensated energy.',
  })
  @IsOptional()
  @IsIn(['all', 'te-only', 'none'])
  icmsConvenio16?: 'all' | 'te-only' | 'none';

  @ApiPropertyOptional({ default: false, description: 'R27: whether the SCEE charge is taxed.' })
  @IsOptional()
  @IsBoolean()
  taxScceCharge?: boolean;
}
