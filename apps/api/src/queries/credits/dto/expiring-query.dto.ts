import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';

/** Longest window asked about: credits last 5 years (R9), so 10 years covers every lot. */
export const MAX_WITHIN_DAYS = 3660;

/** `?withinDays=` and the page of expiring credits. */
export class ExpiringQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_WITHIN_DAYS, default: 90 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(0)
  @Max(MAX_WITHIN_DAYS)
  withinDays?: number;
}
