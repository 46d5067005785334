/**
 * uc_balance: per UC its state (distribuidora, titular, status, group, postos, generation) and its credit lots by
 * vintage, posto and GD class with their expiry; plus per-distribuidora totals (credits by expiry date, counters)
 * that the expiring_credits and portfolio queries read; and the credits' net change per distribuidora and month of
 * the events' business dates (`credit_history`), which the credits-history query sums.
 *
 * The lots are computed by the domain's own `evolveUc` over the stored lots, so the read model follows evolve-uc.ts
 * exactly (the audit compares the two). A batch loads each UC it touches once, evolves it in memory and writes the
 * difference: a UC touched by many events of a batch costs one read and one write.
 */
import {
  evolveUc,
  initialUcState,
  Kwh,
  lotKey,
  parseKw,
  type BusinessDate,
  cohortField,
  type CreditLot,
  type ScceCohort,
  type UcEvent,
} from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { Kysely } from 'kysely';
import { domainEventOf, type UcEventData } from '../domain-event';
import {
  distribuidoraOfUcStream,
  isTitularStream,
  isUcStream,
  type Projection,
  type ProjectionBatch,
  type ReadModelTransaction,
} from '../projection';
import { tableSpec, type BulkWriter, type LookupSpec } from '../bulk-writer';
import type { RebuildPartition } from '../rebuild-partitions';
import {
  causeIdOf,
  createMonthlyTable,
  CREDIT_HISTORY,
  CREDIT_HISTORY_DATE,
  dataDateOf,
  LATEST_DATE_ID,
  monthOf,
  MonthlyDelta,
} from '../credit-history';
import type {
  CreditExpiryTotalsTable,
  CreditHistoryDateTable,
  DistribuidoraTotalsTable,
  ReadModelDatabase,
  UcCreditTable,
  UcStateTable,
} from '../read-model-database';

/** Events that change the UC's lots (mirrors the credit cases of evolveUc). */
const CREDIT_EVENTS = new Set<string>([
  'CycleCompensated',
  'ExcedenteAllocated',
  'CreditsExpired',
  'TitularidadeTransferred',
  'ContractClosed',
  'CreditsReallocated',
  'HeldCreditsReceived',
  'OpeningBalanceImported',
  // Retificação: the balance the corrected history gives replaces the one in force.
  'ReadingCorrected',
  'ExcedenteReceiptCorrected',
  'AllocationRedecided',
  'HeldCreditsReceiptCorrected',
]);

/** Events that change the UC's state row. */
const STATE_EVENTS = new Set<string>([
  'UcRegistered',
  'GenerationRegistered',
  'CapacityAdded',
  'ReadingRecorded',
  'ExcedenteReceived',
  'ExcedenteReceiptCorrected',
  'TitularidadeTransferred',
  'ContractClosed',
]);

/** A UC as loaded at the start of a batch and as the batch leaves it. */
interface UcSnapshot {
  before: UcStateTable | null;
  beforeLots: readonly CreditLot[];
  row: UcStateTable | null;
  lots: readonly CreditLot[];
  /** Wh in `lots`, once a credit event needed it. */
  wh?: number;
}

const DATES_BY_ID: LookupSpec = { table: 'credit_history_date', select: '*', column: 'event_id', type: 'text' };

/** Where a partition keeps the latest date it has seen (event ids are UUIDs: no clash). */
const PARTITION_LATEST_PREFIX = 'latest#';

function partitionLatestDateId(partition: RebuildPartition): string {
  return `${PARTITION_LATEST_PREFIX}${partition.index}/${partition.count}`;
}

/** A UC event waiting for its date: its cause's (HeldCreditsReceived) from an earlier batch, else the latest seen. */
interface UndatedEvent {
  e: RecordedEvent;
  causeId: string | null;
  /** The latest business date this batch had seen before it. */
  latest: string;
}

/**
 * Dates the UC events of a batch for `credit_history` as the dashboard's history always did (`businessDateOf`):
 * the date in the event's data; for HeldCreditsReceived its cause's (a CreditsReallocated of a UC or titular
 * stream); else the latest business date seen so far in the UC and titular streams. What later batches need
 * (reallocation dates, the latest date) is kept in `credit_history_date`. Every dated month of a UC stream gets a
 * row in `history` (0 without change): the history starts at the first one.
 */
