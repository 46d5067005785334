/**
 * uc_balance: per UC its state (distribuidora, titular, status, group, postos, generation) and its credit lots by
 * vintage, posto and GD class with their expiry; plus per-distribuidora totals (credits by expiry date, counters)
 * that the expiring_credits and portfolio queries read.
 *
 * The lots are computed by the domain's own `evolveUc` over the stored lots, so the read model follows evolve-uc.ts
 * exactly (the audit compares the two). A batch loads each UC it touches once, evolves it in memory and writes the
 * difference: a UC touched by many events of a batch costs one read and one write.
 */
import { evolveUc, initialUcState, Kwh, lotKey, parseKw, type BusinessDate, type CreditLot, type UcEvent } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { Kysely } from 'kysely';
import { domainEventOf, type UcEventData } from '../domain-event';
import { isUcStream, type Projection, type ProjectionBatch, type ReadModelTransaction } from '../projection';
import type { ReadModelDatabase, UcStateTable } from '../read-model-database';
import { chunks } from '../sql-batches';

/** Events that change the UC's lots (mirrors the credit cases of evolveUc). */
const CREDIT_EVENTS = new Set<string>([
  'CycleCompensated',
  'ExcedenteAllocated',
  'CreditsExpired',
  'TitularidadeTransferred',
  'ContractClosed',
  'CreditsReallocated',
  'HeldCreditsReceived',
]);

/** Events that change the UC's state row. */
const STATE_EVENTS = new Set<string>([
  'UcRegistered',
  'GenerationRegistered',
  'CapacityAdded',
  'ReadingRecorded',
  'ExcedenteReceived',
  'TitularidadeTransferred',
  'ContractClosed',
]);

/** A UC as loaded at the start of a batch and as the batch leaves it. */
interface UcSnapshot {
  before: UcStateTable | null;
  beforeLots: readonly CreditLot[];
  row: UcStateTable | null;
  lots: readonly CreditLot[];
}

function lotFromRow(r: { vintage: string; posto: string; gd_class: string; source_uc_id: string; expires_on: string; wh: number }): CreditLot {
  return {
    vintage: r.vintage as BusinessDate,
    posto: r.posto as CreditLot['posto'],
    gdClass: r.gd_class as CreditLot['gdClass'],
    kwh: Kwh.ofWh(BigInt(r.wh)),
    expiresOn: r.expires_on as BusinessDate,
    sourceUcId: r.source_uc_id,
  };
}

function sumWh(lots: readonly CreditLot[]): number {
  return Number(lots.reduce((a, l) => a + l.kwh.wh, 0n));
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
  switch (e.type) {
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
  }
  row.position = e.position;
  return row;
}

/** Per-distribuidora changes a batch makes, written once at the end. */
class TotalsDelta {
  readonly byExpiry = new Map<string, { distribuidora: string; expires_on: string; wh: number }>();
  readonly byDistribuidora = new Map<string, { ucs: number; active_ucs: number; generators: number; beneficiaries: number; credits_wh: number }>();

  lots(distribuidora: string, lots: readonly CreditLot[], sign: 1 | -1): void {
    for (const l of lots) {
      const k = `${distribuidora}|${l.expiresOn}`;
      const entry = this.byExpiry.get(k) ?? { distribuidora, expires_on: l.expiresOn, wh: 0 };
      entry.wh += sign * Number(l.kwh.wh);
      this.byExpiry.set(k, entry);
    }
  }

  counters(row: UcStateTable, sign: 1 | -1): void {
    const t = this.byDistribuidora.get(row.distribuidora) ?? { ucs: 0, active_ucs: 0, generators: 0, beneficiaries: 0, credits_wh: 0 };
    t.ucs += sign;
    t.active_ucs += sign * (row.status === 'active' ? 1 : 0);
    t.generators += sign * row.is_generator;
    t.beneficiaries += sign * row.is_beneficiary;
    t.credits_wh += sign * row.credits_wh;
    this.byDistribuidora.set(row.distribuidora, t);
  }
}

