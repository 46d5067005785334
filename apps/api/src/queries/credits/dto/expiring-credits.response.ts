import { ApiProperty } from '@nestjs/swagger';

/** What one UC has expiring in one month. */
export class ExpiringCreditResponse {
  @ApiProperty({ example: '5001' })
  ucId!: string;

  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ example: '2025-03', description: 'Month of the expiry dates.' })
  month!: string;

  @ApiProperty({ example: '150.000' })
  kwh!: string;

  @ApiProperty({ example: '2025-03-31', description: 'The earliest expiry date among those lots.' })
  firstExpiresOn!: string;
}

/** `GET /v1/credits/expiring`: by month then UC. */
export class ExpiringCreditsResponse {
  @ApiProperty({ example: '2025-01-10', description: "The platform's today." })
  today!: string;

  @ApiProperty({ example: 90 })
  withinDays!: number;

  @ApiProperty({
    example: '2025-04-10',
    description: 'Credits expiring on or before this date are listed (and any past expiry not yet swept).',
  })
  until!: string;

  @ApiProperty({ type: () => [ExpiringCreditResponse] })
  items!: ExpiringCreditResponse[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
