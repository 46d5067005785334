import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Format, FormatMessage } from '../../commands/dto/formats';

/**
 * Readings an API import decides and appends together by default. The batch's transaction runs on the API's event
 * loop: at 1,000 (the CLI's default) the API's other requests waited 141–238 ms (p50) during a month's import of
 * 10,000 UCs with 60 cycles, at 250 about 75 ms, for readings/s within the noise (bench:import-http, RELIABILITY.md).
 */
export const API_IMPORT_BATCH = 250;
/** The largest batch an import over HTTP may ask for (the CLI's `--batch-size` has no cap). */
export const MAX_API_IMPORT_BATCH = 5_000;

/** `POST /v1/imports/readings?distribuidora=&batchSize=`. */
export class ImportReadingsQueryDto {
  @ApiPropertyOptional({
    example: 'copel',
    description: 'Refuse UCs of any other distribuidora (case does not matter).',
  })
  @IsOptional()
  @Matches(Format.distribuidora, { message: FormatMessage.distribuidora })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  distribuidora?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_API_IMPORT_BATCH,
    default: API_IMPORT_BATCH,
    description:
      'Readings decided and appended together (as the CLI’s --batch-size): larger is faster, but holds the API’s ' +
      'other requests longer while each batch is written.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(1)
  @Max(MAX_API_IMPORT_BATCH)
  batchSize?: number;
}
