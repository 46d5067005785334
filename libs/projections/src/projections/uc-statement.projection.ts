/**
 * uc_statement: per UC and cycle the reading date, consumed, injected, billed and compensated per posto, the
 * excedente, the credits expired with the reading, and the compensation lines with their invoice labels (R17).
 *
 * "Expired with the reading" is what the simulation report shows: the CreditsExpired of the same command as the
 * CycleCompensated (before the reading and on its date after it), matched by command id whatever the batch bounds.
 */
import type { RecordedEvent } from '@compensa/event-store';
import type { Kysely } from 'kysely';
import type { UcEventData } from '../domain-event';
import {
  distribuidoraOfUcStream,
  readsUcEvent,
  type UcEventSelection,
  type Projection,
  type ProjectionBatch,
  type ReadModelTransaction,
} from '../projection';
import type {
  ReadModelDatabase,
  UcExpirationTable,
  UcStatementLineTable,
  UcStatementPostoTable,
  UcStatementTable,
} from '../read-model-database';
import { tableSpec, type BulkWriter, type LookupSpec } from '../bulk-writer';
import { num, whOf } from '../wh';

function totalWh(byPosto: Partial<Record<string, string>>): number {
  let total = 0;
  for (const p in byPosto) total += whOf(byPosto[p] ?? '0');
  return total;
}

/**
 * Rows of one CycleCompensated, pushed onto the batch's lists; or of a correction's CycleRecompensated, whose
 * compensation replaces the cycle's (with the credits its reading expired in the corrected history, and no command
 * whose later expiries would count).
 */
function statementRows(
  e: RecordedEvent,
  statements: UcStatementTable[],
  postos: UcStatementPostoTable[],
  lines: UcStatementLineTable[],
): void {
  const recompensated = e.type === 'CycleRecompensated' ? (e.data as UcEventData<'CycleRecompensated'>) : null;
  const d = recompensated ? recompensated.compensation : (e.data as UcEventData<'CycleCompensated'>);
  const ucId = d.ucId;
  const cycle = d.cycle;
  statements.push({
    uc_id: ucId,
    cycle,
    distribuidora: distribuidoraOfUcStream(e.stream, ucId),
    reading_date: d.readingDate,
    consumed_wh: totalWh(d.consumed),
    injected_wh: totalWh(d.injected),
    compensated_wh: whOf(d.compensatedKwh),
    billed_wh: totalWh(d.billed),
    excedente_wh: whOf(d.excedenteKwh),
    expired_wh: recompensated ? whOf(recompensated.expiredKwh) : 0,
    minimum_wh: d.minimumKwh === null ? null : whOf(d.minimumKwh),
    minimum_applied: d.minimumApplied ? 1 : 0,
    p12: d.p12,
    rules: d.rules.join(','),
    command_id: recompensated ? null : commandIdOf(e),
    position: e.position,
  });
  // Every posto named by one of the four maps, in first-seen order.
  const consumed: Partial<Record<string, string>> = d.consumed;
  const injected: Partial<Record<string, string>> = d.injected;
  const billed: Partial<Record<string, string>> = d.billed;
  const compensated: Partial<Record<string, string>> = d.compensated;
  const seen = new Set<string>();
  for (const map of [consumed, injected, billed, compensated]) {
    for (const p in map) {
      if (seen.has(p)) continue;
      seen.add(p);
      postos.push({
        uc_id: ucId,
        cycle,
        posto: p,
        consumed_wh: whOf(consumed[p] ?? '0'),
        injected_wh: whOf(injected[p] ?? '0'),
        compensated_wh: whOf(compensated[p] ?? '0'),
        billed_wh: whOf(billed[p] ?? '0'),
      });
    }
  }
  for (let i = 0; i < d.lines.length; i++) {
    const l = d.lines[i];
    lines.push({
      uc_id: ucId,
      cycle,
      line_no: i,
      posto: l.posto,
      wh: whOf(l.kwh),
      source: l.source,
      source_uc_id: l.sourceUcId,
      source_posto: l.sourcePosto,
      source_wh: whOf(l.sourceKwh),
      vintage: l.vintage,
      gd_class: l.gdClass,
      cohort: l.cohort ?? null,
      rule: l.rule,
      label: l.label,
    });
  }
}

