/**
 * titular_holdings: credits held for titulares with no UC to take them (`titular-<distribuidora>-<key>` streams),
 * lot by lot as the stream keeps them, and the 30-day windows (R18–R20) with their deadline and status; mirrors
 * `evolveTitular`. Also the held credits' net change per distribuidora and month (`held_credit_history`).
 */
import type { RecordedEvent } from '@compensa/event-store';
import type { Kysely } from 'kysely';
import type { CreditLotJson, TitularEvent } from '@compensa/domain';
import type { TitularEventData } from '../domain-event';
import type { BulkWriter } from '../bulk-writer';
import {
  createMonthlyTable,
  dataDateOf,
  distribuidoraOfTitularStream,
  HELD_CREDIT_HISTORY,
  monthOf,
  MonthlyDelta,
} from '../credit-history';
import { isTitularStream, type Projection, type ProjectionBatch, type ReadModelTransaction } from '../projection';
import type { ReadModelDatabase } from '../read-model-database';
import { chunks } from '../sql-batches';
import { whOf } from '../wh';

/** Wh in the rows a DELETE … RETURNING wh gave back. */
function returnedWh(rows: readonly { wh: number | string | bigint }[]): number {
  let wh = 0;
  for (const r of rows) wh += Number(r.wh);
  return wh;
}

/** A titular's held lots as rows of titular_held_lot (a hold, an opening, a retificação's lots); returns their Wh. */
async function insertHeldLots(
  trx: ReadModelTransaction,
  e: RecordedEvent,
  distribuidora: string,
  titularKey: string,
  held: readonly (CreditLotJson & { fromUcId: string })[],
): Promise<number> {
  const lots = held.map((l, idx) => ({
    stream: e.stream,
    position: e.position,
    idx,
    distribuidora,
    titular_key: titularKey,
    from_uc_id: l.fromUcId,
    vintage: l.vintage,
    posto: l.posto,
    gd_class: l.gdClass,
    source_uc_id: l.sourceUcId,
    expires_on: l.expiresOn,
    wh: whOf(l.kwh),
    cohort: l.cohort ?? null,
  }));
  for (const part of chunks(lots)) await trx.insertInto('titular_held_lot').values(part).execute();
  return lots.reduce((sum, l) => sum + l.wh, 0);
}

/** Credits held for a titular, lot by lot, and their 30-day window; returns the Wh added. */
async function hold(
  trx: ReadModelTransaction,
  e: RecordedEvent,
  d: TitularEventData<'CreditsHeldForTitular' | 'OpeningHeldCreditsImported'>,
  window: { rule: string; date: string; deadline: string; status: 'open' | 'held'; defaulted_on: string | null },
): Promise<number> {
  const key = d.titular.key;
  await trx
    .insertInto('titular_holder')
    .values({
      stream: e.stream,
      distribuidora: d.distribuidora,
      titular_key: key,
      document: d.titular.document,
      name: d.titular.name,
      kind: d.titular.kind,
    })
    .onConflict((oc) =>
      oc.column('stream').doUpdateSet((eb) => ({
        document: eb.ref('excluded.document'),
        name: eb.ref('excluded.name'),
        kind: eb.ref('excluded.kind'),
      })),
    )
    .execute();
  const added = await insertHeldLots(
    trx,
    e,
    d.distribuidora,
    key,
    d.lots.map((l) => ({ ...l, fromUcId: d.fromUcId })),
  );
  // A new window replaces the open one of the same UC.
  await trx
    .deleteFrom('titular_window')
    .where('stream', '=', e.stream)
    .where('from_uc_id', '=', d.fromUcId)
    .where('status', '=', 'open')
    .execute();
  await trx
    .insertInto('titular_window')
    .values({
      stream: e.stream,
      position: e.position,
      distribuidora: d.distribuidora,
      titular_key: key,
      from_uc_id: d.fromUcId,
      ...window,
      closed_by: null,
    })
    .execute();
  return added;
}

