/**
 * invoice_shares: per UC, cycle, source UC and GD class, what that source's energy accounts for in the cycle's
 * invoice: the kWh it compensated, the R$ it took off the bill, the SCEE charge paid on it (R23) and its part of the
 * savings (R28), in centavos, as `invoiceSharesOf` splits the invoice `invoiceOfCycle` derives from the recorded
 * CycleCompensated (each compensation line names its source UC). It answers a generator's SCEE charge by year and the
 * portfolio's money by month and class.
 *
 * A projection of its own (not more tables of `invoices`): on a store whose read models predate it, it has no
 * checkpoint, so the runner replays the log into it from the start while the others go on from theirs.
 */
import type { RecordedEvent } from '@compensa/event-store';
import { invoiceSharesOf } from '@compensa/domain';
import type { Kysely } from 'kysely';
import { cycleInvoiceOf } from '../cycle-invoice';
import { INVOICE_EVENTS } from './invoices.projection';
import {
  distribuidoraOfUcStream,
  readsUcEvent,
  type Projection,
  type ProjectionBatch,
  type ReadModelTransaction,
} from '../projection';
import type { InvoiceShareTable, ReadModelDatabase } from '../read-model-database';
import { tableSpec, type BulkWriter } from '../bulk-writer';

const INVOICE_SHARE = tableSpec<InvoiceShareTable>({
  table: 'invoice_share',
  columns: [
    ['uc_id', 'text'],
    ['cycle', 'text'],
    ['source_uc_id', 'text'],
    ['gd_class', 'text'],
    ['distribuidora', 'text'],
    ['wh', 'bigint'],
    ['compensated_cents', 'bigint'],
    ['scce_cents', 'bigint'],
    ['savings_cents', 'bigint'],
    ['position', 'bigint'],
  ],
  key: ['uc_id', 'cycle', 'source_uc_id', 'gd_class'],
  onConflict: {
    set: ['distribuidora', 'wh', 'compensated_cents', 'scce_cents', 'savings_cents', 'position'],
  },
});

/** Centavos as a column value (exact as a double far beyond any bill). */
const cents = (value: bigint | null) => (value === null ? null : Number(value));

/**
 * The rows of one CycleCompensated or CycleRecompensated (upcast first: an older event has no `billing`, and its R$
 * are null).
 */
function shareRows(e: RecordedEvent, out: InvoiceShareTable[]): void {
  const { data: d, invoice } = cycleInvoiceOf(e);
  if (d.lines.length === 0) return;
  // R23/R28: the invoice (derived once for both projections) split by the source of each compensated kWh.
  const distribuidora = distribuidoraOfUcStream(e.stream, d.ucId);
  for (const s of invoiceSharesOf(d, invoice)) {
    out.push({
      uc_id: d.ucId,
      cycle: d.cycle,
      source_uc_id: s.sourceUcId,
      gd_class: s.gdClass,
      distribuidora,
      wh: Number(s.wh),
      compensated_cents: cents(s.compensatedCents),
      scce_cents: cents(s.scceCents),
      savings_cents: cents(s.savingsCents),
      position: e.position,
    });
  }
}

/** The invoice_shares projection. */
export const invoiceSharesProjection: Projection = {
  name: 'invoice_shares',
  /*
   * Partitioned by owner: the rows are keyed by the billed UC (the event's own); the source UC is a column, read
   * from the event, never another stream's row.
   */
  partitioning: 'by-owner',
  tables: ['invoice_share'],

  async createTables(db: Kysely<ReadModelDatabase>): Promise<void> {
    await db.schema
      .createTable('invoice_share')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('cycle', 'text', (c) => c.notNull())
      .addColumn('source_uc_id', 'text', (c) => c.notNull())
      .addColumn('gd_class', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('wh', 'bigint', (c) => c.notNull())
      .addColumn('compensated_cents', 'bigint')
      .addColumn('scce_cents', 'bigint')
      .addColumn('savings_cents', 'bigint')
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('invoice_share_pk', ['uc_id', 'cycle', 'source_uc_id', 'gd_class'])
      .execute();
    await db.schema
      .createIndex('invoice_share_source')
      .ifNotExists()
      .on('invoice_share')
      .columns(['source_uc_id', 'cycle'])
      .execute();
    await db.schema
      .createIndex('invoice_share_cycle')
      .ifNotExists()
      .on('invoice_share')
      .columns(['cycle', 'gd_class'])
      .execute();
  },
  deferredIndexes: ['invoice_share_source', 'invoice_share_cycle'],

  begin(trx: ReadModelTransaction, bulk: BulkWriter): ProjectionBatch {
    let rows: InvoiceShareTable[] = [];
    /** Cycles re-billed in this batch: their rows of earlier batches go before this batch's are written. */
    const rebilled = new Map<string, { uc_id: string; cycle: string }>();
    return {
      async apply(e) {
        if (!readsUcEvent(INVOICE_EVENTS, e)) return;
        if (e.type === 'CycleRecompensated') {
          // Retificação: the re-billed cycle's shares replace all of the cycle's (its sources may differ).
          const { data } = cycleInvoiceOf(e);
          rows = rows.filter((r) => r.uc_id !== data.ucId || r.cycle !== data.cycle);
          rebilled.set(`${data.ucId}\u0000${data.cycle}`, { uc_id: data.ucId, cycle: data.cycle });
        }
        shareRows(e, rows);
      },
      async flush() {
        for (const { uc_id, cycle } of rebilled.values()) {
          await trx.deleteFrom('invoice_share').where('uc_id', '=', uc_id).where('cycle', '=', cycle).execute();
        }
        await bulk.upsert(INVOICE_SHARE, rows);
      },
    };
  },
};