async function loadSnapshots(trx: ReadModelTransaction, ucIds: string[]): Promise<Map<string, UcSnapshot>> {
  const out = new Map<string, UcSnapshot>(ucIds.map((id) => [id, { before: null, beforeLots: [], row: null, lots: [] }]));
  for (const ids of chunks(ucIds)) {
    for (const row of await trx.selectFrom('uc_state').selectAll().where('uc_id', 'in', ids).execute()) {
      const s = out.get(row.uc_id)!;
      s.before = row;
      s.row = { ...row };
    }
    const lots = await trx.selectFrom('uc_credit').selectAll().where('uc_id', 'in', ids).execute();
    for (const r of lots) {
      const s = out.get(r.uc_id)!;
      s.beforeLots = s.lots = [...s.lots, lotFromRow(r)];
    }
  }
  return out;
}

async function flushBalance(trx: ReadModelTransaction, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const ucIds = [...new Set(events.map((e) => (e.data as { ucId: string }).ucId))];
  const snapshots = await loadSnapshots(trx, ucIds);
  for (const e of events) {
    const s = snapshots.get((e.data as { ucId: string }).ucId)!;
    if (CREDIT_EVENTS.has(e.type)) {
      // The domain's evolve over the stored lots: the credit cases read nothing else of the state.
      s.lots = evolveUc({ ...initialUcState, credits: s.lots }, domainEventOf<UcEvent>(e)).credits;
    }
    s.row = evolveRow(s.row, e);
  }

  const delta = new TotalsDelta();
  const rows: UcStateTable[] = [];
  const upserts: ReadModelDatabase['uc_credit'][] = [];
  const deletes: { uc_id: string; lot: CreditLot }[] = [];
  for (const [ucId, s] of snapshots) {
    if (!s.row) continue; // events of a UC never registered: nothing to show
    s.row.credits_wh = sumWh(s.lots);
    rows.push(s.row);
    if (s.before) delta.counters(s.before, -1);
    delta.counters(s.row, 1);
    const distribuidora = s.row.distribuidora;
    delta.lots(s.before?.distribuidora ?? distribuidora, s.beforeLots, -1);
    delta.lots(distribuidora, s.lots, 1);
    const before = new Map(s.beforeLots.map((l) => [lotKey(l), l]));
    for (const l of s.lots) {
      const b = before.get(lotKey(l));
      before.delete(lotKey(l));
      if (b && b.kwh.eq(l.kwh) && b.expiresOn === l.expiresOn) continue;
      upserts.push({
        uc_id: ucId,
        vintage: l.vintage,
        posto: l.posto,
        gd_class: l.gdClass,
        source_uc_id: l.sourceUcId,
        distribuidora,
        expires_on: l.expiresOn,
        wh: Number(l.kwh.wh),
      });
    }
    for (const gone of before.values()) deletes.push({ uc_id: ucId, lot: gone });
  }

  for (const part of chunks(rows, 200)) {
    await trx
      .insertInto('uc_state')
      .values(part)
      .onConflict((oc) =>
        oc.column('uc_id').doUpdateSet((eb) => ({
          titular_document: eb.ref('excluded.titular_document'),
          titular_name: eb.ref('excluded.titular_name'),
          titular_kind: eb.ref('excluded.titular_kind'),
          titular_key: eb.ref('excluded.titular_key'),
          status: eb.ref('excluded.status'),
          is_generator: eb.ref('excluded.is_generator'),
          modalidade: eb.ref('excluded.modalidade'),
          surplus_base: eb.ref('excluded.surplus_base'),
          installed_w: eb.ref('excluded.installed_w'),
          is_beneficiary: eb.ref('excluded.is_beneficiary'),
          credits_wh: eb.ref('excluded.credits_wh'),
          last_cycle: eb.ref('excluded.last_cycle'),
          last_reading_date: eb.ref('excluded.last_reading_date'),
          position: eb.ref('excluded.position'),
        })),
      )
      .execute();
  }
  // Lots used up or gone: one DELETE per 100 lots (an OR of keys reads the same in both dialects).
  for (const part of chunks(deletes, 100)) {
    await trx
      .deleteFrom('uc_credit')
      .where((eb) =>
        eb.or(
          part.map((d) =>
            eb.and([
              eb('uc_id', '=', d.uc_id),
              eb('vintage', '=', d.lot.vintage),
              eb('posto', '=', d.lot.posto),
              eb('gd_class', '=', d.lot.gdClass),
              eb('source_uc_id', '=', d.lot.sourceUcId),
            ]),
          ),
        ),
      )
      .execute();
  }
  for (const part of chunks(upserts)) {
    await trx
      .insertInto('uc_credit')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['uc_id', 'vintage', 'posto', 'gd_class', 'source_uc_id']).doUpdateSet((eb) => ({
          wh: eb.ref('excluded.wh'),
          expires_on: eb.ref('excluded.expires_on'),
        })),
      )
      .execute();
  }
  await writeTotals(trx, delta);
}

