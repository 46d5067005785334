/**
 * generator_flows: per generator and cycle the excedente (by posto and GD class) and where each kWh went: the
 * allocations per target UC, posto and class, and what the generator retained as its own credit (ExcedenteAllocated).
 */
import type { RecordedEvent } from '@compensa/event-store';
import type { Kysely } from 'kysely';
import type { UcEventData } from '../domain-event';
import { distribuidoraOfUcStream, isUcStream, type Projection, type ProjectionBatch, type ReadModelTransaction } from '../projection';
import type { GeneratorFlowPartTable, GeneratorFlowTable, ReadModelDatabase } from '../read-model-database';
import { chunks } from '../sql-batches';
import { whOf } from '../wh';

/** Rows of one ExcedenteAllocated; parts of the same kind, target, posto and class are summed. */
function flowRows(e: RecordedEvent): { flow: GeneratorFlowTable; parts: GeneratorFlowPartTable[] } {
  const d = e.data as UcEventData<'ExcedenteAllocated'>;
  const parts = new Map<string, GeneratorFlowPartTable>();
  const add = (kind: string, target: string, p: { posto: string; gdClass: string; kwh: string }) => {
    const k = `${kind}|${target}|${p.posto}|${p.gdClass}`;
    const row = parts.get(k) ?? { uc_id: d.ucId, cycle: d.cycle, kind, target_uc_id: target, posto: p.posto, gd_class: p.gdClass, wh: 0 };
    row.wh += whOf(p.kwh);
    parts.set(k, row);
  };
  for (const p of d.excedente) add('excedente', d.ucId, p);
  for (const a of d.allocations) add('allocation', a.ucId, a);
  for (const r of d.retained) add('retained', d.ucId, r);
  const sum = (list: readonly { kwh: string }[]) => list.reduce((a, p) => a + whOf(p.kwh), 0);
  return {
    flow: {
      uc_id: d.ucId,
      cycle: d.cycle,
      distribuidora: distribuidoraOfUcStream(e.stream, d.ucId),
      reading_date: d.readingDate,
      surplus_base: d.surplusBase,
      rateio_mode: d.rateio ? d.rateio.mode : null,
      excedente_wh: whOf(d.excedenteKwh),
      allocated_wh: sum(d.allocations),
      retained_wh: sum(d.retained),
      position: e.position,
    },
    parts: [...parts.values()],
  };
}

async function flushFlows(trx: ReadModelTransaction, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const built = events.map(flowRows);
  for (const part of chunks(built.map((b) => b.flow), 200)) {
    await trx
      .insertInto('generator_flow')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['uc_id', 'cycle']).doUpdateSet((eb) => ({
          reading_date: eb.ref('excluded.reading_date'),
          surplus_base: eb.ref('excluded.surplus_base'),
          rateio_mode: eb.ref('excluded.rateio_mode'),
          excedente_wh: eb.ref('excluded.excedente_wh'),
          allocated_wh: eb.ref('excluded.allocated_wh'),
          retained_wh: eb.ref('excluded.retained_wh'),
          position: eb.ref('excluded.position'),
        })),
      )
      .execute();
  }
  for (const part of chunks(built.flatMap((b) => b.parts))) {
    await trx
      .insertInto('generator_flow_part')
      .values(part)
      .onConflict((oc) => oc.columns(['uc_id', 'cycle', 'kind', 'target_uc_id', 'posto', 'gd_class']).doUpdateSet((eb) => ({ wh: eb.ref('excluded.wh') })))
      .execute();
  }
}

/** The generator_flows projection. */
export const generatorFlowsProjection: Projection = {
  name: 'generator_flows',
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
      .addPrimaryKeyConstraint('generator_flow_part_pk', ['uc_id', 'cycle', 'kind', 'target_uc_id', 'posto', 'gd_class'])
      .execute();
    // "Where did my credits come from": a beneficiary's incoming allocations.
    await db.schema.createIndex('generator_flow_part_target').ifNotExists().on('generator_flow_part').columns(['target_uc_id', 'cycle']).execute();
  },

  begin(trx: ReadModelTransaction): ProjectionBatch {
    const events: RecordedEvent[] = [];
    return {
      async apply(e) {
        if (isUcStream(e) && e.type === 'ExcedenteAllocated') events.push(e);
      },
      flush: () => flushFlows(trx, events),
    };
  },
};
