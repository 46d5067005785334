/** Kysely over node:sqlite: the small adapter Kysely's SqliteDialect needs (it was written for better-sqlite3). */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

type SqliteValue = null | number | bigint | string | Uint8Array;

/** How many prepared statements are kept: Kysely re-prepares every query, and preparing costs more than running. */
const STATEMENT_CACHE_SIZE = 256;

/** Binds Kysely's parameters: node:sqlite refuses booleans and undefined. */
function bindable(parameters: ReadonlyArray<unknown>): SqliteValue[] {
  return parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : (p as SqliteValue)));
}

/** One prepared statement seen through Kysely's `SqliteStatement`. */
class NodeSqliteStatement implements SqliteStatement {
  readonly reader: boolean;

  constructor(private readonly statement: StatementSync) {
    // A statement that yields columns (SELECT, … RETURNING) is a reader.
    this.reader = statement.columns().length > 0;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.statement.all(...bindable(parameters));
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.statement.run(...bindable(parameters));
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.statement.iterate(...bindable(parameters)) as IterableIterator<unknown>;
  }
}

/** `SqliteDatabase` (Kysely) over a node:sqlite `DatabaseSync`, with an LRU cache of prepared statements. */
export class NodeSqliteDatabase implements SqliteDatabase {
  private readonly statements = new Map<string, NodeSqliteStatement>();

  constructor(readonly database: DatabaseSync) {}

  prepare(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Map order is insertion order: re-insert to mark as recently used.
      this.statements.delete(sql);
    } else {
      statement = new NodeSqliteStatement(this.database.prepare(sql));
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  close(): void {
    this.statements.clear();
    if (this.database.isOpen) this.database.close();
  }
}

/** Opens a read-model SQLite file in WAL mode (synchronous NORMAL: read models are rebuildable from the log). */
export function openNodeSqlite(path: string, busyTimeoutMs = 5000): DatabaseSync {
  const database = new DatabaseSync(path, { timeout: busyTimeoutMs });
  database.exec('PRAGMA journal_mode = WAL');
  database.exec('PRAGMA synchronous = NORMAL');
  database.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  // A page cache of up to 64 MiB (default 2 MiB): batches touch pages all over the tables' B-trees.
  database.exec('PRAGMA cache_size = -65536');
  database.exec('PRAGMA temp_store = MEMORY');
  return database;
}

/** Kysely's SqliteDialect over a node:sqlite database. */
export function nodeSqliteDialect(database: DatabaseSync): SqliteDialect {
  return new SqliteDialect({ database: new NodeSqliteDatabase(database) });
}
