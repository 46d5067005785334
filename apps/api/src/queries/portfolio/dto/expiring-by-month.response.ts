import { ApiProperty } from '@nestjs/swagger';

/** kWh expiring in one month. */
export class MonthKwhResponse {
  @ApiProperty({ example: '2025-05' })
  month!: string;

  @ApiProperty({ example: '150.000' })
  kwh!: string;
}

/** `GET /v1/portfolio/expiring-by-month`: this month and the next ones, zeros included. */
export class ExpiringByMonthResponse {
  @ApiProperty({ example: '2025-04-10' })
  today!: string;

  @ApiProperty({
    type: () => [MonthKwhResponse],
    description: "From today's month (which also counts lots past expiry not yet swept), one entry per month.",
  })
  months!: MonthKwhResponse[];
}
