import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A cycle's bill on one side of a correction. */
export class RebilledBillResponse {
  @ApiProperty({ example: '0.000' }) compensatedKwh!: string;
  @ApiProperty({ example: '1850.000', description: 'kWh billed at full tariff.' }) billedKwh!: string;
  @ApiProperty({ example: '0.000' }) excedenteKwh!: string;
  @ApiProperty({
    example: '2096.18',
    nullable: true,
    type: String,
    description: 'The invoice total (R22–R28); null when a tariff was missing.',
  })
  total!: string | null;
}

/** One re-billed cycle of the correction. */
export class RebilledCycleResponse {
  @ApiProperty({ example: '17002' }) ucId!: string;
  @ApiProperty({ example: '2026-04' }) cycle!: string;
  @ApiProperty({ example: '2026-04-30' }) readingDate!: string;
  @ApiProperty({ type: () => RebilledBillResponse }) before!: RebilledBillResponse;
  @ApiProperty({ type: () => RebilledBillResponse }) after!: RebilledBillResponse;
  @ApiProperty({ example: '-1665.000', description: 'after − before, kWh billed at full tariff.' })
  billedKwhDifference!: string;
  @ApiProperty({
    example: '-1886.56',
    nullable: true,
    type: String,
    description: 'after − before in R$: negative is refunded, positive charged; null without tariffs.',
  })
  difference!: string | null;
  @ApiProperty({ enum: ['refund', 'charge', 'none', 'unpriced'] }) action!: 'refund' | 'charge' | 'none' | 'unpriced';
}

/** The re-billing report of a correction (retificação). */
export class BeneficiaryChangeResponse {
  @ApiProperty({ example: '17004' }) ucId!: string;
  @ApiProperty({ example: '2026-04', description: "The generator's cycle whose allocation changed." })
  sourceCycle!: string;
  @ApiProperty({ example: { before: '962.100', after: '762.100' } }) receivedKwh!: { before: string; after: string };
  @ApiProperty({ example: '-200.000', description: 'after − before (negative: less received).' })
  differenceKwh!: string;
  @ApiProperty({ example: { beforeKwh: '560.934', afterKwh: '360.934' } })
  balance!: { beforeKwh: string; afterKwh: string };
}

/** R18, R19: what a correction changed of the credits held for a titular. */
export class HeldChangeResponse {
  @ApiProperty({ example: '19001', description: 'The UC the credits left.' }) ucId!: string;
  @ApiProperty({ enum: ['R18', 'R19'] }) rule!: 'R18' | 'R19';
  @ApiProperty({ example: '39053344705' }) titularKey!: string;
  @ApiProperty({ example: '2026-05-05', description: 'When the credits left (change of titular or closure).' })
  date!: string;
  @ApiProperty({ example: { before: '1223.617', after: '623.617' } }) heldKwh!: { before: string; after: string };
  @ApiProperty({ example: '-600.000', description: 'after − before (negative: less held).' })
  differenceKwh!: string;
}

/**
 * R20: what a correction changed at a UC that had received held credits from a 30-day move; R19: at a member that had
 * received a closed UC's credits from its distribution.
 */
export class HeldMoveChangeResponse {
  @ApiProperty({ example: '19003', description: 'The UC that received the held credits.' }) ucId!: string;
  @ApiProperty({ example: '19001', description: 'The UC the credits left (R18, R19).' }) fromUcId!: string;
  @ApiPropertyOptional({
    example: '39053344705',
    description: 'The titular the credits were held for (R20); absent for a closure distribution (R19).',
  })
  titularKey?: string;
  @ApiPropertyOptional({
    enum: ['R19'],
    description: "R19: the credits came from a closed UC's distribution among its members (absent: a 30-day move).",
  })
  rule?: 'R19';
  @ApiProperty({ example: { before: '1223.617', after: '623.617' } }) receivedKwh!: { before: string; after: string };
  @ApiProperty({ example: '-600.000', description: 'after − before (negative: less received).' })
  differenceKwh!: string;
  @ApiProperty({ example: { beforeKwh: '823.617', afterKwh: '223.617' } })
  balance!: { beforeKwh: string; afterKwh: string };
}