class BatchDating {
  readonly history = new MonthlyDelta();
  /** Month of each credit event that has one. */
  readonly months = new Map<RecordedEvent, string>();
  private readonly undated: UndatedEvent[] = [];
  private readonly reallocations = new Map<string, string>();
  private readonly distribuidoras = new Map<string, string>();
  private latest = '';
  private lastStream = '';
  private lastMonth = '';

  /** The UC's distribuidora as its stream names it. */
  distribuidoraOf(e: RecordedEvent): string {
    let d = this.distribuidoras.get(e.stream);
    if (d === undefined)
      this.distribuidoras.set(e.stream, (d = distribuidoraOfUcStream(e.stream, (e.data as { ucId: string }).ucId)));
    return d;
  }

  /**
   * Takes a UC or titular event, in log order; `owned` false for an event of another partition's stream, which
   * only tells its date (the latest date seen, a reallocation's date) and adds no row.
   */
  see(e: RecordedEvent, uc: boolean, owned = true): void {
    // The cause of a HeldCreditsReceived: a UC's R19 distribution or a titular's R20 move.
    if (e.type === 'CreditsReallocated' || e.type === 'HeldCreditsReallocated')
      this.reallocations.set(e.id, String((e.data as { date?: unknown }).date));
    let date = dataDateOf(e);
    // An undated event's date (its cause's) is never later than the latest seen: it moves nothing but its rows.
    if (date === null && !owned) return;
    if (date === null && uc) {
      const causeId = e.type === 'HeldCreditsReceived' ? causeIdOf(e) : null;
      date = causeId === null ? null : (this.reallocations.get(causeId) ?? null);
      if (!date) {
        this.undated.push({ e, causeId, latest: this.latest });
        return;
      }
    }
    if (date === null) return;
    if (date > this.latest) this.latest = date;
    if (uc && owned) this.dated(e, monthOf(date));
  }

  private dated(e: RecordedEvent, month: string | null): void {
    if (month === null) return;
    if (CREDIT_EVENTS.has(e.type)) this.months.set(e, month);
    // Runs of events of one UC and month (a reading and its consequences) add their row once.
    if (e.stream === this.lastStream && month === this.lastMonth) return;
    this.lastStream = e.stream;
    this.lastMonth = month;
    this.history.add(this.distribuidoraOf(e), month, 0);
  }

  /** Dates the events left undated from what earlier batches kept, and keeps what later ones will need. */
  async resolve(bulk: BulkWriter): Promise<void> {
    // A partition keeps the latest date of the log as far as it went under its own id (they go at different
    // paces); the reallocation dates are the same whoever writes them, and every partition writes them all.
    const latestId = bulk.partition ? partitionLatestDateId(bulk.partition) : LATEST_DATE_ID;
    const ids = new Set<string>([latestId]);
    for (const u of this.undated) if (u.causeId) ids.add(u.causeId);
    const kept = new Map(
      (await bulk.select<CreditHistoryDateTable>(DATES_BY_ID, [...ids])).map((r) => [r.event_id, r.date]),
    );
    const before = kept.get(latestId) ?? '';
    for (const u of this.undated) {
      const cause = u.causeId ? kept.get(u.causeId) : undefined;
      this.dated(u.e, monthOf(cause || (u.latest > before ? u.latest : before)));
    }
    const rows: CreditHistoryDateTable[] = [];
    for (const [event_id, date] of this.reallocations) rows.push({ event_id, date });
    if (this.latest > before) rows.push({ event_id: latestId, date: this.latest });
    await bulk.upsert(CREDIT_HISTORY_DATE, rows);
  }
}

function lotFromRow(r: {
  vintage: string;
  posto: string;
  gd_class: string;
  source_uc_id: string;
  cohort: string;
  expires_on: string;
  wh: number;
}): CreditLot {
  return {
    vintage: r.vintage as BusinessDate,
    posto: r.posto as CreditLot['posto'],
    gdClass: r.gd_class as CreditLot['gdClass'],
    kwh: Kwh.ofWh(BigInt(r.wh)),
    expiresOn: r.expires_on as BusinessDate,
    sourceUcId: r.source_uc_id,
    ...cohortField(r.cohort === '' ? undefined : (r.cohort as ScceCohort)),
  };
}

function sumWh(lots: readonly CreditLot[]): number {
  // In numbers: exact below 2^53 Wh, far above any UC's credits.
  let wh = 0;
  for (const l of lots) wh += Number(l.kwh.wh);
  return wh;
}

