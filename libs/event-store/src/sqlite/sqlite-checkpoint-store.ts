/** Consumer checkpoints in SQLite, moved only by compare-and-set. */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CheckpointStore } from '../event-store.port';
import { CheckpointConflict } from '../errors';
import { openSqliteDatabase } from './sqlite-database';

/**
 * `CheckpointStore` on a table of a SQLite database: the event store's own file (so a projection in the same file
 * can commit its read model and checkpoint together) or any other file or handle.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly database: () => DatabaseSync;
  private readonly owned: DatabaseSync | null;
  private readonly table: string;
  /**
   * Statements prepared once per handle (a process manager stores its checkpoint after every event it handles, and
   * preparing cost more than running); keyed by handle, since `source` may give a new one after a reopen.
   */
  private readonly prepared = new WeakMap<
    DatabaseSync,
    { select: StatementSync; insert: StatementSync; update: StatementSync }
  >();

  /** `source`: a file path (opened and owned here), an open handle, or a function giving the current handle. */
  constructor(source: string | DatabaseSync | (() => DatabaseSync), table = 'checkpoints') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table))
      throw new TypeError(`checkpoint table name ${table} is not an identifier`);
    this.table = table;
    if (typeof source === 'string') {
      const db = openSqliteDatabase(source);
      this.owned = db;
      this.database = () => db;
    } else {
      this.owned = null;
      this.database = typeof source === 'function' ? source : () => source;
    }
    this.database().exec(
      `CREATE TABLE IF NOT EXISTS ${this.table} (consumer TEXT PRIMARY KEY, position INTEGER NOT NULL)`,
    );
  }

  async load(consumer: string): Promise<number | null> {
    const row = this.statements().select.get(consumer) as { position: number } | undefined;
    return row?.position ?? null;
  }

  async store(consumer: string, expected: number | null, next: number): Promise<void> {
    const s = this.statements();
    // One statement each way: SQLite applies it atomically, so two instances cannot both win.
    const { changes } = expected === null ? s.insert.run(consumer, next) : s.update.run(next, consumer, expected);
    if (Number(changes) !== 1) throw new CheckpointConflict(consumer, expected, await this.load(consumer));
  }

  private statements(): { select: StatementSync; insert: StatementSync; update: StatementSync } {
    const db = this.database();
    let s = this.prepared.get(db);
    if (!s) {
      s = {
        select: db.prepare(`SELECT position FROM ${this.table} WHERE consumer = ?`),
        insert: db.prepare(`INSERT INTO ${this.table} (consumer, position) VALUES (?, ?) ON CONFLICT DO NOTHING`),
        update: db.prepare(`UPDATE ${this.table} SET position = ? WHERE consumer = ? AND position = ?`),
      };
      this.prepared.set(db, s);
    }
    return s;
  }

  /** Closes the handle if this store opened it. */
  close(): void {
    this.owned?.close();
  }
}
