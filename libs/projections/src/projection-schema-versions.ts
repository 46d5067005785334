/**
 * `projection_schema(name, version)`: which shape of its tables each projection's rows were written in. Tables are
 * created when missing, never altered; a projection whose tables changed shape gets a new version here, and a read
 * model written in an older one is dropped and replayed from the log at the next start (the log decides: a read
 * model is a cache of it).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Projection, ProjectionName, ReadModelTransaction } from './projection';
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
  // 2: R23, titular_held_lot.cohort. 3: titular_window.closed_by (a window a retificação closed is kept, closed).
  titular_holdings: 3,
  generator_flows: 1,
  // 2: invoice.rebilled_by, rebilled_on, previous_total (a re-billed cycle says so). 3: issued_total, rebilled_times
  // (an invoice re-billed twice keeps the total first issued).
  invoices: 3,
  invoice_shares: 1,
  corrections: 1,
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
 * The projections whose rows were written in an older shape. A projection with no version row whose tables exist
 * was created before versions were kept: version 1 (even if it has fed nothing yet, its empty tables have the old
 * shape). One with neither has no tables yet: they will be created in the current shape.
 */
export async function outdatedProjections(
  db: Kysely<ReadModelDatabase>,
  projections: readonly Projection[],
): Promise<ProjectionName[]> {
  const versions = new Map(
    (await db.selectFrom('projection_schema').selectAll().execute()).map((r) => [r.name, Number(r.version)]),
  );
  const unversioned = projections.filter((p) => !versions.has(p.name));
  const existing = unversioned.length === 0 ? new Set<string>() : await tablesOf(db);
  return projections
    .filter((p) => {
      const stored = versions.get(p.name) ?? (p.tables.some((t) => existing.has(t)) ? 1 : undefined);
      return stored !== undefined && stored !== PROJECTION_SCHEMA_VERSIONS[p.name];
    })
    .map((p) => p.name);
}

/** The tables of the read-model schema (PostgreSQL: the connection's own schema only, not every schema's). */
async function tablesOf(db: Kysely<ReadModelDatabase>): Promise<Set<string>> {
  const query = isPostgres(db)
    ? sql<{
        name: string;
      }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`
    : sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`;
  return new Set((await query.execute(db)).rows.map((r) => r.name));
}

/** Whether `db` is a PostgreSQL read-model database (the caller may hold only the Kysely, or a transaction of it). */
export function isPostgres(db: Kysely<ReadModelDatabase>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
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
