/** Creates the read-model tables (idempotent), and drops/recreates a projection's tables for a rebuild. */
import type { Kysely } from 'kysely';
import { createCheckpointTable } from './projection-checkpoints';
import { createPlanTable } from './rebuild-partitions';
import type { Projection, ReadModelTransaction } from './projection';
import { ALL_PROJECTIONS } from './projections/all-projections';
import type { ReadModelDatabase } from './read-model-database';

/** Creates the checkpoint table and every projection's tables and indexes if missing. */
export async function migrateReadModels(
  db: Kysely<ReadModelDatabase>,
  projections: readonly Projection[] = ALL_PROJECTIONS,
): Promise<void> {
  await createCheckpointTable(db);
  await createPlanTable(db);
  for (const p of projections) await p.createTables(db);
}

/**
 * Drops the projections' tables, recreates them empty and forgets their checkpoints (their partitions' too, and any
 * partitioned rebuild's plan), in one transaction.
 */
export async function resetProjections(
  db: Kysely<ReadModelDatabase>,
  projections: readonly Projection[],
): Promise<void> {
  await createCheckpointTable(db);
  await createPlanTable(db);
  await db.transaction().execute((trx) => resetInTransaction(trx, projections));
}

/** `resetProjections` inside a transaction the caller holds. */
export async function resetInTransaction(trx: ReadModelTransaction, projections: readonly Projection[]): Promise<void> {
  const names = projections.map((p) => p.name);
  for (const p of projections) {
    for (const table of p.tables) await trx.schema.dropTable(table).ifExists().execute();
    await p.createTables(trx);
  }
  await trx.deleteFrom('projection_checkpoints').where('name', 'in', names).execute();
  for (const name of names) await trx.deleteFrom('projection_checkpoints').where('name', 'like', `${name}#%`).execute();
  await trx.deleteFrom('projection_rebuild_plan').where('name', 'in', names).execute();
}