/** Applies a UC event to the state row (credits aside), in place: the row is the batch's own copy. */
function evolveRow(row: UcStateTable | null, e: RecordedEvent): UcStateTable | null {
  if (e.type === 'UcRegistered') {
    const d = e.data as UcEventData<'UcRegistered'>;
    return {
      uc_id: d.ucId,
      stream: e.stream,
      distribuidora: d.distribuidora,
      titular_document: d.titular.document,
      titular_name: d.titular.name,
      titular_kind: d.titular.kind,
      titular_key: d.titular.key,
      status: 'active',
      uc_group: d.group,
      postos: d.postos.join(','),
      billed_as_group_b: d.billedAsGroupB ? 1 : 0,
      registered_at: d.registeredAt,
      is_generator: 0,
      modalidade: null,
      surplus_base: null,
      installed_w: null,
      is_beneficiary: 0,
      credits_wh: 0,
      last_cycle: null,
      last_reading_date: null,
      position: e.position,
    };
  }
  if (!row) return null;
  // Keyed by the UC stream's event types: a new one must be handled here or listed as leaving the row alone.
  const type = e.type as UcEvent['type'];
  switch (type) {
    case 'GenerationRegistered': {
      const d = e.data as UcEventData<'GenerationRegistered'>;
      row.is_generator = 1;
      row.modalidade = d.modalidade;
      row.surplus_base = d.surplusBase;
      row.installed_w = Number(parseKw(d.installedKw));
      break;
    }
    case 'CapacityAdded':
      row.installed_w = (row.installed_w ?? 0) + Number(parseKw((e.data as UcEventData<'CapacityAdded'>).addedKw));
      break;
    case 'ReadingRecorded': {
      const d = e.data as UcEventData<'ReadingRecorded'>;
      row.last_cycle = d.cycle;
      row.last_reading_date = d.readingDate;
      break;
    }
    case 'ExcedenteReceived':
      row.is_beneficiary = 1;
      break;
    case 'ExcedenteReceiptCorrected':
      // A generator's correction gave excedente to a UC that had received none from it.
      if ((e.data as UcEventData<'ExcedenteReceiptCorrected'>).corrected.length > 0) row.is_beneficiary = 1;
      break;
    case 'TitularidadeTransferred': {
      const t = (e.data as UcEventData<'TitularidadeTransferred'>).newTitular;
      row.titular_document = t.document;
      row.titular_name = t.name;
      row.titular_kind = t.kind;
      row.titular_key = t.key;
      break;
    }
    case 'ContractClosed':
      row.status = 'closed';
      break;
    // The row's fields these do not change (credits are folded apart, by the domain).
    case 'UcRegistered':
    case 'MembersRegistered':
    case 'RateioChanged':
    case 'CycleCompensated':
    case 'ExcedenteAllocated':
    case 'CreditsExpired':
    case 'ClosureDistributionRequested':
    case 'CreditsReallocated':
    case 'HeldCreditsReceived':
    case 'OpeningBalanceImported':
    case 'ReadingCorrected':
    case 'AllocationRedecided':
    case 'HeldCreditsReceiptCorrected':
    case 'CycleRecompensated':
      break;
    default:
      notAUcEvent(type);
  }
  row.position = e.position;
  return row;
}

/** Exhaustiveness over UcEvent; a stored type the union does not know leaves the row alone. */
function notAUcEvent(_type: never): void {}

/** Per-distribuidora changes a batch makes, written once at the end. */
class TotalsDelta {
  readonly byExpiry = new Map<string, { distribuidora: string; expires_on: string; wh: number }>();
  readonly byDistribuidora = new Map<
    string,
    { ucs: number; active_ucs: number; generators: number; beneficiaries: number; credits_wh: number }
  >();

  lots(distribuidora: string, lots: readonly CreditLot[], sign: 1 | -1): void {
    for (const l of lots) this.lot(distribuidora, l, sign);
  }

  lot(distribuidora: string, l: CreditLot, sign: 1 | -1): void {
    const k = `${distribuidora}|${l.expiresOn}`;
    let entry = this.byExpiry.get(k);
    if (!entry) this.byExpiry.set(k, (entry = { distribuidora, expires_on: l.expiresOn, wh: 0 }));
    entry.wh += sign * Number(l.kwh.wh);
  }

