import { ApiProperty } from '@nestjs/swagger';
import { CreditVintageResponse } from './credit-vintage.response';

/** A titular as the read models show it. */
export class TitularResponse {
  @ApiProperty({ example: '52998224725' })
  document!: string;

  @ApiProperty({ example: 'Ana Souza' })
  name!: string;

  @ApiProperty({ enum: ['CPF', 'CNPJ'] })
  kind!: string;

  @ApiProperty({ example: '52998224725', description: 'The CPF, or the CNPJ root (8 characters).' })
  key!: string;
}

/** A UC's current credit balance. */
export class UcBalanceResponse {
  @ApiProperty({ example: '430.000' })
  totalKwh!: string;

  @ApiProperty({ type: () => [CreditVintageResponse], description: 'By vintage, then posto.' })
  vintages!: CreditVintageResponse[];
}

/** `GET /v1/ucs/{ucId}`: a UC's state and current balance. */
export class UcResponse {
  @ApiProperty({ example: '1001' })
  ucId!: string;

  @ApiProperty({ example: 'uc-copel-1001' })
  stream!: string;

  @ApiProperty({ example: 'copel' })
  distribuidora!: string;

  @ApiProperty({ type: () => TitularResponse })
  titular!: TitularResponse;

  @ApiProperty({ enum: ['active', 'closed'] })
  status!: 'active' | 'closed';

  @ApiProperty({ enum: ['A', 'B'] })
  group!: 'A' | 'B';

  @ApiProperty({ example: ['unico'] })
  postos!: string[];

  @ApiProperty()
  billedAsGroupB!: boolean;

  @ApiProperty({ example: '2025-01-02' })
  registeredAt!: string;

  @ApiProperty()
  isGenerator!: boolean;

  @ApiProperty({ nullable: true, type: String, example: 'autoconsumo_remoto' })
  modalidade!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'excedente' })
  surplusBase!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '8.200', description: 'Installed power (kW) of a generator.' })
  installedKw!: string | null;

  @ApiProperty({ description: 'Received excedente from a generator at least once.' })
  isBeneficiary!: boolean;

  @ApiProperty({ nullable: true, type: String, example: '2025-03' })
  lastCycle!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2025-03-20' })
  lastReadingDate!: string | null;

  @ApiProperty({ type: () => UcBalanceResponse })
  balance!: UcBalanceResponse;
}
