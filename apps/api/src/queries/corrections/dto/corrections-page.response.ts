import { ApiProperty } from '@nestjs/swagger';

/** One retificação of the list, with its re-billing totals (its whole report: `GET /v1/corrections/{id}`). */
export class CorrectionListItemResponse {
  @ApiProperty({ example: 'retif-17002-2026-04-0ccaaca85d11' }) id!: string;
  @ApiProperty({ example: '17002' }) ucId!: string;
  @ApiProperty({ example: 'light' }) distribuidora!: string;
  @ApiProperty({ example: '2026-04', description: 'The corrected cycle.' }) cycle!: string;
  @ApiProperty({ example: '2026-04-30' }) readingDate!: string;
  @ApiProperty({ example: '2026-07-08', description: "The correction's date." }) date!: string;
  @ApiProperty({ example: 'consumo digitado com um zero a mais' }) reason!: string;
  @ApiProperty({ example: 'LIGHT-RET-2026-00174' }) reference!: string;
  @ApiProperty({ example: 1, description: 'The UCs with a cycle re-billed (this one and any other it reached).' })
  rebilledUcs!: number;
  @ApiProperty({ example: 1, description: 'The cycles re-billed, of every UC.' })
  rebilledCycles!: number;
  @ApiProperty({ example: 0, description: 'Re-billed cycles with no R$ (a tariff was missing): kWh only.' })
  unpricedCycles!: number;
  @ApiProperty({
    example: '-1886.56',
    description: 'Σ difference over the priced cycles: negative is refunded, positive charged.',
  })
  totalDifference!: string;
}

/** `GET /v1/corrections`: a page of retificações, newest first. */
export class CorrectionsPageResponse {
  @ApiProperty({ type: () => [CorrectionListItemResponse] }) items!: CorrectionListItemResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Absent (null) on the last page.' })
  nextCursor!: string | null;
}