  counters(row: UcStateTable, sign: 1 | -1): void {
    let t = this.byDistribuidora.get(row.distribuidora);
    if (!t)
      this.byDistribuidora.set(
        row.distribuidora,
        (t = { ucs: 0, active_ucs: 0, generators: 0, beneficiaries: 0, credits_wh: 0 }),
      );
    t.ucs += sign;
    t.active_ucs += sign * (row.status === 'active' ? 1 : 0);
    t.generators += sign * row.is_generator;
    t.beneficiaries += sign * row.is_beneficiary;
    t.credits_wh += sign * row.credits_wh;
  }
}

/** uc_state as the bulk writer writes it: a re-registration keeps the first registration's fixed columns. */
const UC_STATE = tableSpec<UcStateTable>({
  table: 'uc_state',
  columns: [
    ['uc_id', 'text'],
    ['stream', 'text'],
    ['distribuidora', 'text'],
    ['titular_document', 'text'],
    ['titular_name', 'text'],
    ['titular_kind', 'text'],
    ['titular_key', 'text'],
    ['status', 'text'],
    ['uc_group', 'text'],
    ['postos', 'text'],
    ['billed_as_group_b', 'integer'],
    ['registered_at', 'text'],
    ['is_generator', 'integer'],
    ['modalidade', 'text'],
    ['surplus_base', 'text'],
    ['installed_w', 'bigint'],
    ['is_beneficiary', 'integer'],
    ['credits_wh', 'bigint'],
    ['last_cycle', 'text'],
    ['last_reading_date', 'text'],
    ['position', 'bigint'],
  ],
  key: ['uc_id'],
  onConflict: {
    set: [
      'titular_document',
      'titular_name',
      'titular_kind',
      'titular_key',
      'status',
      'is_generator',
      'modalidade',
      'surplus_base',
      'installed_w',
      'is_beneficiary',
      'credits_wh',
      'last_cycle',
      'last_reading_date',
      'position',
    ],
  },
});

const UC_CREDIT = tableSpec<UcCreditTable>({
  table: 'uc_credit',
  columns: [
    ['uc_id', 'text'],
    ['vintage', 'text'],
    ['posto', 'text'],
    ['gd_class', 'text'],
    ['source_uc_id', 'text'],
    ['cohort', 'text'],
    ['distribuidora', 'text'],
    ['expires_on', 'text'],
    ['wh', 'bigint'],
  ],
  // R23: a plant's cohort and other energy of one class and vintage are two lots (as `lotKey` keeps them).
  key: ['uc_id', 'vintage', 'posto', 'gd_class', 'source_uc_id', 'cohort'],
  onConflict: { set: ['wh', 'expires_on'] },
});

const CREDIT_EXPIRY_TOTALS = tableSpec<CreditExpiryTotalsTable>({
  table: 'credit_expiry_totals',
  columns: [
    ['distribuidora', 'text'],
    ['expires_on', 'text'],
    ['wh', 'bigint'],
  ],
  key: ['distribuidora', 'expires_on'],
  onConflict: { add: ['wh'] },
});

const DISTRIBUIDORA_TOTALS = tableSpec<DistribuidoraTotalsTable>({
  table: 'distribuidora_totals',
  columns: [
    ['distribuidora', 'text'],
    ['ucs', 'bigint'],
    ['active_ucs', 'bigint'],
    ['generators', 'bigint'],
    ['beneficiaries', 'bigint'],
    ['credits_wh', 'bigint'],
  ],
  key: ['distribuidora'],
  onConflict: { add: ['ucs', 'active_ucs', 'generators', 'beneficiaries', 'credits_wh'] },
});

const STATE_OF_UC: LookupSpec = { table: 'uc_state', select: '*', column: 'uc_id', type: 'text' };
// In key order, as the primary key gives them on SQLite: the same lot order on both engines.
const LOTS_OF_UC: LookupSpec = {
  table: 'uc_credit',
  select: '*',
  column: 'uc_id',
  type: 'text',
  orderBy: 'uc_id, vintage, posto, gd_class, source_uc_id, cohort',
};

/** A UC as a rebuild's earlier batches left it (the row and lots now in the tables). */
interface CarriedUc {
  row: UcStateTable;
  lots: readonly CreditLot[];
}

/** Most UCs a rebuild keeps in memory between batches; the others are read back from the tables. */
const MAX_CARRIED_UCS = 250_000;

