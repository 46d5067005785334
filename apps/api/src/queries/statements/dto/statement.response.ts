import type { ScceCohort } from '@compensa/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const KWH_BY_POSTO = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { unico: '250.000' },
} as const;

/** One compensation line of a statement, with its invoice label (R17). */
export class StatementLineResponse {
  @ApiProperty({ example: 'unico' })
  posto!: string;

  @ApiProperty({ example: '250.000', description: 'kWh compensated in this posto.' })
  kwh!: string;

  @ApiProperty({ enum: ['own', 'received', 'credit'] })
  source!: string;

  @ApiProperty({ example: '1001' })
  sourceUcId!: string;

  @ApiProperty({ example: 'unico' })
  sourcePosto!: string;

  @ApiProperty({
    example: '250.000',
    description: 'kWh taken from the source (before a conversion between postos, R2).',
  })
  sourceKwh!: string;

  @ApiProperty({ nullable: true, type: String, example: null, description: 'The credit vintage used (credit lines).' })
  vintage!: string | null;

  @ApiProperty({ example: 'GD_II' })
  gdClass!: string;

  @ApiPropertyOptional({
    enum: ['2023-H1'],
    description:
      'R23 (L art. 27 §2): energy of a plant whose connection was requested from 2023-01-08 to 2023-07-07; absent for other energy.',
  })
  cohort?: ScceCohort;

  @ApiProperty({ example: 'R1' })
  rule!: string;

  @ApiProperty({ example: 'ENERGIA INJ. mUC mPT 02/2025 GD II', description: 'The invoice label (R17).' })
  label!: string;
}

/** A UC's statement for one billing cycle. kWh are decimal strings with 3 places. */
export class StatementResponse {
  @ApiProperty({ example: '1001' })
  ucId!: string;

  @ApiProperty({ example: '2025-02' })
  cycle!: string;

  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ example: '2025-02-20' })
  readingDate!: string;

  @ApiProperty(KWH_BY_POSTO)
  consumed!: Record<string, string>;

  @ApiProperty(KWH_BY_POSTO)
  injected!: Record<string, string>;

  @ApiProperty(KWH_BY_POSTO)
  compensated!: Record<string, string>;

  @ApiProperty(KWH_BY_POSTO)
  billed!: Record<string, string>;

  @ApiProperty({ example: '250.000' })
  consumedKwh!: string;

  @ApiProperty({ example: '400.000' })
  injectedKwh!: string;

  @ApiProperty({ example: '0.000' })
  billedKwh!: string;

  @ApiProperty({ example: '250.000' })
  compensatedKwh!: string;

  @ApiProperty({ example: '150.000' })
  excedenteKwh!: string;

  @ApiProperty({ example: '0.000', description: 'Credits that expired with this reading.' })
  expiredKwh!: string;

  @ApiProperty({ nullable: true, type: String, example: '100.000', description: 'R10 minimum (Grupo B).' })
  minimumKwh!: string | null;

  @ApiProperty()
  minimumApplied!: boolean;

  @ApiProperty({ example: 'open-cycle' })
  p12!: string;

  @ApiProperty({ example: ['R1', 'R8'], description: 'Rules applied, in order.' })
  rules!: string[];

  @ApiProperty({ type: () => [StatementLineResponse] })
  lines!: StatementLineResponse[];
}

/** `GET /v1/ucs/{ucId}/statements`: a page of statements, oldest cycle first. */
export class StatementPageResponse {
  @ApiProperty({ type: () => [StatementResponse] })
  items!: StatementResponse[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last.' })
  nextCursor!: string | null;
}