/** One 30-day decision a re-decided default made (R20): to the same UCs, or (previousToUcIds) to others. */
export class DefaultDecisionResponse {
  @ApiProperty({ example: '2026-06-05' }) date!: string;
  @ApiProperty({ example: '19001' }) fromUcId!: string;
  @ApiProperty({ example: ['19003'], description: 'The UCs the credits go to with the corrected consumption.' })
  toUcIds!: string[];
  @ApiProperty({
    example: ['19002'],
    required: false,
    description:
      'Only when the corrected consumption chose another UC: the UCs it chose before (their received credits are ' +
      'corrected to nothing, those of toUcIds from nothing: both in heldMoves).',
  })
  previousToUcIds?: string[];
}

/** R20: a 30-day default that compared the corrected consumption, re-decided (to the same UC or another). */
export class DefaultRedecidedChangeResponse {
  @ApiProperty({ example: '39053344705' }) titularKey!: string;
  @ApiProperty({ example: '19003' }) comparedUcId!: string;
  @ApiProperty({ example: '2026-04-30' }) readingDate!: string;
  @ApiProperty({ example: { before: '450.000', after: '420.000' } })
  consumptionKwh!: { before: string; after: string };
  @ApiProperty({ type: () => [DefaultDecisionResponse] }) decisions!: DefaultDecisionResponse[];
}

export class CorrectionResponse {
  @ApiProperty({ example: 'retif-17002-2026-04-0ccaaca85d11' }) id!: string;
  @ApiProperty({ example: '17002' }) ucId!: string;
  @ApiProperty({ example: 'uc-light-17002' }) stream!: string;
  @ApiProperty({ example: '2026-04' }) cycle!: string;
  @ApiProperty({ example: '2026-04-30' }) readingDate!: string;
  @ApiProperty({ example: '2026-07-08', description: "The correction's date." }) date!: string;
  @ApiProperty({ example: 'consumo digitado com um zero a mais' }) reason!: string;
  @ApiProperty({ example: 'LIGHT-RET-2026-00174' }) reference!: string;
  @ApiProperty({ example: { unico: { consumed: '1850.000', injected: '0.000' } } })
  previous!: Record<string, { consumed: string; injected: string }>;
  @ApiProperty({ example: { unico: { consumed: '185.000', injected: '0.000' } } })
  corrected!: Record<string, { consumed: string; injected: string }>;
  @ApiProperty({ type: () => [RebilledCycleResponse] }) cycles!: RebilledCycleResponse[];
  @ApiProperty({ example: { beforeKwh: '0.000', afterKwh: '0.000' } })
  balance!: { beforeKwh: string; afterKwh: string };
  @ApiProperty({ example: { before: '0.000', after: '0.000' } }) expiredKwh!: { before: string; after: string };
  @ApiProperty({ example: '-1886.56', description: 'Σ difference: negative is refunded, positive charged.' })
  totalDifference!: string;
  @ApiProperty({
    type: () => [BeneficiaryChangeResponse],
    required: false,
    description: "A generator's correction (R5–R7): each beneficiary whose received excedente changed.",
  })
  beneficiaries?: BeneficiaryChangeResponse[];
  @ApiProperty({
    type: () => [HeldChangeResponse],
    required: false,
    description:
      'R18, R19: the credits that left a UC at a change of titular or a closure whose hold for the titular the ' +
      'correction changed (HeldCreditsCorrected on the titular stream).',
  })
  held?: HeldChangeResponse[];
  @ApiProperty({
    type: () => [HeldMoveChangeResponse],
    required: false,
    description:
      'R20: the UCs a 30-day move (indication, default, new UC) had given those held credits to, whose received ' +
      'credits the correction changed (HeldCreditsReceiptCorrected); their re-billed cycles are in cycles.',
  })
  heldMoves?: HeldMoveChangeResponse[];
  @ApiProperty({
    type: () => [DefaultRedecidedChangeResponse],
    required: false,
    description:
      'R20: the 30-day defaults that compared the corrected consumption, re-decided, to the same UC or to another ' +
      '(ReallocationDefaultRedecided on the titular stream).',
  })
  defaults?: DefaultRedecidedChangeResponse[];
}
