import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DatabaseSync } from 'node:sqlite';
import { Pool } from 'pg';
import { createPgSchema, nodeSqliteDialect, openNodeSqlite } from '@compensa/projections';
import { directoryTableStatements } from '../directory/directory-tables';
import type { PlatformStateDatabase } from './platform-state-database';

/** An open platform-state database, its tables made. */
export interface PlatformState {
  readonly db: Kysely<PlatformStateDatabase>;
  readonly dialect: 'sqlite' | 'postgres';
  /** Closes the connection(s); with `dropSchema`, drops the PostgreSQL schema first (tests). */
  close(options?: { dropSchema?: boolean }): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the platform state: an open SQLite handle (the API's DATA_DIR/platform.db: one connection for the state, the
 * UC directory and the snapshots, as a second connection's synchronous wait for the file's lock would block the very
 * event loop the holder of that lock needs; not closed here), `sqlite:<path>` (a connection of its own) or a
 * `postgres://` URL
 * (PLATFORM_DB_URL; `schema`, else `?schema=` in the URL, else `public`). Creates the tables if missing. One Kysely
 * code path for both.
 */
export async function openPlatformState(
  source: string | DatabaseSync,
  options: { schema?: string; poolSize?: number } = {},
): Promise<PlatformState> {
  if (typeof source !== 'string') {
    const db = new Kysely<PlatformStateDatabase>({ dialect: nodeSqliteDialect(source) });
    await createTables(db, 'sqlite');
    // The handle is its opener's to close (Kysely's destroy would close it).
    return { db, dialect: 'sqlite', close: async () => undefined };
  }
  if (!/^postgres(ql)?:\/\//.test(source)) {
    const path = source.startsWith('sqlite:') ? source.slice('sqlite:'.length) : source;
    const db = new Kysely<PlatformStateDatabase>({ dialect: nodeSqliteDialect(openNodeSqlite(path)) });
    await createTables(db, 'sqlite');
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const url = new URL(source);
  const schema = options.schema ?? url.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`invalid schema name "${schema}"`);
  url.searchParams.delete('schema');
  await createPgSchema(url.toString(), schema);
  const pool = new Pool({
    connectionString: url.toString(),
    max: options.poolSize ?? 4,
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<PlatformStateDatabase>({ dialect: new PostgresDialect({ pool }) });
  await createTables(db, 'postgres');
  return {
    db,
    dialect: 'postgres',
    close: async (closeOptions = {}) => {
      if (closeOptions.dropSchema && schema !== 'public')
        await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
      await db.destroy();
    },
  };
}

/** Creates the tables; on PostgreSQL under an advisory lock, as several instances may start at once. */
async function createTables(db: Kysely<PlatformStateDatabase>, dialect: PlatformState['dialect']): Promise<void> {
  if (dialect === 'sqlite') return createTablesIn(db, dialect);
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('compensa.platform_state'))`.execute(trx);
    await createTablesIn(trx, dialect);
  });
}

async function createTablesIn(db: Kysely<PlatformStateDatabase>, dialect: PlatformState['dialect']): Promise<void> {
  for (const statement of directoryTableStatements(db, dialect)) await statement.execute();
  await db.schema
    .createTable('checkpoints')
    .ifNotExists()
    .addColumn('consumer', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('consumer_leases')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('token', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  // The shape DATA_DIR/platform.db has always had (an existing file keeps its keys).
  await db.schema
    .createTable('idempotency_keys')
    .ifNotExists()
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('pending', 'done')`))
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema
    .createTable('api_keys')
    .ifNotExists()
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('operator', 'auditor')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('import_jobs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('running', 'done', 'failed')`))
    .addColumn('received_bytes', 'bigint', (c) => c.notNull())
    .addColumn('read_bytes', 'bigint', (c) => c.notNull())
    .addColumn('eta_seconds', 'bigint')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('failure', 'text')
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .addColumn('run_options', 'text')
    .execute();
  // Added after the table's first version: added to a table made before it.
  if (dialect === 'postgres') await sql`ALTER TABLE import_jobs ADD COLUMN IF NOT EXISTS run_options text`.execute(db);
  else if (
    !(await sql<{ name: string }>`PRAGMA table_info(import_jobs)`.execute(db)).rows.some(
      (c) => c.name === 'run_options',
    )
  )
    await db.schema.alterTable('import_jobs').addColumn('run_options', 'text').execute();
  // The jobs past their retention are found by when they started.
  await db.schema.createIndex('import_jobs_started').ifNotExists().on('import_jobs').column('started_at').execute();
  await db.schema
    .createTable('import_job_errors')
    .ifNotExists()
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('uc_id', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_job_errors_pk', ['job_id', 'line'])
    .execute();
  await db.schema
    .createTable('import_job_chunks')
    .ifNotExists()
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('written_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_job_chunks_pk', ['job_id', 'seq'])
    .execute();
  await db.schema
    .createTable('correction_totals')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('totals', 'text', (c) => c.notNull())
    .execute();
}
