import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

/** Query parameters of the audit endpoints. */
export class AuditQueryDto {
  @ApiPropertyOptional({
    description: 'replay events whose business date is on or before this date',
    example: '2025-12-31',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf deve ser uma data AAAA-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'replay events at or before this global position', example: '1200' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'position deve ser um número inteiro não negativo' })
  position?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'html'])
  format?: 'json' | 'csv' | 'html';
}
