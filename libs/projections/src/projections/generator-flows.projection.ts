/**
 * generator_flows: per generator and cycle the excedente (by posto and GD class) and where each kWh went: the
 * allocations per target UC, posto and class, and what the generator retained as its own credit (ExcedenteAllocated;
 * a correction's CycleRecompensated replaces the cycle's).
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
import type { GeneratorFlowPartTable, GeneratorFlowTable, ReadModelDatabase } from '../read-model-database';
import { tableSpec, type BulkWriter } from '../bulk-writer';
import { whOf } from '../wh';

const GENERATOR_FLOW = tableSpec<GeneratorFlowTable>({
  table: 'generator_flow',
  columns: [
    ['uc_id', 'text'],
    ['cycle', 'text'],
    ['distribuidora', 'text'],
    ['reading_date', 'text'],
    ['surplus_base', 'text'],
    ['rateio_mode', 'text'],
    ['excedente_wh', 'bigint'],
    ['allocated_wh', 'bigint'],
    ['retained_wh', 'bigint'],
    ['position', 'bigint'],
  ],
  key: ['uc_id', 'cycle'],
  onConflict: {
    set: ['reading_date', 'surplus_base', 'rateio_mode', 'excedente_wh', 'allocated_wh', 'retained_wh', 'position'],
  },
});

const GENERATOR_FLOW_PART = tableSpec<GeneratorFlowPartTable>({
  table: 'generator_flow_part',
  columns: [
    ['uc_id', 'text'],
    ['cycle', 'text'],
    ['kind', 'text'],
    ['target_uc_id', 'text'],
    ['posto', 'text'],
    ['gd_class', 'text'],
    ['wh', 'bigint'],
  ],
  key: ['uc_id', 'cycle', 'kind', 'target_uc_id', 'posto', 'gd_class'],
  onConflict: { set: ['wh'] },
});

/** Rows of one ExcedenteAllocated, pushed onto the batch's lists; parts of the same kind, target, posto and class are summed. */
function flowRows(e: RecordedEvent, flows: GeneratorFlowTable[], out: GeneratorFlowPartTable[]): void {
  const d = e.data as UcEventData<'ExcedenteAllocated'>;
  const parts = new Map<string, GeneratorFlowPartTable>();
  const add = (kind: string, target: string, p: { posto: string; gdClass: string; kwh: string }): number => {
    const wh = whOf(p.kwh);
    const k = `${kind}|${target}|${p.posto}|${p.gdClass}`;
    const row = parts.get(k);
    if (row) row.wh += wh;
    else
      parts.set(k, {
        uc_id: d.ucId,
        cycle: d.cycle,
        kind,
        target_uc_id: target,
        posto: p.posto,
        gd_class: p.gdClass,
        wh,
      });
    return wh;
  };
  for (const p of d.excedente) add('excedente', d.ucId, p);
  let allocated = 0;
  for (const a of d.allocations) allocated += add('allocation', a.ucId, a);
  let retained = 0;
  for (const r of d.retained) retained += add('retained', d.ucId, r);
  flows.push({
    uc_id: d.ucId,
    cycle: d.cycle,
    distribuidora: distribuidoraOfUcStream(e.stream, d.ucId),
    reading_date: d.readingDate,
    surplus_base: d.surplusBase,
    rateio_mode: d.rateio ? d.rateio.mode : null,
    excedente_wh: whOf(d.excedenteKwh),
    allocated_wh: allocated,
    retained_wh: retained,
    position: e.position,
  });
  for (const part of parts.values()) out.push(part);
}

async function flushFlows(
  bulk: BulkWriter,
  trx: ReadModelTransaction,
  events: readonly RecordedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  let flows: GeneratorFlowTable[] = [];
  let parts: GeneratorFlowPartTable[] = [];
  const write = async () => {
    await bulk.upsert(GENERATOR_FLOW, flows);
    await bulk.upsert(GENERATOR_FLOW_PART, parts);
    flows = [];
    parts = [];
  };
  for (const e of events) {
    if (e.type === 'ExcedenteAllocated') {
      flowRows(e, flows, parts);
      continue;
    }
    // Retificação: the cycle's allocation in force replaces the recorded one (none when its excedente is now 0).
    const d = e.data as UcEventData<'CycleRecompensated'>;
    await write();
    await trx.deleteFrom('generator_flow_part').where('uc_id', '=', d.ucId).where('cycle', '=', d.cycle).execute();
    await trx.deleteFrom('generator_flow').where('uc_id', '=', d.ucId).where('cycle', '=', d.cycle).execute();
    if (d.allocation) flowRows({ ...e, type: 'ExcedenteAllocated', data: d.allocation }, flows, parts);
  }
  await write();
}

/** The UC events a generator's flows are made of: what each reading allocated. */
const FLOW_EVENTS = {
  UcRegistered: false,
  GenerationRegistered: false,
  CapacityAdded: false,
  MembersRegistered: false,
  RateioChanged: false,
  ReadingRecorded: false,
  CycleCompensated: false,
  ExcedenteAllocated: true,
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

/** The generator_flows projection. */
export const generatorFlowsProjection: Projection = {
  name: 'generator_flows',
  /*
   * Partitioned by owner: the flows are written from the generator's own ExcedenteAllocated/CycleRecompensated
   * (keyed by the generator's UC, which is the event's); the beneficiaries' ExcedenteReceived are not read, so the
   * rows naming a beneficiary (target_uc_id) still belong to the generator's partition.
   */
  partitioning: 'by-owner',
  tables: ['generator_flow', 'generator_flow_part'],

  async createTables(db: Kysely<ReadModelDatabase>): Promise<void> {
    await db.schema
      .createTable('generator_flow')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('cycle', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('reading_date', 'text', (c) => c.notNull())
      .addColumn('surplus_base', 'text', (c) => c.notNull())
      .addColumn('rateio_mode', 'text')
      .addColumn('excedente_wh', 'bigint', (c) => c.notNull())
      .addColumn('allocated_wh', 'bigint', (c) => c.notNull())
      .addColumn('retained_wh', 'bigint', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('generator_flow_pk', ['uc_id', 'cycle'])
      .execute();
    await db.schema
      .createTable('generator_flow_part')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('cycle', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target_uc_id', 'text', (c) => c.notNull())
      .addColumn('posto', 'text', (c) => c.notNull())
      .addColumn('gd_class', 'text', (c) => c.notNull())
      .addColumn('wh', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('generator_flow_part_pk', [
        'uc_id',
        'cycle',
        'kind',
        'target_uc_id',
        'posto',
        'gd_class',
      ])
      .execute();
    // "Where did my credits come from": a beneficiary's incoming allocations.
    await db.schema
      .createIndex('generator_flow_part_target')
      .ifNotExists()
      .on('generator_flow_part')
      .columns(['target_uc_id', 'cycle'])
      .execute();
  },

  deferredIndexes: ['generator_flow_part_target'],

  begin(trx: ReadModelTransaction, bulk: BulkWriter): ProjectionBatch {
    const events: RecordedEvent[] = [];
    return {
      async apply(e) {
        if (readsUcEvent(FLOW_EVENTS, e)) events.push(e);
      },
      flush: () => flushFlows(bulk, trx, events),
    };
  },
};
