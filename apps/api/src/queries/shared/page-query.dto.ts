import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';

/** Largest page a list answers. */
export const MAX_PAGE_LIMIT = 500;
/** Page length when `limit` is absent. */
export const DEFAULT_PAGE_LIMIT = 100;

/** `cursor` and `limit` of every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: "The previous page's `nextCursor`; absent for the first page." })
  @IsOptional()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: '$property deve ser o nextCursor de uma página anterior' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;
}
