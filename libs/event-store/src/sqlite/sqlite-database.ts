/** Opening the event-store file: pragmas for durability and the schema. */
import { DatabaseSync } from 'node:sqlite';

/** How hard SQLite syncs on commit; FULL (the default) fsyncs the WAL on every commit. */
export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

/** Options for opening an event-store file. */
export interface SqliteOpenOptions {
  synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's write lock before failing (ms). */
  busyTimeoutMs?: number;
  /**
   * SQLite's page cache (KiB; default 65,536). A reader that goes once through the whole file (`compensa audit`)
   * takes a small one: a large one only fills with pages read once, which count in the process's RSS.
   */
  cacheKib?: number;
}

// position is the rowid: assigned in commit order, never reused since nothing is ever deleted.
// The hash sits in its own column so that an append finds the stream's last hash without parsing JSON.
// events_by_type: a readAll by event type (an audit's registrations, held-credit deliveries) reads only those rows.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream   TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  id       TEXT    NOT NULL UNIQUE,
  type     TEXT    NOT NULL,
  data     TEXT    NOT NULL,
  metadata TEXT    NOT NULL,
  hash     TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
`;

/** Opens (creating if needed) an event-store file in WAL mode with the given durability. */
export function openSqliteDatabase(path: string, options: SqliteOpenOptions = {}): DatabaseSync {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = new DatabaseSync(path, { timeout: busyTimeoutMs });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
    // Page cache and WAL checkpoint size: performance only, no durability trade (every commit still fsyncs the WAL
    // with synchronous FULL). An append dirties a leaf of the (stream, revision) index per stream, scattered over the
    // whole file: SQLite's default 2 MB cache re-read those pages (and their parents) from the OS on every batch.
    db.exec(`PRAGMA cache_size = -${Math.max(1, Math.trunc(options.cacheKib ?? 65_536))}`);
    // Checkpoint (copy the WAL back into the file, and fsync it) every 64 MB of WAL instead of every 4 MB: a bulk
    // commit of 1,000 appends writes several MB, so the default checkpointed after each one; pages re-dirtied
    // between checkpoints (the table's and the type index's tail, the indexes' upper levels) are copied once.
    db.exec('PRAGMA wal_autocheckpoint = 16384');
    // Each append of a group commit runs in its own SAVEPOINT, whose undo copy of every page it touches (the
    // statement journal) SQLite writes to a temporary file by default: a write call per page, in the kernel. In
    // memory instead (a page copy; the journal lives only until the savepoint is released). Durability is the WAL's.
    db.exec('PRAGMA temp_store = MEMORY');
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    db.exec(SCHEMA);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
