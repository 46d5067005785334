import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?months=` of the expiry calendar. */
export class MonthsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 120, default: 12 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(1)
  @Max(120)
  months?: number;
}