async function writeTotals(trx: ReadModelTransaction, delta: TotalsDelta): Promise<void> {
  const expiry = [...delta.byExpiry.values()].filter((r) => r.wh !== 0);
  for (const part of chunks(expiry)) {
    await trx
      .insertInto('credit_expiry_totals')
      .values(part)
      .onConflict((oc) => oc.columns(['distribuidora', 'expires_on']).doUpdateSet((eb) => ({ wh: eb('credit_expiry_totals.wh', '+', eb.ref('excluded.wh')) })))
      .execute();
  }
  // Zero rows go, so the table is the same whatever the batch boundaries were (rebuild = live).
  if (expiry.length > 0) await trx.deleteFrom('credit_expiry_totals').where('wh', '=', 0).execute();
  const totals = [...delta.byDistribuidora].map(([distribuidora, t]) => ({ distribuidora, ...t }));
  const changed = totals.filter((t) => t.ucs || t.active_ucs || t.generators || t.beneficiaries || t.credits_wh);
  for (const part of chunks(changed)) {
    await trx
      .insertInto('distribuidora_totals')
      .values(part)
      .onConflict((oc) =>
        oc.column('distribuidora').doUpdateSet((eb) => ({
          ucs: eb('distribuidora_totals.ucs', '+', eb.ref('excluded.ucs')),
          active_ucs: eb('distribuidora_totals.active_ucs', '+', eb.ref('excluded.active_ucs')),
          generators: eb('distribuidora_totals.generators', '+', eb.ref('excluded.generators')),
          beneficiaries: eb('distribuidora_totals.beneficiaries', '+', eb.ref('excluded.beneficiaries')),
          credits_wh: eb('distribuidora_totals.credits_wh', '+', eb.ref('excluded.credits_wh')),
        })),
      )
      .execute();
  }
}

/** The uc_balance projection. */
export const ucBalanceProjection: Projection = {
  name: 'uc_balance',
  tables: ['uc_state', 'uc_credit', 'credit_expiry_totals', 'distribuidora_totals'],

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
    await db.schema.createIndex('uc_state_distribuidora').ifNotExists().on('uc_state').columns(['distribuidora', 'uc_id']).execute();
    await db.schema.createIndex('uc_state_titular').ifNotExists().on('uc_state').columns(['titular_key', 'uc_id']).execute();
    await db.schema
      .createTable('uc_credit')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('vintage', 'text', (c) => c.notNull())
      .addColumn('posto', 'text', (c) => c.notNull())
      .addColumn('gd_class', 'text', (c) => c.notNull())
      .addColumn('source_uc_id', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text', (c) => c.notNull())
      .addColumn('wh', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('uc_credit_pk', ['uc_id', 'vintage', 'posto', 'gd_class', 'source_uc_id'])
      .execute();
    // expiringCredits walks lots by expiry date.
    await db.schema.createIndex('uc_credit_expiry').ifNotExists().on('uc_credit').columns(['expires_on', 'uc_id']).execute();
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
  },

  begin(trx: ReadModelTransaction): ProjectionBatch {
    const events: RecordedEvent[] = [];
    return {
      async apply(e) {
        if (isUcStream(e) && (CREDIT_EVENTS.has(e.type) || STATE_EVENTS.has(e.type))) events.push(e);
      },
      flush: () => flushBalance(trx, events),
    };
  },
};
