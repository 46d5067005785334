/** Queries on uc_balance: a UC's state and balance now, and its balance as of a date (by replay). */
import {
  cohortField,
  eventDataDate,
  fold,
  Kwh,
  parseBusinessDate,
  ucDecider,
  type CreditLotView,
  type ScceCohort,
  type UcEvent,
} from '@compensa/domain';
import { StreamNotFound, type EventStore } from '@compensa/event-store';
import type { Kysely } from 'kysely';
import { domainEventOf } from '../domain-event';
import type { ReadModelDatabase, UcCreditTable, UcStateTable } from '../read-model-database';
import { kwhOf, num } from '../wh';

/** One credit lot of a UC (the one lot view type). */
export type CreditVintageView = CreditLotView;

/** A UC's credit balance: the total and each vintage by posto and GD class. */
export interface UcBalanceView {
  totalKwh: string;
  vintages: CreditVintageView[];
}

/** A UC's state and balance as the read model holds it. */
export interface UcView {
  ucId: string;
  stream: string;
  distribuidora: string;
  titular: { document: string; name: string; kind: string; key: string };
  status: 'active' | 'closed';
  group: 'A' | 'B';
  postos: string[];
  billedAsGroupB: boolean;
  registeredAt: string;
  isGenerator: boolean;
  modalidade: string | null;
  surplusBase: string | null;
  /** Installed power (kW, 3 decimals) of a generator. */
  installedKw: string | null;
  isBeneficiary: boolean;
  lastCycle: string | null;
  lastReadingDate: string | null;
  balance: UcBalanceView;
}

/**
 * Lots in the order the simulation report shows them: vintage, posto, then class and source for determinism, and a
 * class's other energy before the 2023-H1 cohort's (R23; as `compareLots`).
 */
function byVintage(a: CreditVintageView, b: CreditVintageView): number {
  for (const k of ['vintage', 'posto', 'gdClass', 'sourceUcId'] as const)
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return (a.cohort === undefined ? 0 : 1) - (b.cohort === undefined ? 0 : 1);
}

function vintageOf(r: UcCreditTable): CreditVintageView {
  return {
    vintage: r.vintage,
    posto: r.posto,
    gdClass: r.gd_class,
    sourceUcId: r.source_uc_id,
    kwh: kwhOf(r.wh),
    expiresOn: r.expires_on,
    ...cohortField(r.cohort === '' ? undefined : (r.cohort as ScceCohort)),
  };
}

/** A UC's state and current balance; null when the UC is unknown. */
export async function ucState(db: Kysely<ReadModelDatabase>, ucId: string): Promise<UcView | null> {
  const row = await db.selectFrom('uc_state').selectAll().where('uc_id', '=', ucId).executeTakeFirst();
  if (!row) return null;
  const lots = await db.selectFrom('uc_credit').selectAll().where('uc_id', '=', ucId).execute();
  return ucViewOf(row, lots);
}

/** Many UCs' states and balances at once (the audit's check 3): two queries for the whole list. */
export async function ucStates(db: Kysely<ReadModelDatabase>, ucIds: readonly string[]): Promise<Map<string, UcView>> {
  const out = new Map<string, UcView>();
  if (ucIds.length === 0) return out;
  const ids = [...ucIds];
  const rows = await db.selectFrom('uc_state').selectAll().where('uc_id', 'in', ids).execute();
  const lots = await db.selectFrom('uc_credit').selectAll().where('uc_id', 'in', ids).execute();
  const lotsOf = new Map<string, UcCreditTable[]>();
  for (const l of lots) {
    const at = lotsOf.get(l.uc_id);
    if (at) at.push(l);
    else lotsOf.set(l.uc_id, [l]);
  }
  for (const row of rows) out.set(row.uc_id, ucViewOf(row, lotsOf.get(row.uc_id) ?? []));
  return out;
}

