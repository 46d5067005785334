/** The query API's answers, as the dashboard reads them (the API's OpenAPI document at /docs is the reference). */

/** A list page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A credit lot. */
export interface CreditVintage {
  vintage: string;
  posto: string;
  gdClass: string;
  sourceUcId: string;
  kwh: string;
  expiresOn: string;
}

/** GET /v1/ucs/{ucId}. */
export interface Uc {
  ucId: string;
  distribuidora: string;
  titular: { document: string; name: string; kind: string; key: string };
  status: 'active' | 'closed';
  group: 'A' | 'B';
  postos: string[];
  registeredAt: string;
  isGenerator: boolean;
  modalidade: string | null;
  installedKw: string | null;
  isBeneficiary: boolean;
  lastCycle: string | null;
  balance: { totalKwh: string; vintages: CreditVintage[] };
}

/** A compensation line with its invoice label. */
export interface StatementLine {
  posto: string;
  kwh: string;
  source: 'own' | 'received' | 'credit';
  sourceUcId: string;
  sourcePosto: string;
  sourceKwh: string;
  vintage: string | null;
  gdClass: string;
  rule: string;
  label: string;
}

/** One cycle's statement. */
export interface Statement {
  ucId: string;
  cycle: string;
  readingDate: string;
  consumedKwh: string;
  injectedKwh: string;
  compensatedKwh: string;
  billedKwh: string;
  excedenteKwh: string;
  expiredKwh: string;
  minimumKwh: string | null;
  minimumApplied: boolean;
  lines: StatementLine[];
}

/** GET /v1/ucs/{ucId}/balance/history. */
export interface BalanceHistory {
  ucId: string;
  points: { date: string; totalKwh: string }[];
}

/** A 30-day window. */
export interface ReallocationWindow {
  stream: string;
  distribuidora: string;
  titularKey: string;
  fromUcId: string;
  rule: string;
  date: string;
  deadline: string;
  status: 'open' | 'moved' | 'held';
  defaultedOn: string | null;
}

/** GET /v1/reallocations/pending item. */
export interface PendingReallocation extends ReallocationWindow {
  daysLeft: number;
  heldKwh: string;
  titularName: string | null;
}

/** GET /v1/titulares/{document}/credits. */
export interface TitularCredits extends Page<TitularUc> {
  titularKey: string;
  name: string | null;
  kind: string | null;
  ucCount: number;
  creditsKwh: string;
  heldKwh: string;
  holdings: {
    stream: string;
    distribuidora: string;
    heldKwh: string;
    held: {
      fromUcId: string;
      vintage: string;
      posto: string;
      gdClass: string;
      sourceUcId: string;
      kwh: string;
      expiresOn: string;
    }[];
    windows: ReallocationWindow[];
  }[];
}

/** A UC of a titular. */
export interface TitularUc {
  ucId: string;
  distribuidora: string;
  document: string;
  name: string;
  status: string;
  isGenerator: boolean;
  isBeneficiary: boolean;
  creditsKwh: string;
  lastCycle: string | null;
}

/** One cycle of a generator's flows. */
export interface GeneratorFlow {
  ucId: string;
  cycle: string;
  readingDate: string;
  rateioMode: string | null;
  excedenteKwh: string;
  allocatedKwh: string;
  retainedKwh: string;
  byTarget: { ucId: string; kwh: string }[];
}

/** GET /v1/portfolio. */
export interface Portfolio {
  today: string;
  totals: {
    ucs: number;
    activeUcs: number;
    generators: number;
    beneficiaries: number;
    creditsOutstandingKwh: string;
    expiringWithin90DaysKwh: string;
    heldForTitularesKwh: string;
    pendingReallocations: number;
  };
  distribuidoras: { distribuidora: string; ucs: number; creditsOutstandingKwh: string }[];
}

/** GET /v1/portfolio/expiring-by-month. */
export interface ExpiringByMonth {
  today: string;
  months: { month: string; kwh: string }[];
}

/** GET /v1/portfolio/credits-history. */
export interface CreditsHistory {
  today: string;
  points: { month: string; creditsKwh: string; heldKwh: string }[];
}
