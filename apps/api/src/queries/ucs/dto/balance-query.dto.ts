import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Format, FormatMessage } from '../../../commands/dto/formats';

/** `?asOf=YYYY-MM-DD` of the balance query. */
export class BalanceQueryDto {
  @ApiPropertyOptional({ example: '2025-03-31', description: 'The balance at the end of this day; absent: now.' })
  @IsOptional()
  @Matches(Format.date, { message: FormatMessage.date })
  asOf?: string;
}