function ucViewOf(row: UcStateTable, lots: UcCreditTable[]): UcView {
  const installed = row.installed_w === null ? null : num(row.installed_w);
  return {
    ucId: row.uc_id,
    stream: row.stream,
    distribuidora: row.distribuidora,
    titular: { document: row.titular_document, name: row.titular_name, kind: row.titular_kind, key: row.titular_key },
    status: row.status as UcView['status'],
    group: row.uc_group as UcView['group'],
    postos: row.postos === '' ? [] : row.postos.split(','),
    billedAsGroupB: num(row.billed_as_group_b) === 1,
    registeredAt: row.registered_at,
    isGenerator: num(row.is_generator) === 1,
    modalidade: row.modalidade,
    surplusBase: row.surplus_base,
    installedKw: installed === null ? null : kwhOf(installed),
    isBeneficiary: num(row.is_beneficiary) === 1,
    lastCycle: row.last_cycle,
    lastReadingDate: row.last_reading_date,
    balance: { totalKwh: kwhOf(row.credits_wh), vintages: lots.map(vintageOf).sort(byVintage) },
  };
}

/** A UC's balance as of a date, and how it was obtained. */
export interface BalanceAsOfView extends UcBalanceView {
  ucId: string;
  asOf: string;
  /** Always `replay`: the read model keeps only the current lots, so history is the domain folding the stream. */
  source: 'replay';
  /** Events of the UC's stream folded (those dated on or before `asOf`). */
  events: number;
}

/**
 * The one dating rule for a UC's stream read as a history of its balance: each event is dated by its business date
 * (`eventDataDate`), and dates never go back: an event dated before the latest one counts on the latest; an event
 * with no date of its own (HeldCreditsReceived) counts on the latest too. A RateioChanged does not move the date:
 * a rateio processed late moves no credit, and the events after it keep the dates they carry.
 */
async function* datedUcEvents(
  store: EventStore,
  stream: string,
): AsyncGenerator<{ date: string | null; event: UcEvent }> {
  let current: string | null = null;
  try {
    for await (const e of store.readStream(stream)) {
      const own = e.type === 'RateioChanged' ? null : eventDataDate(e.type, e.data);
      if (own !== null && (current === null || own > current)) current = own;
      yield { date: current, event: domainEventOf<UcEvent>(e) };
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
}

/**
 * A UC's balance at the end of `date`. The read model cannot answer historically, so this query reads the UC's
 * stream from the event store and folds with the domain the events dated on or before `date` (`datedUcEvents`).
 * Null when the UC is unknown to the read model.
 */
export async function balanceAsOf(
  db: Kysely<ReadModelDatabase>,
  store: EventStore,
  ucId: string,
  date: string,
): Promise<BalanceAsOfView | null> {
  const asOf = parseBusinessDate(date);
  const row = await db.selectFrom('uc_state').select('stream').where('uc_id', '=', ucId).executeTakeFirst();
  if (!row) return null;
  const events: UcEvent[] = [];
  for await (const { date: dated, event } of datedUcEvents(store, row.stream)) {
    if (dated !== null && dated > asOf) break;
    events.push(event);
  }
  const state = fold(ucDecider, events);
  return {
    ucId,
    asOf,
    source: 'replay',
    events: events.length,
    totalKwh: Kwh.sum(state.credits.map((c) => c.kwh)).toString(),
    vintages: state.credits
      .map((c) => ({
        vintage: c.vintage,
        posto: c.posto,
        gdClass: c.gdClass,
        sourceUcId: c.sourceUcId,
        kwh: c.kwh.toString(),
        expiresOn: c.expiresOn,
        ...cohortField(c.cohort),
      }))
      .sort(byVintage),
  };
}

/** The balance at the end of a business date. */
export interface BalancePoint {
  date: string;
  totalKwh: string;
}

/**
 * A UC's balance over time: its stream folded by the domain (the read model keeps only the current lots), one point
 * at the registration date and one at the end of each business date on which the balance changed, dated as
 * `balanceAsOf` dates them (`datedUcEvents`): the point of a date is `balanceAsOf` that date.
 */
export async function balanceHistory(store: EventStore, stream: string): Promise<BalancePoint[]> {
  const byDate = new Map<string, bigint>();
  let state = ucDecider.initialState;
  let last: bigint | null = null;
  for await (const { date, event } of datedUcEvents(store, stream)) {
    state = ucDecider.evolve(state, event);
    const total = state.credits.reduce((sum, lot) => sum + lot.kwh.wh, 0n);
    if (date !== null && total !== last) {
      byDate.set(date, total);
      last = total;
    }
  }
  return [...byDate].map(([date, wh]) => ({ date, totalKwh: Kwh.ofWh(wh).toString() }));
}
