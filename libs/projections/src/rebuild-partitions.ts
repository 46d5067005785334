/**
 * A rebuild split across workers: partition `i` of `N` applies the events of the streams whose key hashes to `i`
 * (the owner of the rows, see each projection's `partitioning`), keeps its own checkpoint `<projection>#i/N`, and
 * stops at the plan's target (the log's head when the plan was made), so every partition ends at the same position
 * and the projection's own checkpoint is that position once all are done.
 *
 * The plan (`projection_rebuild_plan`: projection, partition count, target) is what the partitions share: made once
 * (tables dropped and recreated, deferred indexes dropped), finished once (deferred indexes built, the partition
 * checkpoints collapsed into the projection's). While a projection has a plan, a live runner does not apply it.
 */
import { sql, type Kysely } from 'kysely';
import type { RecordedEvent } from '@compensa/event-store';
import type { ReadModelDatabase } from './read-model-database';
import type { ReadModelTransaction } from './projection';
import type { ReadModelDialect } from './read-model-store';
import { num } from './wh';

/** Partition `index` of `count` (0 ≤ index < count). */
export interface RebuildPartition {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/N` (`--partition 0/2`). */
export function parsePartition(text: string): RebuildPartition {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const partition = match ? { index: Number(match[1]), count: Number(match[2]) } : null;
  if (!partition || partition.count < 1 || partition.index >= partition.count)
    throw new TypeError(`invalid partition "${text}": expected i/N with 0 ≤ i < N, e.g. 0/2`);
  return partition;
}

/** The checkpoint row of a projection's partition. */
export function partitionCheckpointName(projection: string, partition: RebuildPartition): string {
  return `${projection}#${partition.index}/${partition.count}`;
}

/**
 * The owner of the rows an event writes: its stream (a UC's stream `uc-<distribuidora>-<ucId>` holds the events of
 * that UC alone, whose rows are keyed by its `ucId`; a titular stream keys its rows by the stream).
 */
export function ownerKeyOf(e: RecordedEvent): string {
  return e.stream;
}

/** FNV-1a (32 bits) of the owner key, modulo the partition count: the same in every process. */
export function partitionOf(e: RecordedEvent, count: number): number {
  if (count === 1) return 0;
  const key = ownerKeyOf(e);
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/** A projection's plan. */
export interface RebuildPlan {
  readonly name: string;
  readonly partitions: number;
  readonly target: number;
}

/** Creates the plan table if missing. */
export async function createPlanTable(db: Kysely<ReadModelDatabase>): Promise<void> {
  await db.schema
    .createTable('projection_rebuild_plan')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('partitions', 'integer', (c) => c.notNull())
    .addColumn('target', 'bigint', (c) => c.notNull())
    .execute();
}

/** The plans of the named projections. */
export async function loadPlans(
  db: Kysely<ReadModelDatabase> | ReadModelTransaction,
  names: readonly string[],
): Promise<Map<string, RebuildPlan>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('projection_rebuild_plan').selectAll().where('name', 'in', names).execute();
  return new Map(rows.map((r) => [r.name, { name: r.name, partitions: num(r.partitions), target: num(r.target) }]));
}

/**
 * Serializes the plan's writers (partitions starting or finishing at once): PostgreSQL locks the plan table, SQLite
 * takes its write lock with a first write (a deferred transaction that read first could not upgrade under another
 * writer).
 */
export async function lockPlans(trx: ReadModelTransaction, dialect: ReadModelDialect): Promise<void> {
  if (dialect === 'postgres') await sql`LOCK TABLE projection_rebuild_plan IN EXCLUSIVE MODE`.execute(trx);
  else await trx.updateTable('projection_rebuild_plan').set({ name: '' }).where('name', '=', '').execute();
}
