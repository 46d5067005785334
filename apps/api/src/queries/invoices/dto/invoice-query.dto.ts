import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** `?format=`: the JSON document (default) or the printable pt-BR demonstrativo SCEE. */
export class InvoiceQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'html'],
    default: 'json',
    description: '`html`: the printable demonstrativo SCEE (pt-BR).',
  })
  @IsOptional()
  @IsIn(['json', 'html'], { message: '$property must be json or html' })
  format?: 'json' | 'html';
}
