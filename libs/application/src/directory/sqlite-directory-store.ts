import { Kysely, SqliteDialect } from 'kysely';
import { DatabaseSync } from 'node:sqlite';
import { NodeSqliteDatabase } from '@compensa/projections';
import type { Lease } from '../platform-state/consumer-leases';
import { directoryTableStatements } from './directory-tables';
import { KyselyDirectoryStore, type DirectoryStoreDatabase } from './kysely-directory-store';

/**
 * The directory on a SQLite file or handle (KyselyDirectoryStore over node:sqlite): in the API, DATA_DIR/platform.db
 * through the handle its snapshots use (one connection: a snapshot written while a directory batch is open joins it
 * instead of waiting for it); in the simulation, a file of its data directory. Its tables are made at once.
 */
export class SqliteDirectoryStore extends KyselyDirectoryStore {
  private readonly database: DatabaseSync;
  private readonly owned: boolean;

  /** `source`: a file path (opened and owned here) or an open handle. */
  constructor(source: string | DatabaseSync, fence?: () => Lease | null) {
    const owned = typeof source === 'string';
    const database = owned ? new DatabaseSync(source, { timeout: 5000 }) : source;
    // One statement cache for Kysely's queries and those run directly inside a transaction (see `direct`).
    const statements = new NodeSqliteDatabase(database);
    const db = new Kysely<DirectoryStoreDatabase>({ dialect: new SqliteDialect({ database: statements }) });
    try {
      if (owned) {
        database.exec('PRAGMA journal_mode = WAL');
        // A transaction lost at a power cut is applied again from the checkpoint it left behind.
        database.exec('PRAGMA synchronous = NORMAL');
      }
      // Made synchronously (compiled by Kysely, run on the handle), so the store is ready once constructed.
      for (const statement of directoryTableStatements(db, 'sqlite')) database.exec(statement.compile().sql);
    } catch (error) {
      if (owned) database.close();
      throw error;
    }
    super(db, 'sqlite', fence, false, { all: (sql, parameters) => statements.prepare(sql).all(parameters) });
    this.database = database;
    this.owned = owned;
  }

  /** Closes the handle if this store opened it. */
  close(): void {
    if (this.owned && this.database.isOpen) this.database.close();
  }
}
