import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmptyObject, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { Format, FormatMessage } from '../../dto/formats';
import { IsTusdTable } from './is-tusd-table';
import { TeByPostoDto } from './te-by-posto.dto';

/** Body of PUT /v1/tariffs/{distribuidora} (PublishTariff): the TE in force from a date (R2). */
export class PublishTariffDto {
  @ApiProperty({ example: '2024-01-01', pattern: Format.date.source, description: 'In force from this date on.' })
  @IsString()
  @Matches(Format.date, { message: FormatMessage.date })
  validFrom!: string;

  @ApiProperty({ type: () => TeByPostoDto, example: { ponta: '0.45', fora_ponta: '0.30' } })
  @IsNotEmptyObject({ nullable: true }, { message: 'te deve informar a TE de pelo menos um posto' })
  @ValidateNested()
  @Type(() => TeByPostoDto)
  te!: TeByPostoDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
    example: { fio_b: { ponta: '0.12', fora_ponta: '0.08' } },
    description: 'TUSD components per posto for invoices (R17), R$/kWh.',
  })
  @IsOptional()
  @IsTusdTable()
  tusd?: Record<string, Record<string, string>>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
    },
    example: {
      B1: { unico: { te: '0.33017', tusd: '0.49821', fioB: '0.2765', fioA: '0.0612', ped: '0.0085', tfsee: '0.0009' } },
    },
    description:
      'R22: R$/kWh sem tributos per subgrupo (B1…B4, A1…AS) and posto: te, tusd and the TUSD components the SCEE ' +
      'charge needs (fioB, fioA, ped, tfsee), as decimal strings with at most 8 places.',
  })
  @IsOptional()
  @IsObject()
  subgrupos?: Record<string, Record<string, Record<string, string>>>;
}
