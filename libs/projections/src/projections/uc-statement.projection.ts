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
import { distribuidoraOfUcStream, isUcStream, type Projection, type ProjectionBatch, type ReadModelTransaction } from '../projection';
import type { ReadModelDatabase, UcExpirationTable, UcStatementLineTable, UcStatementPostoTable, UcStatementTable } from '../read-model-database';
import { chunks } from '../sql-batches';
import { num, whOf } from '../wh';

function totalWh(byPosto: Partial<Record<string, string>>): number {
  return Object.values(byPosto).reduce((a, v) => a + whOf(v ?? '0'), 0);
}

/** Rows of one CycleCompensated. */
function statementRows(e: RecordedEvent): { statement: UcStatementTable; postos: UcStatementPostoTable[]; lines: UcStatementLineTable[] } {
  const d = e.data as UcEventData<'CycleCompensated'>;
  const ucId = d.ucId;
  const postos = [...new Set([...Object.keys(d.consumed), ...Object.keys(d.injected), ...Object.keys(d.billed), ...Object.keys(d.compensated)])];
  const at = (m: Partial<Record<string, string>>, p: string) => whOf(m[p] ?? '0');
  return {
    statement: {
      uc_id: ucId,
      cycle: d.cycle,
      distribuidora: distribuidoraOfUcStream(e.stream, ucId),
      reading_date: d.readingDate,
      consumed_wh: totalWh(d.consumed),
      injected_wh: totalWh(d.injected),
      compensated_wh: whOf(d.compensatedKwh),
      billed_wh: totalWh(d.billed),
      excedente_wh: whOf(d.excedenteKwh),
      expired_wh: 0,
      minimum_wh: d.minimumKwh === null ? null : whOf(d.minimumKwh),
      minimum_applied: d.minimumApplied ? 1 : 0,
      p12: d.p12,
      rules: d.rules.join(','),
      command_id: commandIdOf(e),
      position: e.position,
    },
    postos: postos.map((p) => ({
      uc_id: ucId,
      cycle: d.cycle,
      posto: p,
      consumed_wh: at(d.consumed, p),
      injected_wh: at(d.injected, p),
      compensated_wh: at(d.compensated, p),
      billed_wh: at(d.billed, p),
    })),
    lines: d.lines.map((l, i) => ({
      uc_id: ucId,
      cycle: d.cycle,
      line_no: i,
      posto: l.posto,
      wh: whOf(l.kwh),
      source: l.source,
      source_uc_id: l.sourceUcId,
      source_posto: l.sourcePosto,
      source_wh: whOf(l.sourceKwh),
      vintage: l.vintage,
      gd_class: l.gdClass,
      rule: l.rule,
      label: l.label,
    })),
  };
}

function commandIdOf(e: RecordedEvent): string | null {
  const id = e.metadata.commandId;
  return typeof id === 'string' && id !== '' ? id : null;
}

async function flushStatements(trx: ReadModelTransaction, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const expirations: UcExpirationTable[] = [];
  const built: ReturnType<typeof statementRows>[] = [];
  for (const e of events) {
    if (e.type === 'CycleCompensated') built.push(statementRows(e));
    else {
      const d = e.data as UcEventData<'CreditsExpired'>;
      expirations.push({ uc_id: d.ucId, position: e.position, date: d.date, command_id: commandIdOf(e), wh: whOf(d.totalKwh) });
    }
  }
  for (const part of chunks(expirations)) {
    await trx.insertInto('uc_expiration').values(part).onConflict((oc) => oc.columns(['uc_id', 'position']).doNothing()).execute();
  }
  // Expired credits of each statement's command, whether stored in this batch or an earlier one.
  const commands = [...new Set(built.map((b) => b.statement.command_id).filter((c): c is string => c !== null))];
  const expiredBy = new Map<string, number>();
  for (const ids of chunks(commands)) {
    const sums = await trx
      .selectFrom('uc_expiration')
      .select(['uc_id', 'command_id', (eb) => eb.fn.sum<number>('wh').as('wh')])
      .where('command_id', 'in', ids)
      .groupBy(['uc_id', 'command_id'])
      .execute();
    for (const s of sums) expiredBy.set(`${s.uc_id}|${s.command_id}`, num(s.wh));
  }
  const statements = built.map((b) => ({ ...b.statement, expired_wh: expiredBy.get(`${b.statement.uc_id}|${b.statement.command_id}`) ?? 0 }));
  for (const part of chunks(statements, 200)) {
    await trx
      .insertInto('uc_statement')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['uc_id', 'cycle']).doUpdateSet((eb) => ({
          reading_date: eb.ref('excluded.reading_date'),
          consumed_wh: eb.ref('excluded.consumed_wh'),
          injected_wh: eb.ref('excluded.injected_wh'),
          compensated_wh: eb.ref('excluded.compensated_wh'),
          billed_wh: eb.ref('excluded.billed_wh'),
          excedente_wh: eb.ref('excluded.excedente_wh'),
          expired_wh: eb.ref('excluded.expired_wh'),
          minimum_wh: eb.ref('excluded.minimum_wh'),
          minimum_applied: eb.ref('excluded.minimum_applied'),
          p12: eb.ref('excluded.p12'),
          rules: eb.ref('excluded.rules'),
          command_id: eb.ref('excluded.command_id'),
          position: eb.ref('excluded.position'),
        })),
      )
      .execute();
  }
  for (const part of chunks(built.flatMap((b) => b.postos))) {
    await trx
      .insertInto('uc_statement_posto')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['uc_id', 'cycle', 'posto']).doUpdateSet((eb) => ({
          consumed_wh: eb.ref('excluded.consumed_wh'),
          injected_wh: eb.ref('excluded.injected_wh'),
          compensated_wh: eb.ref('excluded.compensated_wh'),
          billed_wh: eb.ref('excluded.billed_wh'),
        })),
      )
      .execute();
  }
  for (const part of chunks(built.flatMap((b) => b.lines))) {
    await trx
      .insertInto('uc_statement_line')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['uc_id', 'cycle', 'line_no']).doUpdateSet((eb) => ({
          posto: eb.ref('excluded.posto'),
          wh: eb.ref('excluded.wh'),
          source: eb.ref('excluded.source'),
          source_uc_id: eb.ref('excluded.source_uc_id'),
          source_posto: eb.ref('excluded.source_posto'),
          source_wh: eb.ref('excluded.source_wh'),
          vintage: eb.ref('excluded.vintage'),
          gd_class: eb.ref('excluded.gd_class'),
          rule: eb.ref('excluded.rule'),
          label: eb.ref('excluded.label'),
        })),
      )
      .execute();
  }
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

/** The uc_statement projection. */
export const ucStatementProjection: Projection = {
  name: 'uc_statement',
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
    await db.schema.createIndex('uc_expiration_command').ifNotExists().on('uc_expiration').columns(['command_id']).execute();
  },

  begin(trx: ReadModelTransaction): ProjectionBatch {
    const events: RecordedEvent[] = [];
    return {
      async apply(e) {
        if (isUcStream(e) && (e.type === 'CycleCompensated' || e.type === 'CreditsExpired')) events.push(e);
      },
      flush: () => flushStatements(trx, events),
    };
  },
};