function commandIdOf(e: RecordedEvent): string | null {
  const id = e.metadata.commandId;
  return typeof id === 'string' && id !== '' ? id : null;
}

const UC_EXPIRATION = tableSpec<UcExpirationTable>({
  table: 'uc_expiration',
  columns: [
    ['uc_id', 'text'],
    ['position', 'bigint'],
    ['date', 'text'],
    ['command_id', 'text'],
    ['wh', 'bigint'],
  ],
  key: ['uc_id', 'position'],
  onConflict: 'nothing',
});

const UC_STATEMENT = tableSpec<UcStatementTable>({
  table: 'uc_statement',
  columns: [
    ['uc_id', 'text'],
    ['cycle', 'text'],
    ['distribuidora', 'text'],
    ['reading_date', 'text'],
    ['consumed_wh', 'bigint'],
    ['injected_wh', 'bigint'],
    ['compensated_wh', 'bigint'],
    ['billed_wh', 'bigint'],
    ['excedente_wh', 'bigint'],
    ['expired_wh', 'bigint'],
    ['minimum_wh', 'bigint'],
    ['minimum_applied', 'integer'],
    ['p12', 'text'],
    ['rules', 'text'],
    ['command_id', 'text'],
    ['position', 'bigint'],
  ],
  key: ['uc_id', 'cycle'],
  onConflict: {
    set: [
      'reading_date',
      'consumed_wh',
      'injected_wh',
      'compensated_wh',
      'billed_wh',
      'excedente_wh',
      'expired_wh',
      'minimum_wh',
      'minimum_applied',
      'p12',
      'rules',
      'command_id',
      'position',
    ],
  },
});

const UC_STATEMENT_POSTO = tableSpec<UcStatementPostoTable>({
  table: 'uc_statement_posto',
  columns: [
    ['uc_id', 'text'],
    ['cycle', 'text'],
    ['posto', 'text'],
    ['consumed_wh', 'bigint'],
    ['injected_wh', 'bigint'],
    ['compensated_wh', 'bigint'],
    ['billed_wh', 'bigint'],
  ],
  key: ['uc_id', 'cycle', 'posto'],
  onConflict: { set: ['consumed_wh', 'injected_wh', 'compensated_wh', 'billed_wh'] },
});

const UC_STATEMENT_LINE = tableSpec<UcStatementLineTable>({
  table: 'uc_statement_line',
  columns: [
    ['uc_id', 'text'],
    ['cycle', 'text'],
    ['line_no', 'integer'],
    ['posto', 'text'],
    ['wh', 'bigint'],
    ['source', 'text'],
    ['source_uc_id', 'text'],
    ['source_posto', 'text'],
    ['source_wh', 'bigint'],
    ['vintage', 'text'],
    ['gd_class', 'text'],
    ['cohort', 'text'],
    ['rule', 'text'],
    ['label', 'text'],
  ],
  key: ['uc_id', 'cycle', 'line_no'],
  onConflict: {
    set: [
      'posto',
      'wh',
      'source',
      'source_uc_id',
      'source_posto',
      'source_wh',
      'vintage',
      'gd_class',
      'cohort',
      'rule',
      'label',
    ],
  },
});

/** Expired Wh per UC of each command. */
const EXPIRED_BY_COMMAND: LookupSpec = {
  table: 'uc_expiration',
  select: 'uc_id, command_id, SUM(wh) AS wh',
  column: 'command_id',
  type: 'text',
  groupBy: 'uc_id, command_id',
};

/** Most command ids a rebuild remembers as having expirations; past it, every statement's command is looked up. */
const MAX_REMEMBERED_COMMANDS = 1_000_000;

