/** Opening the read-model database: SQLite (embedded default) or PostgreSQL, behind one Kysely. */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DatabaseSync } from 'node:sqlite';
import { Pool, types } from 'pg';
import { PostgresBulkWriter, SqliteBulkWriter, type BulkWriter, type RebuildMemory } from './bulk-writer';
import type { ReadModelTransaction } from './projection';
import { createPgSchema } from './create-pg-schema';
import { nodeSqliteDialect, openNodeSqlite } from './sqlite-kysely-dialect';
import type { ReadModelDatabase } from './read-model-database';

/** Which engine holds the read models. */
export type ReadModelDialect = 'sqlite' | 'postgres';

/** An open read-model database. */
export interface ReadModelStore {
  readonly db: Kysely<ReadModelDatabase>;
  readonly dialect: ReadModelDialect;
  /** PostgreSQL schema holding the tables (null for SQLite). */
  readonly schema: string | null;
  /** Closes the connection(s); with `dropSchema`, drops the PostgreSQL schema first (tests). */
  close(options?: { dropSchema?: boolean }): Promise<void>;
}

/** Options of `openReadModels`. */
export interface OpenReadModelsOptions {
  /** PostgreSQL schema for the tables; created if missing. Default: the `schema` URL parameter, else `public`. */
  schema?: string;
  /** PostgreSQL pool size (default 4). */
  poolSize?: number;
}

/** The node:sqlite handle under each SQLite read-model Kysely (for the bulk writer's own prepared statements). */
const sqliteHandles = new WeakMap<Kysely<ReadModelDatabase>, DatabaseSync>();

/**
 * The bulk writer for a transaction on `readModels`: on SQLite over the same connection, on PostgreSQL over `trx`;
 * `memory` is a rebuild's (null for live batches).
 */
export function bulkWriterFor(
  readModels: ReadModelStore,
  trx: ReadModelTransaction,
  memory: RebuildMemory | null = null,
): BulkWriter {
  if (readModels.dialect === 'postgres') return new PostgresBulkWriter(trx, memory);
  const handle = sqliteHandles.get(readModels.db);
  if (!handle) throw new Error('not a read-model store opened by openReadModels');
  return new SqliteBulkWriter(handle, memory);
}

/** The node:sqlite handle of a SQLite read-model store (null for PostgreSQL). */
export function sqliteHandleOf(readModels: ReadModelStore): DatabaseSync | null {
  return sqliteHandles.get(readModels.db) ?? null;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// BIGINT, COUNT (int8) and SUM (numeric) come back from pg as strings: our values are whole Wh far below 2^53.
const INT8 = 20;
const NUMERIC = 1700;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (v: string) => Number(v)
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/**
 * Opens the read models at `url`: `sqlite:<path>` or a bare path → SQLite (node:sqlite, WAL);
 * `postgres://…` / `postgresql://…` → PostgreSQL (pg Pool), tables in `options.schema` (or `?schema=` in the URL).
 * Does not create tables: `ProjectionRunner.start`/`migrateReadModels` do.
 */
export async function openReadModels(url: string, options: OpenReadModelsOptions = {}): Promise<ReadModelStore> {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : url;
  const handle = openNodeSqlite(path);
  const db = new Kysely<ReadModelDatabase>({ dialect: nodeSqliteDialect(handle) });
  sqliteHandles.set(db, handle);
  return {
    db,
    dialect: 'sqlite',
    schema: null,
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, options: OpenReadModelsOptions): Promise<ReadModelStore> {
  const parsed = new URL(url);
  const schema = options.schema ?? parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`invalid schema name "${schema}"`);
  parsed.searchParams.delete('schema');
  // Create the schema with a plain client first, then pin every pooled connection to it (one code path: no
  // schema-qualified names in the projections or the queries).
  await createPgSchema(parsed.toString(), schema);
  const pool = new Pool({
    connectionString: parsed.toString(),
    max: options.poolSize ?? 4,
    options: `-c search_path=${schema}`,
    types: pgTypes,
  });
  const db = new Kysely<ReadModelDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    schema,
    close: async (closeOptions = {}) => {
      if (closeOptions.dropSchema && schema !== 'public')
        await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
      await db.destroy();
    },
  };
}
