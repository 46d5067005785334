import { ApiProperty } from '@nestjs/swagger';

/**
 * Compensated energy and its money, summed from invoice_shares: each invoice's compensada and SCEE lines split by
 * the source UC of their kWh, its savings by each share's net reduction of the bill, exactly in centavos.
 */
export class ShareTotalsResponse {
  @ApiProperty({ example: '1200.000', description: 'kWh compensated.' })
  kwh!: string;

  @ApiProperty({
    example: '0.000',
    description: 'Of `kwh`, those whose invoice has no tariff in R$ yet: in none of the amounts.',
  })
  unpricedKwh!: string;

  @ApiProperty({ example: '994.06', description: 'R$ the compensated kWh took off the bills (positive).' })
  compensated!: string;

  @ApiProperty({ example: '149.31', description: 'R23: the SCEE charge (Fio B) paid on them.' })
  scceCharge!: string;

  @ApiProperty({ example: '1013.44', description: 'R28: their part of the savings against the bills without SCEE.' })
  savings!: string;
}

/** Totals of one GD class. */
export class ClassShareTotalsResponse extends ShareTotalsResponse {
  @ApiProperty({ enum: ['GD_I', 'GD_II', 'GD_III'] })
  gdClass!: string;
}