/** During a rebuild: the command ids of every expiration written so far (null when not known). */
function commandsWithExpirations(bulk: BulkWriter, written: readonly UcExpirationTable[]): Set<string> | null {
  const memory = bulk.memory;
  if (!memory) return null;
  let known = memory.get('uc_statement.expiring_commands') as Set<string> | null | undefined;
  if (known === undefined) memory.set('uc_statement.expiring_commands', (known = new Set()));
  if (known === null) return null;
  for (const x of written) if (x.command_id !== null) known.add(x.command_id);
  if (known.size > MAX_REMEMBERED_COMMANDS) {
    memory.set('uc_statement.expiring_commands', null);
    return null;
  }
  return known;
}

async function flushStatements(
  bulk: BulkWriter,
  trx: ReadModelTransaction,
  events: readonly RecordedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const expirations: UcExpirationTable[] = [];
  const statements: UcStatementTable[] = [];
  const postos: UcStatementPostoTable[] = [];
  const lines: UcStatementLineTable[] = [];
  for (const e of events) {
    if (e.type === 'CycleCompensated' || e.type === 'CycleRecompensated') statementRows(e, statements, postos, lines);
    else {
      const d = e.data as UcEventData<'CreditsExpired'>;
      expirations.push({
        uc_id: d.ucId,
        position: e.position,
        date: d.date,
        command_id: commandIdOf(e),
        wh: whOf(d.totalKwh),
      });
    }
  }
  await bulk.upsert(UC_EXPIRATION, expirations);
  // Expired credits of each statement's command, whether stored in this batch or an earlier one. A rebuild knows
  // which commands have expirations stored (it wrote them all) and asks only about those.
  const expiring = commandsWithExpirations(bulk, expirations);
  const commands = new Set<string>();
  for (const st of statements)
    if (st.command_id !== null && (!expiring || expiring.has(st.command_id))) commands.add(st.command_id);
  if (commands.size > 0) {
    const expiredBy = new Map<string, number>();
    for (const s of await bulk.select<{ uc_id: string; command_id: string; wh: number | string }>(EXPIRED_BY_COMMAND, [
      ...commands,
    ])) {
      expiredBy.set(`${s.uc_id}|${s.command_id}`, num(s.wh));
    }
    if (expiredBy.size > 0)
      for (const st of statements)
        if (st.command_id !== null) st.expired_wh = expiredBy.get(`${st.uc_id}|${st.command_id}`) ?? 0;
  }
  await bulk.upsert(UC_STATEMENT, statements);
  await bulk.upsert(UC_STATEMENT_POSTO, postos);
  await bulk.upsert(UC_STATEMENT_LINE, lines);
  // A re-billed cycle with fewer lines than the bill it replaces: the lines past its own go.
  for (const e of events) {
    if (e.type !== 'CycleRecompensated') continue;
    const d = e.data as UcEventData<'CycleRecompensated'>;
    await trx
      .deleteFrom('uc_statement_line')
      .where('uc_id', '=', d.ucId)
      .where('cycle', '=', d.cycle)
      .where('line_no', '>=', d.compensation.lines.length)
      .execute();
  }
  if (expirations.length === 0) return;
  // An expiry after a statement written by an earlier batch (same command, batch bound in between).
  const inBatch = new Set(statements.map((s) => `${s.uc_id}|${s.command_id}`));
  for (const x of expirations) {
    if (x.command_id === null || inBatch.has(`${x.uc_id}|${x.command_id}`)) continue;
    await trx
      .updateTable('uc_statement')
      .set((eb) => ({ expired_wh: eb('expired_wh', '+', x.wh) }))
      .where('uc_id', '=', x.uc_id)
      .where('command_id', '=', x.command_id)
      .execute();
  }
}

