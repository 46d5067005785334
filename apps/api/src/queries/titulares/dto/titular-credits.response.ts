import type { CreditLotView } from '@compensa/domain';
import { ApiProperty } from '@nestjs/swagger';

/** A UC of the titular, in short. */
export class TitularUcResponse {
  @ApiProperty({ example: '1001' })
  ucId!: string;

  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ example: '52998224725', description: "The UC's own titular document (a filial's CNPJ)." })
  document!: string;

  @ApiProperty({ example: 'Ana Souza' })
  name!: string;

  @ApiProperty({ enum: ['active', 'closed'] })
  status!: string;

  @ApiProperty()
  isGenerator!: boolean;

  @ApiProperty()
  isBeneficiary!: boolean;

  @ApiProperty({ example: '430.000', description: "Credits in the UC's balance." })
  creditsKwh!: string;

  @ApiProperty({ nullable: true, type: String, example: '2025-03' })
  lastCycle!: string | null;
}

/** A lot held for the titular (credits that left a UC: change of titular, closure). */
export class HeldLotResponse implements CreditLotView {
  @ApiProperty({ example: '6001', description: 'The UC the credits left.' })
  fromUcId!: string;

  @ApiProperty({ example: '2025-02-20' })
  vintage!: string;

  @ApiProperty({ example: 'unico' })
  posto!: string;

  @ApiProperty({ example: 'GD_II' })
  gdClass!: string;

  @ApiProperty({ example: '6001' })
  sourceUcId!: string;

  @ApiProperty({ example: '400.000' })
  kwh!: string;

  @ApiProperty({ example: '2030-02-20' })
  expiresOn!: string;
}

/** A 30-day reallocation window (R18–R20). */
export class ReallocationWindowResponse {
  @ApiProperty({ example: 'titular-copel-52998224725' })
  stream!: string;

  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ example: '52998224725' })
  titularKey!: string;

  @ApiProperty({ example: '6001' })
  fromUcId!: string;

  @ApiProperty({ example: 'R18' })
  rule!: string;

  @ApiProperty({ example: '2025-04-01', description: 'When the credits left the UC.' })
  date!: string;

  @ApiProperty({ example: '2025-05-01', description: 'Last day to indicate where they go.' })
  deadline!: string;

  @ApiProperty({
    enum: ['open', 'moved', 'held', 'closed'],
    description: 'closed: a retificação found that nothing would have left the UC (closedBy names it).',
  })
  status!: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  defaultedOn!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'The correction (retificação) that closed the window.',
  })
  closedBy!: string | null;
}

/** What is held for the titular in one distribuidora. */
export class TitularHoldingResponse {
  @ApiProperty({ example: 'titular-copel-52998224725' })
  stream!: string;

  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ example: '400.000' })
  heldKwh!: string;

  @ApiProperty({ type: () => [HeldLotResponse] })
  held!: HeldLotResponse[];

  @ApiProperty({ type: () => [ReallocationWindowResponse] })
  windows!: ReallocationWindowResponse[];
}

/** `GET /v1/titulares/{document}/credits`: a titular's UCs, their credits, and the credits held for it. */
export class TitularCreditsResponse {
  @ApiProperty({ example: '52998224725', description: 'The CPF, or the CNPJ root: what "same titular" compares.' })
  titularKey!: string;

  @ApiProperty({ nullable: true, type: String, example: 'Ana Souza' })
  name!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'CPF', enum: ['CPF', 'CNPJ'] })
  kind!: string | null;

  @ApiProperty({ example: 2, description: 'How many UCs the titular has (all pages).' })
  ucCount!: number;

  @ApiProperty({ example: '430.000', description: 'Credits in the balances of all its UCs.' })
  creditsKwh!: string;

  @ApiProperty({ example: '0.000', description: 'Credits held for it outside any UC.' })
  heldKwh!: string;

  @ApiProperty({ type: () => [TitularUcResponse], description: 'A page of its UCs (`cursor`, `limit`).' })
  items!: TitularUcResponse[];

  @ApiProperty({ nullable: true, type: String, description: 'Cursor of the next page of UCs; null on the last.' })
  nextCursor!: string | null;

  @ApiProperty({ type: () => [TitularHoldingResponse] })
  holdings!: TitularHoldingResponse[];
}
