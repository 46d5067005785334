/** `projection_checkpoints(name, position)`: in the read-model database, written in the projection's transaction. */
import type { Kysely } from 'kysely';
import type { ReadModelTransaction } from './projection';
import type { ReadModelDatabase } from './read-model-database';
import { num } from './wh';

/** Creates the checkpoint table if missing. */
export async function createCheckpointTable(db: Kysely<ReadModelDatabase>): Promise<void> {
  await db.schema
    .createTable('projection_checkpoints')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
}

/** Every stored checkpoint by projection name (absent: nothing applied yet). */
export async function loadCheckpoints(db: Kysely<ReadModelDatabase>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('projection_checkpoints').selectAll().execute();
  return new Map(rows.map((r) => [r.name, num(r.position)]));
}

/** Moves checkpoints to `position`, inside the transaction that wrote the rows. */
export async function saveCheckpoints(
  trx: ReadModelTransaction,
  names: readonly string[],
  position: number,
): Promise<void> {
  if (names.length === 0) return;
  await trx
    .insertInto('projection_checkpoints')
    .values(names.map((name) => ({ name, position })))
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ position: eb.ref('excluded.position') })))
    .execute();
}