/** The UC events a statement is made of: each cycle and the expiries that came with it. */
const STATEMENT_EVENTS = {
  UcRegistered: false,
  GenerationRegistered: false,
  CapacityAdded: false,
  MembersRegistered: false,
  RateioChanged: false,
  ReadingRecorded: false,
  CycleCompensated: true,
  ExcedenteAllocated: false,
  ExcedenteReceived: false,
  CreditsExpired: true,
  TitularidadeTransferred: false,
  ContractClosed: false,
  ClosureDistributionRequested: false,
  CreditsReallocated: false,
  HeldCreditsReceived: false,
  OpeningBalanceImported: false,
  ReadingCorrected: false,
  // Its re-billed cycles follow as CycleRecompensated.
  ExcedenteReceiptCorrected: false,
  // R20: its re-billed cycles follow as CycleRecompensated.
  HeldCreditsReceiptCorrected: false,
  AllocationRedecided: false,
  // Retificação: a re-billed cycle replaces the one in force.
  CycleRecompensated: true,
} as const satisfies UcEventSelection;

/** The uc_statement projection. */
export const ucStatementProjection: Projection = {
  name: 'uc_statement',
  /*
   * Partitioned by owner: every row (uc_statement, _posto, _line, uc_expiration) is keyed by the event's own UC.
   * The expired-credits lookup reads by command id but keeps only the rows of the statement's own UC, which the
   * same partition wrote.
   */
  partitioning: 'by-owner',
  tables: ['uc_statement', 'uc_statement_posto', 'uc_statement_line', 'uc_expiration'],

  async createTables(db: Kysely<ReadModelDatabase>): Promise<void> {
    await db.schema
      .createTable('uc_statement')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('cycle', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('reading_date', 'text', (c) => c.notNull())
      .addColumn('consumed_wh', 'bigint', (c) => c.notNull())
      .addColumn('injected_wh', 'bigint', (c) => c.notNull())
      .addColumn('compensated_wh', 'bigint', (c) => c.notNull())
      .addColumn('billed_wh', 'bigint', (c) => c.notNull())
      .addColumn('excedente_wh', 'bigint', (c) => c.notNull())
      .addColumn('expired_wh', 'bigint', (c) => c.notNull())
      .addColumn('minimum_wh', 'bigint')
      .addColumn('minimum_applied', 'integer', (c) => c.notNull())
      .addColumn('p12', 'text', (c) => c.notNull())
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('command_id', 'text')
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('uc_statement_pk', ['uc_id', 'cycle'])
      .execute();
    await db.schema
      .createTable('uc_statement_posto')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('cycle', 'text', (c) => c.notNull())
      .addColumn('posto', 'text', (c) => c.notNull())
      .addColumn('consumed_wh', 'bigint', (c) => c.notNull())
      .addColumn('injected_wh', 'bigint', (c) => c.notNull())
      .addColumn('compensated_wh', 'bigint', (c) => c.notNull())
      .addColumn('billed_wh', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('uc_statement_posto_pk', ['uc_id', 'cycle', 'posto'])
      .execute();
    await db.schema
      .createTable('uc_statement_line')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('cycle', 'text', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('posto', 'text', (c) => c.notNull())
      .addColumn('wh', 'bigint', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_uc_id', 'text', (c) => c.notNull())
      .addColumn('source_posto', 'text', (c) => c.notNull())
      .addColumn('source_wh', 'bigint', (c) => c.notNull())
      .addColumn('vintage', 'text')
      .addColumn('gd_class', 'text', (c) => c.notNull())
      .addColumn('cohort', 'text')
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('uc_statement_line_pk', ['uc_id', 'cycle', 'line_no'])
      .execute();
    await db.schema
      .createTable('uc_expiration')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('command_id', 'text')
      .addColumn('wh', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('uc_expiration_pk', ['uc_id', 'position'])
      .execute();
    await db.schema
      .createIndex('uc_expiration_command')
      .ifNotExists()
      .on('uc_expiration')
      .columns(['command_id'])
      .execute();
  },

  begin(trx: ReadModelTransaction, bulk: BulkWriter): ProjectionBatch {
    const events: RecordedEvent[] = [];
    return {
      async apply(e) {
        if (readsUcEvent(STATEMENT_EVENTS, e)) events.push(e);
      },
      flush: () => flushStatements(bulk, trx, events),
    };
  },
};
