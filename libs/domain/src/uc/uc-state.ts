import type { Rateio } from '../allocation/rateio';
import type { Modalidade, Source, SurplusBase, Tranche } from '../classification/generation';
import type { Connection } from '../compensation/custo-disponibilidade';
import type { CreditLot, ReceivedLot } from '../compensation/lots';
import type { BusinessDate } from '../values/business-date';
import type { Kwh } from '../values/kwh';
import type { Posto } from '../values/posto';
import type { Subgrupo } from '../values/subgrupo';
import type { TitularJson } from './uc-events';

/** A UC's generation (R15, R16, R21). */
export interface GenerationState {
  readonly source: Source;
  readonly dispatchable: boolean;
  readonly modalidade: Modalidade;
  readonly surplusBase: SurplusBase;
  readonly connectedAt: BusinessDate;
  readonly tranches: readonly Tranche[];
}

/** A UC as its stream says it is now. */
export interface UcState {
  readonly status: 'unregistered' | 'active' | 'closed';
  readonly ucId: string;
  readonly distribuidora: string;
  readonly titular: TitularJson | null;
  readonly group: 'A' | 'B';
  readonly connection: Connection | null;
  readonly postos: readonly Posto[];
  readonly billedAsGroupB: boolean;
  /** R22: the tariff subgrupo. */
  readonly subgrupo: Subgrupo;
  /** R10 / R24: residential baixa renda. */
  readonly baixaRenda: boolean;
  readonly registeredAt: BusinessDate | null;
  readonly generation: GenerationState | null;
  readonly members: readonly string[];
  /** The rateio applied to this cycle's excedente (R7). */
  readonly rateio: Rateio | null;
  /** R7: the request date of the rateio in force (several requests for a cycle: the latest wins). */
  readonly rateioRequestedAt?: BusinessDate | null;
  /** Rateios requested and not yet in force (R7: from the cycle after the first reading on or after the request). */
  readonly pendingRateios: readonly { requestedAt: BusinessDate; rateio: Rateio }[];
  readonly credits: readonly CreditLot[];
  readonly received: readonly ReceivedLot[];
  readonly lastReading: { cycle: string; readingDate: BusinessDate; consumed: Kwh } | null;
  readonly closureRequests: readonly { requestedAt: BusinessDate; shares: { ucId: string; percent: string }[] }[];
  /** Source events already delivered here (ExcedenteReceived, HeldCreditsReceived): a redelivery is a no-op. */
  readonly deliveries: readonly string[];
  /** Corrections already applied (ReadingCorrected): the same correction again is a no-op. */
  readonly corrections: readonly string[];
}

/** The state of a UC stream with no events. */
export const initialUcState: UcState = {
  status: 'unregistered',
  ucId: '',
  distribuidora: '',
  titular: null,
  group: 'B',
  connection: null,
  postos: [],
  billedAsGroupB: false,
  subgrupo: 'B1',
  baixaRenda: false,
  registeredAt: null,
  generation: null,
  members: [],
  rateio: null,
  pendingRateios: [],
  credits: [],
  received: [],
  lastReading: null,
  closureRequests: [],
  deliveries: [],
  corrections: [],
};
