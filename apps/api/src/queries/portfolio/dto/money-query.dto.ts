import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../../commands/dto/formats';

/** `?from=YYYY-MM&to=YYYY-MM` (both included, either open) and `?distribuidora=` of the portfolio's money. */
export class MoneyQueryDto {
  @ApiPropertyOptional({ example: '2025-01', description: 'The first month (included).' })
  @IsOptional()
  @Matches(Format.cycle, { message: FormatMessage.cycle })
  from?: string;

  @ApiPropertyOptional({ example: '2025-12', description: 'The last month (included).' })
  @IsOptional()
  @Matches(Format.cycle, { message: FormatMessage.cycle })
  to?: string;

  @ApiPropertyOptional({ example: 'copel', description: 'One distribuidora only (case does not matter).' })
  @IsOptional()
  @Matches(Format.distribuidora, { message: FormatMessage.distribuidora })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  distribuidora?: string;
}