function carriedUcs(bulk: BulkWriter): Map<string, CarriedUc> | null {
  const memory = bulk.memory;
  if (!memory) return null;
  let carried = memory.get('uc_balance') as Map<string, CarriedUc> | undefined;
  if (!carried) memory.set('uc_balance', (carried = new Map()));
  return carried;
}

async function loadSnapshots(
  bulk: BulkWriter,
  ucIds: string[],
  carried: Map<string, CarriedUc> | null,
): Promise<Map<string, UcSnapshot>> {
  const out = new Map<string, UcSnapshot>();
  const missing: string[] = [];
  for (const id of ucIds) {
    const known = carried?.get(id);
    if (known) {
      out.set(id, { before: known.row, beforeLots: known.lots, row: { ...known.row }, lots: known.lots });
    } else {
      const lots: CreditLot[] = [];
      out.set(id, { before: null, beforeLots: lots, row: null, lots });
      missing.push(id);
    }
  }
  if (missing.length === 0) return out;
  for (const row of await bulk.select<UcStateTable>(STATE_OF_UC, missing)) {
    const s = out.get(row.uc_id)!;
    s.before = row;
    s.row = { ...row };
  }
  for (const r of await bulk.select<UcCreditTable>(LOTS_OF_UC, missing)) {
    const s = out.get(r.uc_id)!;
    (s.beforeLots as CreditLot[]).push(lotFromRow(r));
  }
  return out;
}

/** The columns the uc_state upsert leaves as the first registration wrote them. */
const FIXED_COLUMNS = UC_STATE.columns
  .map(([c]) => c)
  .filter((c) => c !== 'uc_id' && !(UC_STATE.onConflict as { set: readonly string[] }).set.includes(c));

/** The row as the table holds it after the upsert of `row` over `before`. */
function storedRow(before: UcStateTable | null, row: UcStateTable): UcStateTable {
  if (!before || FIXED_COLUMNS.every((c) => before[c] === row[c])) return row;
  const stored = { ...row } as Record<string, unknown>;
  for (const c of FIXED_COLUMNS) stored[c] = before[c];
  return stored as unknown as UcStateTable;
}

/** True when the two rows hold the same values in every column. */
function sameRow(a: UcStateTable, b: UcStateTable): boolean {
  for (const [column] of UC_STATE.columns) if (a[column] !== b[column]) return false;
  return true;
}

async function flushBalance(
  bulk: BulkWriter,
  trx: ReadModelTransaction,
  events: readonly RecordedEvent[],
  dating: BatchDating,
): Promise<void> {
  await dating.resolve(bulk);
  const history = dating.history;
  if (events.length === 0) return bulk.upsert(CREDIT_HISTORY, history.values());
  const ucIds = [...new Set(events.map((e) => (e.data as { ucId: string }).ucId))];
  const carried = carriedUcs(bulk);
  const snapshots = await loadSnapshots(bulk, ucIds, carried);
  for (const e of events) {
    const s = snapshots.get((e.data as { ucId: string }).ucId)!;
    if (CREDIT_EVENTS.has(e.type)) {
      // The domain's evolve over the stored lots: the credit cases read nothing else of the state.
      const lots = evolveUc({ ...initialUcState, credits: s.lots }, domainEventOf<UcEvent>(e)).credits;
      if (lots !== s.lots) {
        const wh = sumWh(lots);
        const month = dating.months.get(e);
        if (month !== undefined) history.add(dating.distribuidoraOf(e), month, wh - (s.wh ?? sumWh(s.lots)));
        s.wh = wh;
        s.lots = lots;
      }
    }
    s.row = evolveRow(s.row, e);
  }
  await bulk.upsert(CREDIT_HISTORY, history.values());

  const delta = new TotalsDelta();
  const rows: UcStateTable[] = [];
  const upserts: UcCreditTable[] = [];
  const deletes: UcCreditTable[] = [];
  for (const [ucId, s] of snapshots) {
    if (!s.row) continue; // events of a UC never registered: nothing to show
    s.row.credits_wh = sumWh(s.lots);
    if (carried && (carried.has(ucId) || carried.size < MAX_CARRIED_UCS))
      carried.set(ucId, { row: storedRow(s.before, s.row), lots: s.lots });
    // A row the batch left as it found it is not written again (nor counted).
    if (!s.before || !sameRow(s.before, s.row)) {
      rows.push(s.row);
      if (s.before) delta.counters(s.before, -1);
      delta.counters(s.row, 1);
    }
    const distribuidora = s.row.distribuidora;
    const beforeDistribuidora = s.before?.distribuidora ?? distribuidora;
    // Totals move by the lots that changed; all of them when the distribuidora did.
    const moved = beforeDistribuidora !== distribuidora;
    if (moved) {
      delta.lots(beforeDistribuidora, s.beforeLots, -1);
      delta.lots(distribuidora, s.lots, 1);
    } else if (s.lots === s.beforeLots) {
      continue; // no credit event of the batch changed the lots
    }
    const before = new Map<string, CreditLot>();
    for (const l of s.beforeLots) before.set(lotKey(l), l);
    for (const l of s.lots) {
      const key = lotKey(l);
      const b = before.get(key);
      before.delete(key);
      if (b && b.kwh.wh === l.kwh.wh && b.expiresOn === l.expiresOn) continue;
      if (!moved) {
        if (b) delta.lot(distribuidora, b, -1);
        delta.lot(distribuidora, l, 1);
      }
      upserts.push(creditRow(ucId, distribuidora, l));
    }
    for (const gone of before.values()) {
      if (!moved) delta.lot(distribuidora, gone, -1);
      deletes.push(creditRow(ucId, distribuidora, gone));
    }
  }

  await bulk.upsert(UC_STATE, rows);
  // Lots used up or gone, then the new and changed ones.
  await bulk.deleteKeys(UC_CREDIT, deletes);
  await bulk.upsert(UC_CREDIT, upserts);
  await writeTotals(bulk, trx, delta);
}

