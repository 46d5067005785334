import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../../commands/dto/formats';
import { PageQueryDto } from '../../shared/page-query.dto';

/** `?from=YYYY-MM&to=YYYY-MM` (both included, either open) and the page of a UC's invoices. */
export class InvoicesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-01', description: 'The first cycle (included).' })
  @IsOptional()
  @Matches(Format.cycle, { message: FormatMessage.cycle })
  from?: string;

  @ApiPropertyOptional({ example: '2025-12', description: 'The last cycle (included).' })
  @IsOptional()
  @Matches(Format.cycle, { message: FormatMessage.cycle })
  to?: string;
}
