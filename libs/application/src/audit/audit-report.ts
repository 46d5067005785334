import type { CreditLotView } from '@compensa/domain';
import type { OpeningBalances } from './opening-balances';
import type { LogIntegrity } from '../integrity/log-integrity';
import type { Conservation } from './conservation';
import type { InTransit } from './parked-in-transit';
import type { AuditSelection } from './audit-selection';

/** Which check found a mismatch. */
export type AuditCheck = 'checkpoint' | 'hash-chain' | 'decision' | 'recorded-input' | 'read-model' | 'conservation';

/** One disagreement: where (stream, revision) and both values. */
export interface Mismatch {
  check: AuditCheck;
  stream: string;
  /** The revision of the recorded event that disagrees (the first of its command for a missing event). */
  revision: number;
  eventType: string | null;
  /** JSON path inside the event's data, when the disagreement is one value. */
  path: string | null;
  /** What the rules (or the chain, or the source stream) say. */
  expected: unknown;
  /** What the store holds. */
  recorded: unknown;
  detail: string;
}

/** A check that could only partly re-derive a decision: what was missing from the recorded inputs. */
export interface PartialCheck {
  stream: string;
  revision: number;
  eventType: string;
  missing: string;
}

/**
 * How a recorded event fared in check (b): `verified` (the rules computed it again, equal), `recorded` (an input the
 * rules only copy: a reading, a registration, energy received; see recorded-inputs.ts), `partial`, `mismatch`, or
 * `not-checked` (its command cannot be rebuilt from what is recorded: the audit then does not pass).
 */
export type DecisionStatus = 'verified' | 'recorded' | 'partial' | 'mismatch' | 'not-checked';

/** One event of the trail, in global order. */
export interface TrailEvent {
  position: number;
  stream: string;
  revision: number;
  type: string;
  businessDate: string;
  /** How the business date was found: a field of the data, the causing event, or the day it was recorded. */
  dateSource: 'data' | 'cause' | 'recordedAt';
  decision: DecisionStatus;
}

/** A credit lot of a balance (the one lot view type). */
export type BalanceLot = CreditLotView;

/**
 * A lot of a UC's balance in the trail (after each cycle, and at the end): a class of its own so that the JSON
 * report prints it by its own printer (`trailLotText` in audit-json.ts), not by walking it; a 1M-event log's report
 * prints millions. Its fields in sorted order, as a plain `BalanceLot` prints.
 */
export class TrailLot implements BalanceLot {
  constructor(
    readonly expiresOn: string,
    readonly gdClass: string,
    readonly kwh: string,
    readonly posto: string,
    readonly sourceUcId: string,
    readonly vintage: string,
  ) {}
}

/** A compensation line (R17), as recorded and re-derived. */
export interface TrailLine {
  posto: string;
  kwh: string;
  source: string;
  sourceUcId: string;
  sourcePosto: string;
  sourceKwh: string;
  vintage: string | null;
  gdClass: string;
  rule: string;
  label: string;
}

/** One reading of a UC: rules, lines, allocation and the balance by vintage afterwards. */
export interface TrailCycle {
  stream: string;
  revision: number;
  cycle: string;
  readingDate: string;
  rules: string[];
  consumed: Record<string, string>;
  injected: Record<string, string>;
  compensated: Record<string, string>;
  billed: Record<string, string>;
  compensatedKwh: string;
  minimumApplied: boolean;
  lines: TrailLine[];
  excedenteKwh: string;
  allocations: { ucId: string; posto: string; gdClass: string; kwh: string }[];
  retained: { posto: string; gdClass: string; kwh: string }[];
  expiredKwh: string;
  balanceAfter: { totalKwh: string; lots: BalanceLot[] };
  /** R22–R28: the cycle's invoice re-derived from the event (`invoiceOfCycle`); null before money was recorded. */
  invoice: TrailInvoice | null;
  /** Retificação: the correction whose CycleRecompensated is the cycle's bill in force (null: the reading's own). */
  rebilled: { correctionId: string; date: string } | null;
  decision: DecisionStatus;
}