function creditRow(ucId: string, distribuidora: string, l: CreditLot): UcCreditTable {
  return {
    uc_id: ucId,
    vintage: l.vintage,
    posto: l.posto,
    gd_class: l.gdClass,
    source_uc_id: l.sourceUcId,
    cohort: l.cohort ?? '',
    distribuidora,
    expires_on: l.expiresOn,
    wh: Number(l.kwh.wh),
  };
}

async function writeTotals(bulk: BulkWriter, trx: ReadModelTransaction, delta: TotalsDelta): Promise<void> {
  const expiry: CreditExpiryTotalsTable[] = [];
  for (const r of delta.byExpiry.values()) if (r.wh !== 0) expiry.push(r);
  await bulk.upsert(CREDIT_EXPIRY_TOTALS, expiry);
  // Zero rows go, so the table is the same whatever the batch boundaries were (rebuild = live).
  if (expiry.length > 0) await trx.deleteFrom('credit_expiry_totals').where('wh', '=', 0).execute();
  const changed: DistribuidoraTotalsTable[] = [];
  for (const [distribuidora, t] of delta.byDistribuidora) {
    if (t.ucs || t.active_ucs || t.generators || t.beneficiaries || t.credits_wh) changed.push({ distribuidora, ...t });
  }
  await bulk.upsert(DISTRIBUIDORA_TOTALS, changed);
}

