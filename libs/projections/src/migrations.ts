/** Creates the read-model tables (idempotent), and drops/recreates a projection's tables for a rebuild. */
import { sql, type Kysely } from 'kysely';
import { createCheckpointTable } from './projection-checkpoints';
import { createPlanTable } from './rebuild-partitions';
import {
  createSchemaVersionTable,
  isPostgres,
  outdatedProjections,
  saveSchemaVersions,
} from './projection-schema-versions';
import type { Projection, ProjectionName, ReadModelTransaction } from './projection';
import { ALL_PROJECTIONS } from './projections/all-projections';
import type { ReadModelDatabase } from './read-model-database';

/** The PostgreSQL advisory lock every migration takes ("migr" in ASCII; any fixed number). */
const MIGRATE_LOCK_KEY = 0x6d696772;

/**
 * Creates the checkpoint table and every projection's tables and indexes if missing. A projection whose rows were
 * written in an older shape of its tables is dropped and recreated empty, its checkpoint forgotten: the runner then
 * replays the log into it. On PostgreSQL all of it runs in one transaction under an advisory lock, as several
 * instances may start at once and `CREATE TABLE IF NOT EXISTS` is not safe against itself there; inside a caller's
 * transaction it takes the lock in that transaction. Returns the projections it reset (to be replayed).
 */
export async function migrateReadModels(
  db: Kysely<ReadModelDatabase>,
  projections: readonly Projection[] = ALL_PROJECTIONS,
): Promise<ProjectionName[]> {
  if (!isPostgres(db)) return migrateIn(db, projections, (reset) => db.transaction().execute(reset));
  const locked = async (trx: Kysely<ReadModelDatabase>) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATE_LOCK_KEY})`.execute(trx);
    return migrateIn(trx, projections, (reset) => reset(trx as ReadModelTransaction));
  };
  return db.isTransaction ? locked(db) : db.transaction().execute(locked);
}

/**
 * The migration itself; `inTransaction` runs the reset of outdated projections atomically (SQLite: a transaction of
 * its own, each CREATE before it being its own too, as a SQLite transaction that reads before it writes cannot wait
 * for another writer; PostgreSQL: the caller's).
 */
async function migrateIn(
  db: Kysely<ReadModelDatabase>,
  projections: readonly Projection[],
  inTransaction: (reset: (trx: ReadModelTransaction) => Promise<void>) => Promise<void>,
): Promise<ProjectionName[]> {
  await createCheckpointTable(db);
  await createPlanTable(db);
  await createSchemaVersionTable(db);
  const outdated = new Set(await outdatedProjections(db, projections));
  if (outdated.size > 0)
    await inTransaction((trx) =>
      resetInTransaction(
        trx,
        projections.filter((p) => outdated.has(p.name)),
      ),
    );
  for (const p of projections) await p.createTables(db);
  await saveSchemaVersions(
    db,
    projections.filter((p) => !outdated.has(p.name)).map((p) => p.name),
  );
  return [...outdated];
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
  await createSchemaVersionTable(db);
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
  await saveSchemaVersions(trx, names);
}
