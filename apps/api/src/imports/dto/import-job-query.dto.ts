import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_JOB_ERRORS } from '../import-job';

/**
 * `GET /v1/imports/{id}?errors=`: how many of the job's refused lines it lists (default and at most MAX_JOB_ERRORS).
 * A client that polls a job for its progress asks for 0: the counts are always whole, and the first 10,000 refusals
 * are 1.5 MB and 30 ms an answer.
 */
export class ImportJobQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_JOB_ERRORS, default: MAX_JOB_ERRORS })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(0)
  @Max(MAX_JOB_ERRORS)
  errors?: number;
}