/** The uc_balance projection. */
export const ucBalanceProjection: Projection = {
  name: 'uc_balance',
  tables: [
    'uc_state',
    'uc_credit',
    'credit_expiry_totals',
    'distribuidora_totals',
    'credit_history',
    'credit_history_date',
  ],

  async createTables(db: Kysely<ReadModelDatabase>): Promise<void> {
    await db.schema
      .createTable('uc_state')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.primaryKey())
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('titular_document', 'text', (c) => c.notNull())
      .addColumn('titular_name', 'text', (c) => c.notNull())
      .addColumn('titular_kind', 'text', (c) => c.notNull())
      .addColumn('titular_key', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('uc_group', 'text', (c) => c.notNull())
      .addColumn('postos', 'text', (c) => c.notNull())
      .addColumn('billed_as_group_b', 'integer', (c) => c.notNull())
      .addColumn('registered_at', 'text', (c) => c.notNull())
      .addColumn('is_generator', 'integer', (c) => c.notNull())
      .addColumn('modalidade', 'text')
      .addColumn('surplus_base', 'text')
      .addColumn('installed_w', 'bigint')
      .addColumn('is_beneficiary', 'integer', (c) => c.notNull())
      .addColumn('credits_wh', 'bigint', (c) => c.notNull())
      .addColumn('last_cycle', 'text')
      .addColumn('last_reading_date', 'text')
      .addColumn('position', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('uc_state_distribuidora')
      .ifNotExists()
      .on('uc_state')
      .columns(['distribuidora', 'uc_id'])
      .execute();
    await db.schema
      .createIndex('uc_state_titular')
      .ifNotExists()
      .on('uc_state')
      .columns(['titular_key', 'uc_id'])
      .execute();
    await db.schema
      .createTable('uc_credit')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('vintage', 'text', (c) => c.notNull())
      .addColumn('posto', 'text', (c) => c.notNull())
      .addColumn('gd_class', 'text', (c) => c.notNull())
      .addColumn('source_uc_id', 'text', (c) => c.notNull())
      .addColumn('cohort', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text', (c) => c.notNull())
      .addColumn('wh', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('uc_credit_pk', ['uc_id', 'vintage', 'posto', 'gd_class', 'source_uc_id', 'cohort'])
      .execute();
    // expiringCredits walks lots by expiry date.
    await db.schema
      .createIndex('uc_credit_expiry')
      .ifNotExists()
      .on('uc_credit')
      .columns(['expires_on', 'uc_id'])
      .execute();
    await db.schema
      .createTable('credit_expiry_totals')
      .ifNotExists()
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text', (c) => c.notNull())
      .addColumn('wh', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('credit_expiry_totals_pk', ['distribuidora', 'expires_on'])
      .execute();
    await db.schema
      .createTable('distribuidora_totals')
      .ifNotExists()
      .addColumn('distribuidora', 'text', (c) => c.primaryKey())
      .addColumn('ucs', 'bigint', (c) => c.notNull())
      .addColumn('active_ucs', 'bigint', (c) => c.notNull())
      .addColumn('generators', 'bigint', (c) => c.notNull())
      .addColumn('beneficiaries', 'bigint', (c) => c.notNull())
      .addColumn('credits_wh', 'bigint', (c) => c.notNull())
      .execute();
    await createMonthlyTable(db, 'credit_history');
    await db.schema
      .createTable('credit_history_date')
      .ifNotExists()
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('date', 'text', (c) => c.notNull())
      .execute();
  },

  deferredIndexes: ['uc_state_distribuidora', 'uc_state_titular', 'uc_credit_expiry'],

  /*
   * Partitioned by owner: uc_state and uc_credit rows are keyed by the event's own UC; credit_expiry_totals,
   * distribuidora_totals and credit_history are per-distribuidora sums each partition adds its UCs' changes to.
   * What crosses streams is the dating of credit_history: an undated event takes the latest date of the whole log
   * so far, and a HeldCreditsReceived its cause's date (a CreditsReallocated of another UC, or a titular's
   * HeldCreditsReallocated). So every partition observes every event for dates (`observe`), writes every
   * reallocation date (the same row whoever writes it) and keeps the latest date under its own id, collapsed into
   * the one row at the finish.
   */
  partitioning: 'by-owner',

  async finishPartitions(trx: ReadModelTransaction): Promise<void> {
    // Every partition read the whole log to the same target: each one's latest date is the log's.
    const rows = await trx
      .selectFrom('credit_history_date')
      .select('date')
      .where('event_id', 'like', `${PARTITION_LATEST_PREFIX}%`)
      .execute();
    let latest = '';
    for (const r of rows) if (r.date > latest) latest = r.date;
    await trx.deleteFrom('credit_history_date').where('event_id', 'like', `${PARTITION_LATEST_PREFIX}%`).execute();
    if (latest !== '')
      await trx
        .insertInto('credit_history_date')
        .values({ event_id: LATEST_DATE_ID, date: latest })
        .onConflict((oc) => oc.column('event_id').doUpdateSet({ date: latest }))
        .execute();
    // A partition adds to shared totals in any order, so one may pass through 0 and stay there; an unpartitioned
    // batch drops a total as it reaches 0.
    await trx.deleteFrom('credit_expiry_totals').where('wh', '=', 0).execute();
  },

  begin(trx: ReadModelTransaction, bulk: BulkWriter): ProjectionBatch {
    const events: RecordedEvent[] = [];
    const dating = new BatchDating();
    return {
      async apply(e) {
        const uc = isUcStream(e);
        if (uc || isTitularStream(e)) dating.see(e, uc);
        if (uc && (CREDIT_EVENTS.has(e.type) || STATE_EVENTS.has(e.type))) events.push(e);
      },
      observe(e) {
        const uc = isUcStream(e);
        if (uc || isTitularStream(e)) dating.see(e, uc, false);
      },
      flush: () => flushBalance(bulk, trx, events, dating),
    };
  },
};
