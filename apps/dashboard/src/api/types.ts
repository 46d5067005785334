/**
 * The query API's answers, as the dashboard reads them (the API's OpenAPI document at /docs is the reference). Where
 * the API answers with a read model's view as it is, the type is the projections' own: type-only, so nothing of the
 * server reaches the bundle.
 */
import type { CorrectionTotals } from '@compensa/application';
import type {
  CorrectionListItem,
  ExpiringMonthView,
  GeneratorScceYearView,
  Page,
  PortfolioMoneyMonthView,
  PortfolioTotalsView,
  PortfolioView,
  TitularHoldingView,
  TitularUcView,
  WindowView,
} from '@compensa/projections';

export type {
  /** GET /v1/corrections/{id}: a retificação's re-billing report. */
  CorrectionReport,
  /** What a retificação re-billed, counted (GET /v1/corrections items). */
  CorrectionTotals,
  /** A cycle a retificação re-billed: before, after, and what to refund or charge. */
  RebilledCycle,
} from '@compensa/application';

export type {
  Page,
  /** GET /v1/ucs/{ucId}/invoices item (and /invoices/{cycle}). */
  InvoiceView,
  /** GET /v1/ucs/{ucId}. */
  UcView as Uc,
  /** One cycle's statement. */
  StatementView as Statement,
  /** A UC of a titular. */
  TitularUcView as TitularUc,
  /** One cycle of a generator's flows. */
  GeneratorFlowView as GeneratorFlow,
} from '@compensa/projections';

/** GET /v1/corrections item: a retificação, where, when and why, and what it re-billed. */
export type CorrectionListEntry = CorrectionListItem & CorrectionTotals;

/** GET /v1/ucs/{ucId}/balance/history. */
export interface BalanceHistory {
  ucId: string;
  points: { date: string; totalKwh: string }[];
}

/** GET /v1/reallocations/pending item: a 30-day window. */
export interface PendingReallocation extends WindowView {
  daysLeft: number;
  heldKwh: string;
  titularName: string | null;
}

/** GET /v1/titulares/{document}/credits. */
export interface TitularCredits extends Page<TitularUcView> {
  titularKey: string;
  name: string | null;
  kind: string | null;
  ucCount: number;
  creditsKwh: string;
  heldKwh: string;
  holdings: Omit<TitularHoldingView, 'titular'>[];
}

/** GET /v1/portfolio. */
export interface Portfolio {
  today: string;
  totals: PortfolioTotalsView;
  distribuidoras: PortfolioView[];
}

/** GET /v1/portfolio/expiring-by-month. */
export interface ExpiringByMonth {
  today: string;
  months: ExpiringMonthView[];
}

/** GET /v1/generators/{ucId}/scce-charges: the SCEE charge on a generator's energy, by year (R23). */
export interface GeneratorScce {
  ucId: string;
  years: GeneratorScceYearView[];
}

/** GET /v1/portfolio/money-by-month: savings and SCEE charge per month and GD class (R23, R28). */
export interface MoneyByMonth {
  months: PortfolioMoneyMonthView[];
}

/** GET /v1/portfolio/credits-history. */
export interface CreditsHistory {
  today: string;
  points: { month: string; creditsKwh: string; heldKwh: string }[];
}

/** What the dashboard reads of the public `/health`: the events the process managers parked (a decider refused them). */
export interface HealthSummary {
  status: string;
  details?: { processManagers?: { parked?: number } };
}

/** An import's counts so far (running) or at its end. */
export interface ImportProgress {
  readings: number;
  rows: number;
  accepted: number;
  duplicates: number;
  refused: number;
  /** Refusals by rule id ("R15"), or by HTTP status ("404") for a refusal with no rule. */
  refusedBy: Record<string, number>;
  seconds: number;
  readingsPerSecond: number;
}

/** A refused line of an import (GET /v1/imports/{id}'s `errors`, the error file's columns). */
export interface ImportRefusal {
  line: number;
  ucId: string;
  cycle: string;
  status: number;
  rule: string | null;
  detail: string;
}

/** An HTTP import job as GET /v1/imports lists it (POST /v1/imports/readings answers one). */
export interface ImportJob {
  id: string;
  format: 'csv' | 'jsonl';
  status: 'running' | 'done' | 'failed';
  receivedBytes: number;
  readBytes: number;
  etaSeconds: number | null;
  startedAt: string;
  finishedAt: string | null;
  progress: ImportProgress;
  failure: string | null;
  /**
   * A running job its API instance has not written for a while: since when (null: let go at a shutdown), and by
   * when it goes on.
   */
  stalled: { lastSignalAt: string | null; resumeBy: string } | null;
}
