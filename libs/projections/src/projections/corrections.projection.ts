/**
 * corrections: one row per retificação (a UC's ReadingCorrected), so that a distribuidora's corrections can be listed
 * without reading the log. The re-billing report itself is read from the streams the correction appended to
 * (`correctionReportOf`); this table only says which corrections there are, where and when.
 */
import type { Kysely } from 'kysely';
import type { UcEventData } from '../domain-event';
import {
  distribuidoraOfUcStream,
  readsUcEvent,
  type Projection,
  type ProjectionBatch,
  type ReadModelTransaction,
  type UcEventSelection,
} from '../projection';
import type { CorrectionTable, ReadModelDatabase } from '../read-model-database';
import { tableSpec, type BulkWriter } from '../bulk-writer';

const CORRECTION = tableSpec<CorrectionTable>({
  table: 'correction',
  columns: [
    ['correction_id', 'text'],
    ['uc_id', 'text'],
    ['distribuidora', 'text'],
    ['cycle', 'text'],
    ['reading_date', 'text'],
    ['date', 'text'],
    ['reason', 'text'],
    ['reference', 'text'],
  ],
  key: ['correction_id'],
  // A correction's id is its own: the same event replayed writes the same row.
  onConflict: 'nothing',
});

/** The UC events a correction's row is made of: the corrected UC's ReadingCorrected names it. */
export const CORRECTION_EVENTS = {
  UcRegistered: false,
  GenerationRegistered: false,
  CapacityAdded: false,
  MembersRegistered: false,
  RateioChanged: false,
  ReadingRecorded: false,
  CycleCompensated: false,
  ExcedenteAllocated: false,
  ExcedenteReceived: false,
  CreditsExpired: false,
  TitularidadeTransferred: false,
  ContractClosed: false,
  ClosureDistributionRequested: false,
  CreditsReallocated: false,
  HeldCreditsReceived: false,
  OpeningBalanceImported: false,
  ReadingCorrected: true,
  // The other UCs a correction re-billed are in its report (read from their streams), not listed as corrections.
  ExcedenteReceiptCorrected: false,
  HeldCreditsReceiptCorrected: false,
  AllocationRedecided: false,
  CycleRecompensated: false,
} as const satisfies UcEventSelection;

/** The corrections projection. */
export const correctionsProjection: Projection = {
  name: 'corrections',
  /* Partitioned by owner: one row per correction, from the corrected UC's own ReadingCorrected. */
  partitioning: 'by-owner',
  tables: ['correction'],

  async createTables(db: Kysely<ReadModelDatabase>): Promise<void> {
    await db.schema
      .createTable('correction')
      .ifNotExists()
      .addColumn('correction_id', 'text', (c) => c.primaryKey())
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('cycle', 'text', (c) => c.notNull())
      .addColumn('reading_date', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .execute();
    // A distribuidora's corrections, newest first (correctionsPage).
    await db.schema
      .createIndex('correction_by_distribuidora')
      .ifNotExists()
      .on('correction')
      .columns(['distribuidora', 'date', 'correction_id'])
      .execute();
  },

  begin(_trx: ReadModelTransaction, bulk: BulkWriter): ProjectionBatch {
    const rows: CorrectionTable[] = [];
    return {
      async apply(e) {
        if (!readsUcEvent(CORRECTION_EVENTS, e)) return;
        const d = e.data as UcEventData<'ReadingCorrected'>;
        rows.push({
          correction_id: d.correctionId,
          uc_id: d.ucId,
          distribuidora: distribuidoraOfUcStream(e.stream, d.ucId),
          cycle: d.cycle,
          reading_date: d.readingDate,
          date: d.date,
          reason: d.reason,
          reference: d.reference,
        });
      },
      flush: () => bulk.upsert(CORRECTION, rows),
    };
  },
};
