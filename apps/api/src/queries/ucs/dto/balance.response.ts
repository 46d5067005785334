import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreditVintageResponse } from './credit-vintage.response';

/** `GET /v1/ucs/{ucId}/balance`: a UC's balance now (read model) or at the end of a date (replay). */
export class BalanceResponse {
  @ApiProperty({ example: '1001' })
  ucId!: string;

  @ApiProperty({ example: '2025-03-31', description: 'The date the balance is at the end of (today when not asked).' })
  asOf!: string;

  @ApiProperty({
    enum: ['read-model', 'replay'],
    description: '`read-model` for the current balance; `replay` for a past date (the UC stream folded by the domain).',
  })
  source!: 'read-model' | 'replay';

  @ApiPropertyOptional({ example: 12, description: 'Events of the UC stream folded (replay only).' })
  events?: number;

  @ApiProperty({ example: '430.000' })
  totalKwh!: string;

  @ApiProperty({ type: () => [CreditVintageResponse] })
  vintages!: CreditVintageResponse[];
}
