import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** `?format=`: the JSON document (default), the printable pt-BR demonstrativo SCEE, or the same as a PDF. */
export class InvoiceQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'html', 'pdf'],
    default: 'json',
    description: '`html`: the printable demonstrativo SCEE (pt-BR); `pdf`: the same as a PDF file.',
  })
  @IsOptional()
  @IsIn(['json', 'html', 'pdf'], { message: '$property deve ser json, html ou pdf' })
  format?: 'json' | 'html' | 'pdf';
}
