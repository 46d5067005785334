import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Format, FormatMessage } from '../../../commands/dto/formats';
import { PageQueryDto } from '../../shared/page-query.dto';

/** Largest page of corrections: each item's totals come from its report, read from the streams it re-billed. */
export const MAX_CORRECTIONS_PAGE = 100;
/** Page length when `limit` is absent. */
export const DEFAULT_CORRECTIONS_PAGE = 20;

/** `?distribuidora=&from=YYYY-MM-DD&to=YYYY-MM-DD` (both included, either open) and the page of corrections. */
export class CorrectionsQueryDto extends PageQueryDto {
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

  // A shorter page than other lists'. Every check again: class-validator drops the parent's checks of a property the
  // child declares its own on (with Max alone here, limit=0 passed and the query answered 500).
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CORRECTIONS_PAGE, default: DEFAULT_CORRECTIONS_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(1)
  @Max(MAX_CORRECTIONS_PAGE)
  declare limit?: number;
}
