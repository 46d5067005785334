import { ApiProperty } from '@nestjs/swagger';
import { ClassShareTotalsResponse, ShareTotalsResponse } from '../../shared/share-totals.response';

/** One month (billing cycle) of the portfolio's compensated energy and its money. */
export class MoneyMonthResponse extends ShareTotalsResponse {
  @ApiProperty({ example: '2025-05' })
  month!: string;

  @ApiProperty({ type: () => [ClassShareTotalsResponse], description: 'Per GD class of the compensated energy.' })
  byClass!: ClassShareTotalsResponse[];
}

/** `GET /v1/portfolio/money-by-month`: the months with compensated energy, oldest first. */
export class MoneyByMonthResponse {
  @ApiProperty({ type: () => [MoneyMonthResponse] })
  months!: MoneyMonthResponse[];
}
