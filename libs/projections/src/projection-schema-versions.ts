/**
 * `projection_schema(name, version)`: which shape of its tables each projection's rows were written in. Tables are
 * created when missing, never altered; a projection whose tables changed shape gets a new version here, and a read
 * model written in an older one is dropped and replayed from the log at the next start (the log decides: a read
 * model is a cache of it).
 */
import type { Kysely } from 'kysely';
import type { ProjectionName, ReadModelTransaction } from './projection';
import type { ReadModelDatabase } from './read-model-database';

/**
 * The current shape of each projection's tables. Raise a projection's number when its tables change (a column, a
 * key): every existing read model of it is then rebuilt once, by itself.
 */
export const PROJECTION_SCHEMA_VERSIONS: { readonly [P in ProjectionName]: number } = {
  // 2: R23, uc_credit keyed by the 2023-H1 cohort too.
  uc_balance: 2,
  // 2: R23, uc_statement_line.cohort.
  uc_statement: 2,
  titular_holdings: 1,
  generator_flows: 1,
  invoices: 1,
  invoice_shares: 1,
};

/** Creates the version table if missing. */
export async function createSchemaVersionTable(db: Kysely<ReadModelDatabase>): Promise<void> {
  await db.schema
    .createTable('projection_schema')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

/**
 * The projections whose rows were written in an older shape. A projection with no version row but a checkpoint was
 * written before versions were kept: version 1. One with neither has written nothing yet.
 */
export async function outdatedProjections(
  db: Kysely<ReadModelDatabase>,
  names: readonly ProjectionName[],
): Promise<ProjectionName[]> {
  const versions = new Map(
    (await db.selectFrom('projection_schema').selectAll().execute()).map((r) => [r.name, Number(r.version)]),
  );
  const fed = new Set(
    (await db.selectFrom('projection_checkpoints').select('name').execute()).map((r) => r.name.split('#')[0]),
  );
  return names.filter((name) => {
    const stored = versions.get(name) ?? (fed.has(name) ? 1 : PROJECTION_SCHEMA_VERSIONS[name]);
    return stored !== PROJECTION_SCHEMA_VERSIONS[name];
  });
}

/** Records that these projections' tables are in their current shape (in the transaction that created them). */
export async function saveSchemaVersions(
  db: Kysely<ReadModelDatabase> | ReadModelTransaction,
  names: readonly ProjectionName[],
): Promise<void> {
  if (names.length === 0) return;
  await db
    .insertInto('projection_schema')
    .values(names.map((name) => ({ name, version: PROJECTION_SCHEMA_VERSIONS[name] })))
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ version: eb.ref('excluded.version') })))
    .execute();
}
