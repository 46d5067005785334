import { ApiProperty } from '@nestjs/swagger';

/** One distribuidora's portfolio. */
export class DistribuidoraPortfolioResponse {
  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ example: 78 })
  ucs!: number;

  @ApiProperty({ example: 76 })
  activeUcs!: number;

  @ApiProperty({ example: 9 })
  generators!: number;

  @ApiProperty({ example: 60, description: 'UCs that received excedente from a generator at least once.' })
  beneficiaries!: number;

  @ApiProperty({ example: '12345.678' })
  creditsOutstandingKwh!: string;

  @ApiProperty({ example: '150.000', description: 'Credits whose expiry date is within 90 days of today.' })
  expiringWithin90DaysKwh!: string;
}

/** Every distribuidora summed, with what waits for titulares. */
export class PortfolioTotalsResponse {
  @ApiProperty({ example: 78 })
  ucs!: number;

  @ApiProperty({ example: 76 })
  activeUcs!: number;

  @ApiProperty({ example: 9 })
  generators!: number;

  @ApiProperty({ example: 60 })
  beneficiaries!: number;

  @ApiProperty({ example: '12345.678' })
  creditsOutstandingKwh!: string;

  @ApiProperty({ example: '150.000' })
  expiringWithin90DaysKwh!: string;

  @ApiProperty({ example: '400.000', description: 'Credits held for titulares outside any UC (R18–R20).' })
  heldForTitularesKwh!: string;

  @ApiProperty({ example: 1, description: '30-day windows still open.' })
  pendingReallocations!: number;
}

/** `GET /v1/portfolio`. */
export class PortfolioResponse {
  @ApiProperty({ example: '2025-04-10', description: "The platform's today (the 90 days count from it)." })
  today!: string;

  @ApiProperty({ type: () => PortfolioTotalsResponse })
  totals!: PortfolioTotalsResponse;

  @ApiProperty({ type: () => [DistribuidoraPortfolioResponse] })
  distribuidoras!: DistribuidoraPortfolioResponse[];
}
