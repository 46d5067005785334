import { ApiProperty } from '@nestjs/swagger';

/** The balance at the end of a business date on which it changed. */
export class BalancePointResponse {
  @ApiProperty({ example: '2025-03-20' })
  date!: string;

  @ApiProperty({ example: '430.000' })
  totalKwh!: string;
}

/** `GET /v1/ucs/{ucId}/balance/history`: a UC's balance over time. */
export class BalanceHistoryResponse {
  @ApiProperty({ example: '1001' })
  ucId!: string;

  @ApiProperty({
    type: () => [BalancePointResponse],
    description: 'Oldest first: the registration date, then each date on which the balance changed.',
  })
  points!: BalancePointResponse[];
}
