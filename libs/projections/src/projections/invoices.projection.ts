/**
 * invoices: per UC and cycle the invoice of R22–R28, derived by `invoiceOfCycle` from the cycle's CycleCompensated
 * alone ("Money is derived, never stored as truth": the event holds the kWh and the billing facts; this table only
 * keeps what the one function derives, so a rebuild gives the same rows).
 */
import type { RecordedEvent } from '@compensa/event-store';
import type { Kysely } from 'kysely';
import { cycleInvoiceOf } from '../cycle-invoice';
import {
  distribuidoraOfUcStream,
  readsUcEvent,
  type UcEventSelection,
  type Projection,
  type ProjectionBatch,
  type ReadModelTransaction,
} from '../projection';
import type { InvoiceTable, ReadModelDatabase } from '../read-model-database';
import { tableSpec, type BulkWriter } from '../bulk-writer';

const INVOICE = tableSpec<InvoiceTable>({
  table: 'invoice',
  columns: [
    ['uc_id', 'text'],
    ['cycle', 'text'],
    ['distribuidora', 'text'],
    ['reading_date', 'text'],
    ['status', 'text'],
    ['total', 'text'],
    ['energy_parcel', 'text'],
    ['scce_charge', 'text'],
    ['bandeira', 'text'],
    ['savings', 'text'],
    ['without_scee', 'text'],
    ['invoice', 'text'],
    ['position', 'bigint'],
    ['rebilled_by', 'text'],
    ['rebilled_on', 'text'],
    ['previous_total', 'text'],
    ['issued_total', 'text'],
    ['rebilled_times', 'integer'],
  ],
  key: ['uc_id', 'cycle'],
  onConflict: {
    set: [
      'distribuidora',
      'reading_date',
      'status',
      'total',
      'energy_parcel',
      'scce_charge',
      'bandeira',
      'savings',
      'without_scee',
      'invoice',
      'position',
      'rebilled_by',
      'rebilled_on',
      'previous_total',
      'issued_total',
      'rebilled_times',
    ],
  },
});

/**
 * The row of one CycleCompensated (upcast first: an older event has no `billing`, and says so in its notes), or of a
 * correction's CycleRecompensated, whose compensation replaces the cycle's.
 */
function invoiceRow(
  e: RecordedEvent,
): Omit<InvoiceTable, 'rebilled_by' | 'rebilled_on' | 'previous_total' | 'issued_total' | 'rebilled_times'> {
  // R22–R28: the one derivation of a cycle's money (shared with invoice_shares); a re-billed cycle's own.
  const { data: d, invoice } = cycleInvoiceOf(e);
  return {
    uc_id: d.ucId,
    cycle: d.cycle,
    distribuidora: distribuidoraOfUcStream(e.stream, d.ucId),
    reading_date: d.readingDate,
    status: invoice.status,
    total: invoice.total,
    energy_parcel: invoice.energyParcel,
    scce_charge: invoice.scceCharge,
    bandeira: invoice.bandeira,
    savings: invoice.savings,
    without_scee: invoice.withoutScee,
    invoice: JSON.stringify(invoice),
    position: e.position,
  };
}

/**
 * The UC events an invoice is made of: the cycle's compensation records its billing facts, and a correction's
 * re-billed cycle replaces it (invoice_shares reads the same ones).
 */
export const INVOICE_EVENTS = {
  UcRegistered: false,
  GenerationRegistered: false,
  CapacityAdded: false,
  MembersRegistered: false,
  RateioChanged: false,
  ReadingRecorded: false,
  CycleCompensated: true,
  ExcedenteAllocated: false,
  ExcedenteReceived: false,
  CreditsExpired: false,
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

/** The invoices projection. */
export const invoicesProjection: Projection = {
  name: 'invoices',
  /* Partitioned by owner: one row per UC and cycle, from that UC's own CycleCompensated/CycleRecompensated. */
  partitioning: 'by-owner',
  tables: ['invoice'],

  async createTables(db: Kysely<ReadModelDatabase>): Promise<void> {
    await db.schema
      .createTable('invoice')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('cycle', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('reading_date', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'text')
      .addColumn('energy_parcel', 'text')
      .addColumn('scce_charge', 'text')
      .addColumn('bandeira', 'text')
      .addColumn('savings', 'text')
      .addColumn('without_scee', 'text')
      .addColumn('invoice', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('rebilled_by', 'text')
      .addColumn('rebilled_on', 'text')
      .addColumn('previous_total', 'text')
      .addColumn('issued_total', 'text')
      .addColumn('rebilled_times', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('invoice_pk', ['uc_id', 'cycle'])
      .execute();
  },

  begin(trx: ReadModelTransaction, bulk: BulkWriter): ProjectionBatch {
    const rows: InvoiceTable[] = [];
    // The batch's rows by UC and cycle: a re-billed cycle's previous total is the batch's row, else the table's.
    const inBatch = new Map<string, InvoiceTable>();
    return {
      async apply(e) {
        if (!readsUcEvent(INVOICE_EVENTS, e)) return;
        const own = invoiceRow(e);
        const row: InvoiceTable = {
          ...own,
          rebilled_by: null,
          rebilled_on: null,
          previous_total: null,
          issued_total: own.total,
          rebilled_times: 0,
        };
        const key = `${row.uc_id}\u0000${row.cycle}`;
        if (e.type === 'CycleRecompensated') {
          // Retificação: the bill this one replaces, so a person sees what changed (the correction's report has the rest).
          const d = e.data as { correctionId: string; date: string };
          const previous =
            inBatch.get(key) ??
            (await trx
              .selectFrom('invoice')
              .select(['total', 'issued_total', 'rebilled_times'])
              .where('uc_id', '=', row.uc_id)
              .where('cycle', '=', row.cycle)
              .executeTakeFirst());
          row.rebilled_by = d.correctionId;
          row.rebilled_on = d.date;
          row.previous_total = previous?.total ?? null;
          // The invoice as first issued, and how many corrections re-billed it (a second one's "before" is the first's).
          row.issued_total = previous ? previous.issued_total : null;
          row.rebilled_times = Number(previous?.rebilled_times ?? 0) + 1;
        }
        inBatch.set(key, row);
        rows.push(row);
      },
      flush: () => bulk.upsert(INVOICE, rows),
    };
  },
};
