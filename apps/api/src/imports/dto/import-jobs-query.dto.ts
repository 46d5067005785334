import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Jobs GET /v1/imports lists by default, and at most. */
export const IMPORT_JOBS_LISTED = 20;
export const MAX_IMPORT_JOBS_LISTED = 200;

/** `GET /v1/imports?limit=`. */
export class ImportJobsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_IMPORT_JOBS_LISTED, default: IMPORT_JOBS_LISTED })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(1)
  @Max(MAX_IMPORT_JOBS_LISTED)
  limit?: number;
}
