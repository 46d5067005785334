import { ApiProperty } from '@nestjs/swagger';

/** Credits outstanding at the end of a month. */
export class CreditsMonthResponse {
  @ApiProperty({ example: '2025-03' })
  month!: string;

  @ApiProperty({ example: '12345.678', description: 'In the balances of UCs.' })
  creditsKwh!: string;

  @ApiProperty({ example: '0.000', description: 'Held for titulares outside any UC.' })
  heldKwh!: string;
}

/** `GET /v1/portfolio/credits-history`: month by month, from the first event's month to today's. */
export class CreditsHistoryResponse {
  @ApiProperty({ example: '2025-04-10' })
  today!: string;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 1234,
    description: 'Log position the read models stood at (the lower checkpoint of uc_balance and titular_holdings).',
  })
  position!: number | null;

  @ApiProperty({ type: () => [CreditsMonthResponse] })
  points!: CreditsMonthResponse[];
}
