import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const MONEY = {
  type: String,
  nullable: true,
  description: 'R$ with 2 places; null while a price is missing.',
} as const;

/** One line of an invoice (R17 labels; R28: each amount rounded once). */
export class InvoiceLineResponse {
  @ApiProperty({
    enum: [
      'consumo',
      'custo_disponibilidade',
      'ajuste_custo_disponibilidade',
      'compensada',
      'scee',
      'bandeira',
      'icms',
      'pis',
      'cofins',
    ],
  })
  code!: string;

  @ApiProperty({ example: 'Energia compensada GD II', description: "The utilities' label (R17)." })
  label!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'unico',
    enum: ['unico', 'ponta', 'intermediario', 'fora_ponta', 'reservado'],
  })
  posto!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'GD II', enum: ['GD I', 'GD II', 'GD III'] })
  gdClass!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '300.000',
    description: 'kWh with 3 places; null on tax lines.',
  })
  kwh!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '0.82838000', description: 'R$/kWh with 8 places.' })
  unitPrice!: string | null;

  @ApiProperty({ ...MONEY, example: '-248.51' })
  amount!: string | null;
}

/** The prices a posto was billed at (R22, R23). */
export class InvoiceTariffResponse {
  @ApiProperty({ example: '0.82838000', description: 'T = TE + TUSD, day-weighted over the cycle (R22).' })
  T!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'GD I': '0.00000000', 'GD II': '0.12442500' },
  })
  f!: Readonly<Partial<Record<string, string>>>;
}

/** R27. */
export class InvoiceTaxesResponse {
  @ApiProperty({ example: '21.03' })
  icms!: string;

  @ApiProperty({ example: '1.22' })
  pis!: string;

  @ApiProperty({ example: '5.61' })
  cofins!: string;
}

/** Retificação: the correction that last re-billed a cycle, the total of the invoice it replaced, the first one's. */
export class InvoiceRebilledResponse {
  @ApiProperty({ example: 'retif-21001-2026-03-3a79e552c77e', description: 'GET /v1/corrections/{id} has its report.' })
  correctionId!: string;

  @ApiProperty({ example: '2026-06-05', description: "The correction's date." })
  date!: string;

  @ApiProperty({ ...MONEY, example: '90.48', description: 'The total of the invoice this one replaced.' })
  previousTotal!: string | null;

  @ApiProperty({
    ...MONEY,
    example: '90.48',
    description: 'The total of the invoice as first issued (equal to previousTotal when re-billed once).',
  })
  issuedTotal!: string | null;

  @ApiProperty({ example: 1, minimum: 1, description: 'How many corrections re-billed the cycle.' })
  times!: number;
}

/** The invoice of a UC's cycle (R22–R28), derived from the cycle's recorded compensation alone. */
export class InvoiceResponse {
  @ApiProperty({ example: '9001' })
  ucId!: string;

  @ApiProperty({ example: '2025-05' })
  cycle!: string;

  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ example: '2025-05-12' })
  readingDate!: string;

  @ApiProperty({
    enum: ['priced', 'tariff-missing'],
    description: '`tariff-missing`: every R$ figure is null; `notes` say what is missing.',
  })
  status!: string;

  @ApiProperty({ enum: ['A', 'B'] })
  group!: string;

  @ApiProperty({ type: () => [InvoiceLineResponse] })
  lines!: readonly InvoiceLineResponse[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/InvoiceTariffResponse' },
    description: 'Per posto.',
  })
  tariff!: Readonly<Partial<Record<string, InvoiceTariffResponse>>>;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '100.000',
    description: 'R10/R24: P kWh; null for Grupo A and short cycles.',
  })
  minimumKwh!: string | null;

  @ApiProperty({ ...MONEY, example: '82.84', description: 'R24: CD = P × T.' })
  minimumAmount!: string | null;

  @ApiProperty({ description: 'R24: CD was greater than the billing (an "Ajuste custo de disponibilidade" line).' })
  minimumBinding!: boolean;

  @ApiProperty({ ...MONEY, example: '82.84', description: 'R24/R25, untaxed, before bandeira.' })
  energyParcel!: string | null;

  @ApiProperty({ ...MONEY, example: '43.55', description: 'R23.' })
  scceCharge!: string | null;

  @ApiProperty({ ...MONEY, example: '1.52', description: 'R26.' })
  bandeira!: string | null;

  @ApiPropertyOptional({ type: () => InvoiceTaxesResponse, nullable: true })
  taxes!: InvoiceTaxesResponse | null;

  @ApiProperty({ ...MONEY, example: '110.70', description: 'R28: the sum of the rounded lines.' })
  total!: string | null;

  @ApiProperty({ ...MONEY, example: '332.10', description: 'R28: the same cycle without the SCEE.' })
  withoutScee!: string | null;

  @ApiProperty({ ...MONEY, example: '221.40', description: 'R28: withoutScee − total.' })
  savings!: string | null;

  @ApiProperty({ type: [String], description: 'pt-BR notes: what is outside the invoice, what is missing.' })
  notes!: readonly string[];

  @ApiProperty({
    type: () => InvoiceRebilledResponse,
    nullable: true,
    description: "Retificação: the correction that re-billed this cycle; null for the reading's own invoice.",
  })
  rebilled!: InvoiceRebilledResponse | null;
}

/** `GET /v1/ucs/{ucId}/invoices`: a page of invoices, oldest cycle first. */
export class InvoicePageResponse {
  @ApiProperty({ type: () => [InvoiceResponse] })
  items!: InvoiceResponse[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor!: string | null;
}
