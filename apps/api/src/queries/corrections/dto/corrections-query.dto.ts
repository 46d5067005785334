import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Format, FormatMessage } from '../../../commands/dto/formats';

/** Largest page of corrections: each item's totals come from its report, read from the streams it re-billed. */
export const MAX_CORRECTIONS_PAGE = 100;
/** Page length when `limit` is absent. */
export const DEFAULT_CORRECTIONS_PAGE = 20;

/** `?distribuidora=&from=YYYY-MM-DD&to=YYYY-MM-DD` (both included, either open) and the page of corrections. */
export class CorrectionsQueryDto {
  @ApiPropertyOptional({ example: 'light', description: 'One distribuidora only (case does not matter).' })
  @IsOptional()
  @Matches(Format.distribuidora, { message: FormatMessage.distribuidora })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  distribuidora?: string;

  @ApiPropertyOptional({ example: '2026-07-01', description: 'The first correction date (included).' })
  @IsOptional()
  @Matches(Format.date, { message: FormatMessage.date })
  from?: string;

  @ApiPropertyOptional({ example: '2026-07-31', description: 'The last correction date (included).' })
  @IsOptional()
  @Matches(Format.date, { message: FormatMessage.date })
  to?: string;

  @ApiPropertyOptional({ description: "The previous page's `nextCursor`; absent for the first page." })
  @IsOptional()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: '$property deve ser o nextCursor de uma página anterior' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CORRECTIONS_PAGE, default: DEFAULT_CORRECTIONS_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(1)
  @Max(MAX_CORRECTIONS_PAGE)
  limit?: number;
}