/** R24–R28: the figures of a cycle's invoice the audit shows (R$, 2 places; null when a tariff is missing). */
export interface TrailInvoice {
  status: 'priced' | 'tariff-missing';
  energyParcel: string | null;
  total: string | null;
}

/** A UC as of the audit's date or position. */
export interface TrailUc {
  stream: string;
  ucId: string;
  distribuidora: string;
  titular: { document: string; name: string; key: string } | null;
  status: string;
  group: string;
  postos: string[];
  cycles: TrailCycle[];
  balance: { totalKwh: string; lots: BalanceLot[] };
  /** Received excedente not used yet (not a credit: no vintage). */
  receivedPendingKwh: string;
}

/**
 * A 30-day move (R19, R20) or a kept hold: the inputs compared and the outcome. A retificação's changes to them are
 * listed with them: `HeldCreditsCorrected` (its inputs name the correction and the kWh held before and after, its
 * outcome what each 30-day move it corrected now gives) and `ReallocationDefaultRedecided`, a row per default that
 * compared the corrected consumption (the consumption before and after, the UCs chosen before; the outcome: what
 * each delivery it changed now gives, none when the default chose the same UCs).
 */
export interface TrailMove {
  stream: string;
  revision: number;
  type:
    | 'CreditsReallocated'
    | 'HeldCreditsReallocated'
    | 'HeldCreditsKept'
    | 'HeldCreditsCorrected'
    | 'ReallocationDefaultRedecided';
  rule: string;
  reason: string;
  date: string;
  fromUcId: string;
  inputs: unknown;
  outcome: { ucId: string; kwh: string; lots: BalanceLot[] }[];
  decision: DecisionStatus;
}

/** Credits held for a titular as of the audit. */
export interface TrailTitular {
  stream: string;
  distribuidora: string;
  key: string;
  held: (BalanceLot & { fromUcId: string })[];
  heldKwh: string;
  windows: { fromUcId: string; rule: string; date: string; deadline: string; status: string }[];
}

/** Pass/fail counts of one check. */
export interface CheckCount {
  passed: number;
  failed: number;
}

/** The audit: what was read, the trail, and the verification. Deterministic for a given store and options. */
export interface AuditReport {
  format: 'compensa-audit/1';
  selection: AuditSelection;
  asOf: string | null;
  position: number | null;
  summary: {
    streams: number;
    eventsRead: number;
    eventsReplayed: number;
    checks: {
      /** Check 0: the log against its signed checkpoints (whole-log audits only; see `logIntegrity`). */
      checkpoints: CheckCount & { ran: boolean };
      hashChain: CheckCount;
      /** `passed`: decisions computed again and equal; `recorded`: inputs only copied; `notChecked`: fails the audit. */
      decisions: CheckCount & { partial: number; recorded: number; notChecked: number };
      recordedInputs: CheckCount;
      readModels: CheckCount & { ran: boolean };
      /** Check 4: Q3 across streams (whole-log audits only; see `conservation`). */
      conservation: CheckCount & { ran: boolean };
    };
    mismatches: number;
    passed: boolean;
  };
  streams: {
    stream: string;
    kind: 'uc' | 'titular' | 'tariff' | 'national';
    events: number;
    replayed: number;
    chain: 'ok' | 'broken' | 'missing';
  }[];
  events: TrailEvent[];
  ucs: TrailUc[];
  moves: TrailMove[];
  titulares: TrailTitular[];
  mismatches: Mismatch[];
  partialChecks: PartialCheck[];
  /** Parked deliveries (a decider refused them): kWh that left their source and did not reach their target. */
  inTransit: InTransit;
  /** Check 0 in full: the trusted key, the checkpoints and what no longer matches; null for a UC or titular audit. */
  logIntegrity: LogIntegrity | null;
  /** Check 4 in full: every kWh that crossed streams followed, and each distribuidora's totals; null for a UC or titular audit. */
  conservation: Conservation | null;
  /** Migration: the opening balances imported from the legacy system (recorded inputs), per file, with totals. */
  openingBalances: OpeningBalances;
  notes: string[];
}