/** Applies a titular event; returns the change in Wh of the credits held on the stream. */
async function applyHoldings(trx: ReadModelTransaction, e: RecordedEvent): Promise<number> {
  // Keyed by the titular stream's event types: a new one must be handled here or listed as moving nothing.
  const type = e.type as TitularEvent['type'];
  switch (type) {
    case 'CreditsHeldForTitular': {
      const d = e.data as TitularEventData<'CreditsHeldForTitular'>;
      return hold(trx, e, d, { rule: d.rule, date: d.date, deadline: d.deadline, status: 'open', defaulted_on: null });
    }
    case 'OpeningHeldCreditsImported': {
      // Migration: held as the platform holds them, in the 30-day state the legacy system left them.
      const d = e.data as TitularEventData<'OpeningHeldCreditsImported'>;
      return hold(trx, e, d, {
        rule: d.rule,
        date: d.leftOn,
        deadline: d.deadline,
        status: d.status,
        defaulted_on: d.defaultedOn,
      });
    }
    case 'HeldCreditsReallocated': {
      const d = e.data as TitularEventData<'HeldCreditsReallocated'>;
      const gone = await trx
        .deleteFrom('titular_held_lot')
        .where('stream', '=', e.stream)
        .where('from_uc_id', '=', d.fromUcId)
        .returning('wh')
        .execute();
      await trx
        .updateTable('titular_window')
        .set({ status: 'moved' })
        .where('stream', '=', e.stream)
        .where('from_uc_id', '=', d.fromUcId)
        .where('status', 'not in', ['moved', 'closed'])
        .execute();
      return -returnedWh(gone);
    }
    case 'HeldCreditsKept': {
      const d = e.data as TitularEventData<'HeldCreditsKept'>;
      await trx
        .updateTable('titular_window')
        .set({ status: 'held', defaulted_on: d.date })
        .where('stream', '=', e.stream)
        .where('from_uc_id', '=', d.fromUcId)
        .where('status', '=', 'open')
        .execute();
      return 0;
    }
    case 'HeldCreditsExpired': {
      // evolveTitular drops every held lot with the same source UC, vintage, posto, class, generator and cohort (R23).
      const d = e.data as TitularEventData<'HeldCreditsExpired'>;
      let gone = 0;
      for (const l of d.lots) {
        gone += returnedWh(
          await trx
            .deleteFrom('titular_held_lot')
            .where('stream', '=', e.stream)
            .where('from_uc_id', '=', l.fromUcId)
            .where('vintage', '=', l.vintage)
            .where('posto', '=', l.posto)
            .where('gd_class', '=', l.gdClass)
            .where('source_uc_id', '=', l.sourceUcId)
            .where((eb) => (l.cohort === undefined ? eb('cohort', 'is', null) : eb('cohort', '=', l.cohort)))
            .returning('wh')
            .execute(),
        );
      }
      return -gone;
    }
    case 'HeldCreditsCorrected': {
      // Retificação: the corrected history's held lots replace the stream's (its windows stay: same decisions, but a
      // hold corrected to nothing, which opened no window: R20). evolveTitular drops that window; here it stays, closed
      // and naming the correction, so the titular's page says what became of it (the audit compares open ones).
      const d = e.data as TitularEventData<'HeldCreditsCorrected'>;
      if (d.windowClosed)
        await trx
          .updateTable('titular_window')
          .set({ status: 'closed', closed_by: d.correctionId })
          .where('stream', '=', e.stream)
          .where('from_uc_id', '=', d.fromUcId)
          .where('date', '=', d.windowClosed.date)
          .where('status', '<>', 'closed')
          .execute();
      const gone = await trx.deleteFrom('titular_held_lot').where('stream', '=', e.stream).returning('wh').execute();
      const added = await insertHeldLots(trx, e, distribuidoraOfTitularStream(e), d.titularKey, d.held);
      return added - returnedWh(gone);
    }
    case 'ReallocationIndicated':
    case 'ReallocationDefaultRedecided':
      // The first: the HeldCreditsReallocated appended with it moves the lots. The second (retificação, R20): the
      // decisions re-decided move what they moved.
      return 0;
    default:
      return notATitularEvent(type);
  }
}

/** Exhaustiveness over TitularEvent; a stored type the union does not know changes nothing. */
function notATitularEvent(_type: never): number {
  return 0;
}

/** The titular_holdings projection. */
export const titularHoldingsProjection: Projection = {
  name: 'titular_holdings',
  /*
   * Partitioned by owner: titular_holder, titular_held_lot and titular_window rows are keyed by the event's own
   * titular stream; held_credit_history is a per-distribuidora sum each partition adds to.
   */
  partitioning: 'by-owner',
  tables: ['titular_holder', 'titular_held_lot', 'titular_window', 'held_credit_history'],

  async createTables(db: Kysely<ReadModelDatabase>): Promise<void> {
    await db.schema
      .createTable('titular_holder')
      .ifNotExists()
      .addColumn('stream', 'text', (c) => c.primaryKey())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('titular_key', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('titular_holder_key')
      .ifNotExists()
      .on('titular_holder')
      .columns(['titular_key'])
      .execute();
    await db.schema
      .createTable('titular_held_lot')
      .ifNotExists()
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('titular_key', 'text', (c) => c.notNull())
      .addColumn('from_uc_id', 'text', (c) => c.notNull())
      .addColumn('vintage', 'text', (c) => c.notNull())
      .addColumn('posto', 'text', (c) => c.notNull())
      .addColumn('gd_class', 'text', (c) => c.notNull())
      .addColumn('source_uc_id', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text', (c) => c.notNull())
      .addColumn('wh', 'bigint', (c) => c.notNull())
      .addColumn('cohort', 'text')
      .addPrimaryKeyConstraint('titular_held_lot_pk', ['stream', 'position', 'idx'])
      .execute();
    await db.schema
      .createIndex('titular_held_lot_key')
      .ifNotExists()
      .on('titular_held_lot')
      .columns(['titular_key'])
      .execute();
    await db.schema
      .createTable('titular_window')
      .ifNotExists()
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('titular_key', 'text', (c) => c.notNull())
      .addColumn('from_uc_id', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('defaulted_on', 'text')
      .addColumn('closed_by', 'text')
      .addPrimaryKeyConstraint('titular_window_pk', ['stream', 'position'])
      .execute();
    // pendingReallocations pages open windows by deadline.
    await db.schema
      .createIndex('titular_window_pending')
      .ifNotExists()
      .on('titular_window')
      .columns(['status', 'deadline', 'stream', 'position'])
      .execute();
    await db.schema
      .createIndex('titular_window_key')
      .ifNotExists()
      .on('titular_window')
      .columns(['titular_key'])
      .execute();
    await createMonthlyTable(db, 'held_credit_history');
  },

  deferredIndexes: ['titular_holder_key', 'titular_held_lot_key', 'titular_window_pending', 'titular_window_key'],

  begin(trx: ReadModelTransaction, bulk: BulkWriter): ProjectionBatch {
    // Each change counts in the month of the event's date; every dated month of a titular stream has a row.
    const history = new MonthlyDelta();
    return {
      async apply(e) {
        if (!isTitularStream(e)) return;
        const wh = await applyHoldings(trx, e);
        const date = dataDateOf(e);
        const month = date === null ? null : monthOf(date);
        if (month !== null) history.add(distribuidoraOfTitularStream(e), month, wh);
      },
      flush: () => bulk.upsert(HELD_CREDIT_HISTORY, history.values()),
    };
  },
};
