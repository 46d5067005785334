import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { DirectoryStore, DirectoryUc, PendingWindow } from './directory-store';

/**
 * The directory's tables. Rowids give the orders the directory answers in (UCs and titular streams in the order
 * first seen, windows in the order opened); `titular_seq` orders the UCs of a titular key as they joined it.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS directory_ucs (
  uc_id             TEXT    NOT NULL UNIQUE,
  stream            TEXT    NOT NULL,
  distribuidora     TEXT    NOT NULL,
  titular_key       TEXT    NOT NULL,
  titular_seq       INTEGER NOT NULL,
  status            TEXT    NOT NULL CHECK (status IN ('active', 'closed')),
  billed_as_group_b INTEGER NOT NULL,
  registered_at     TEXT    NOT NULL,
  readings          TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS directory_ucs_by_titular ON directory_ucs (distribuidora, titular_key, titular_seq);
CREATE TABLE IF NOT EXISTS directory_uc_expiries (
  uc_id      TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  UNIQUE (uc_id, expires_on)
);
CREATE INDEX IF NOT EXISTS directory_uc_expiries_by_date ON directory_uc_expiries (expires_on, uc_id);
CREATE TABLE IF NOT EXISTS directory_windows (
  stream        TEXT NOT NULL,
  from_uc_id    TEXT NOT NULL,
  distribuidora TEXT NOT NULL,
  titular_key   TEXT NOT NULL,
  deadline      TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('open', 'held')),
  UNIQUE (stream, from_uc_id)
);
CREATE INDEX IF NOT EXISTS directory_windows_by_deadline ON directory_windows (status, deadline);
CREATE INDEX IF NOT EXISTS directory_windows_by_titular ON directory_windows (distribuidora, titular_key, status);
CREATE TABLE IF NOT EXISTS directory_titular_streams (stream TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS directory_held_expiries (
  stream     TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  UNIQUE (stream, expires_on)
);
CREATE INDEX IF NOT EXISTS directory_held_expiries_by_date ON directory_held_expiries (expires_on, stream);
CREATE TABLE IF NOT EXISTS directory_applied (
  stream   TEXT    PRIMARY KEY,
  revision INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS directory_checkpoint (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
`;

/**
 * The UCs with an expiry on or before a date, found through the date index (CROSS JOIN keeps the expiries as the
 * outer loop: no scan of the UCs), with their registration order.
 */
export const DUE_UC_EXPIRIES_SQL = `SELECT DISTINCT e.uc_id AS id, u.rowid AS seq FROM directory_uc_expiries e INDEXED BY directory_uc_expiries_by_date
  CROSS JOIN directory_ucs u ON u.uc_id = e.uc_id WHERE e.expires_on <= ?`;

/** The titular streams with a held expiry on or before a date, through the date index, in the order first seen. */
export const DUE_HELD_EXPIRIES_SQL = `SELECT DISTINCT e.stream AS id, t.rowid AS seq FROM directory_held_expiries e INDEXED BY directory_held_expiries_by_date
  CROSS JOIN directory_titular_streams t ON t.stream = e.stream WHERE e.expires_on <= ?`;

const bySeq = (rows: { id: string; seq: number }[]): string[] =>
  rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map((r) => r.id);

interface UcRow {
  uc_id: string;
  stream: string;
  distribuidora: string;
  titular_key: string;
  status: 'active' | 'closed';
  billed_as_group_b: number;
  registered_at: string;
  readings: string;
}

interface WindowRow {
  stream: string;
  from_uc_id: string;
  distribuidora: string;
  titular_key: string;
  deadline: string;
  status: 'open' | 'held';
}

const WINDOW_COLUMNS = 'stream, from_uc_id, distribuidora, titular_key, deadline, status';

const toWindow = (r: WindowRow): PendingWindow => ({
  stream: r.stream,
  fromUcId: r.from_uc_id,
  distribuidora: r.distribuidora,
  titularKey: r.titular_key,
  deadline: r.deadline,
  status: r.status,
});

/**
 * `DirectoryStore` on SQLite tables (node:sqlite): in the API, DATA_DIR/platform.db; in the simulation, a file
 * of its data directory. Its checkpoint sits in the same file, so a batch of events and the checkpoint it moves to
 * commit together.
 */
export class SqliteDirectoryStore implements DirectoryStore {
  private readonly db: DatabaseSync;
  private readonly owned: boolean;
  private depth = 0;
  private readonly statements = new Map<string, StatementSync>();

  /** `source`: a file path (opened and owned here) or an open handle. */
  constructor(source: string | DatabaseSync) {
    if (typeof source === 'string') {
      this.db = new DatabaseSync(source, { timeout: 5000 });
      this.owned = true;
      try {
        this.db.exec('PRAGMA journal_mode = WAL');
        // A transaction lost at a power cut is applied again from the checkpoint it left behind.
        this.db.exec('PRAGMA synchronous = NORMAL');
      } catch (error) {
        this.db.close();
        throw error;
      }
    } else {
      this.db = source;
      this.owned = false;
    }
    this.db.exec(SCHEMA);
  }

  private sql(text: string): StatementSync {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  transaction<T>(fn: () => T): T {
    if (this.depth > 0 || this.db.isTransaction) {
      this.depth++;
      try {
        return fn();
      } finally {
        this.depth--;
      }
    }
    this.sql('BEGIN IMMEDIATE').run();
    this.depth++;
    try {
      const result = fn();
      this.sql('COMMIT').run();
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.sql('ROLLBACK').run();
      throw error;
    } finally {
      this.depth--;
    }
  }

  checkpoint(): number | null {
    const row = this.sql('SELECT position FROM directory_checkpoint WHERE id = 1').get() as
      { position: number } | undefined;
    return row ? Number(row.position) : null;
  }

  setCheckpoint(position: number): void {
    this.sql(
      'INSERT INTO directory_checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
    ).run(position);
  }

  appliedRevision(stream: string): number | null {
    const row = this.sql('SELECT revision FROM directory_applied WHERE stream = ?').get(stream) as
      { revision: number } | undefined;
    return row ? Number(row.revision) : null;
  }

  setAppliedRevision(stream: string, revision: number): void {
    this.sql(
      'INSERT INTO directory_applied (stream, revision) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision',
    ).run(stream, revision);
  }

  getUc(ucId: string): DirectoryUc | undefined {
    const r = this.sql(
      'SELECT uc_id, stream, distribuidora, titular_key, status, billed_as_group_b, registered_at, readings FROM directory_ucs WHERE uc_id = ?',
    ).get(ucId) as UcRow | undefined;
    if (!r) return undefined;
    return {
      ucId: r.uc_id,
      stream: r.stream,
      distribuidora: r.distribuidora,
      titularKey: r.titular_key,
      status: r.status,
      billedAsGroupB: Number(r.billed_as_group_b) === 1,
      registeredAt: r.registered_at,
      readings: JSON.parse(r.readings) as DirectoryUc['readings'],
    };
  }

  private nextTitularSeq(distribuidora: string, titularKey: string): number {
    const row = this.sql(
      'SELECT COALESCE(MAX(titular_seq), 0) + 1 AS seq FROM directory_ucs WHERE distribuidora = ? AND titular_key = ?',
    ).get(distribuidora, titularKey) as { seq: number };
    return Number(row.seq);
  }

  putUc(uc: DirectoryUc): void {
    this.transaction(() => {
      const seq = this.nextTitularSeq(uc.distribuidora, uc.titularKey);
      this.sql(
        `INSERT INTO directory_ucs (uc_id, stream, distribuidora, titular_key, titular_seq, status, billed_as_group_b, registered_at, readings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (uc_id) DO UPDATE SET stream = excluded.stream, distribuidora = excluded.distribuidora,
           titular_seq = CASE WHEN distribuidora = excluded.distribuidora AND titular_key = excluded.titular_key THEN titular_seq ELSE excluded.titular_seq END,
           titular_key = excluded.titular_key, status = excluded.status, billed_as_group_b = excluded.billed_as_group_b,
           registered_at = excluded.registered_at, readings = excluded.readings`,
      ).run(
        uc.ucId,
        uc.stream,
        uc.distribuidora,
        uc.titularKey,
        seq,
        uc.status,
        uc.billedAsGroupB ? 1 : 0,
        uc.registeredAt,
        JSON.stringify(uc.readings),
      );
    });
  }

  setReadings(ucId: string, readings: DirectoryUc['readings']): void {
    this.sql('UPDATE directory_ucs SET readings = ? WHERE uc_id = ?').run(JSON.stringify(readings), ucId);
  }

  setStatus(ucId: string, status: DirectoryUc['status']): void {
    this.sql('UPDATE directory_ucs SET status = ? WHERE uc_id = ?').run(status, ucId);
  }

  setTitular(ucId: string, titularKey: string): void {
    this.transaction(() => {
      const row = this.sql('SELECT distribuidora FROM directory_ucs WHERE uc_id = ?').get(ucId) as
        { distribuidora: string } | undefined;
      if (!row) return;
      const seq = this.nextTitularSeq(row.distribuidora, titularKey);
      this.sql('UPDATE directory_ucs SET titular_key = ?, titular_seq = ? WHERE uc_id = ?').run(titularKey, seq, ucId);
    });
  }

  ucIdsOfTitular(distribuidora: string, titularKey: string): string[] {
    const rows = this.sql(
      'SELECT uc_id FROM directory_ucs WHERE distribuidora = ? AND titular_key = ? ORDER BY titular_seq',
    ).all(distribuidora, titularKey) as { uc_id: string }[];
    return rows.map((r) => r.uc_id);
  }

  addUcExpiry(ucId: string, expiresOn: string): void {
    this.sql('INSERT OR IGNORE INTO directory_uc_expiries (uc_id, expires_on) VALUES (?, ?)').run(ucId, expiresOn);
  }

  clearUcExpiries(ucId: string): void {
    this.sql('DELETE FROM directory_uc_expiries WHERE uc_id = ?').run(ucId);
  }

  takeUcExpiries(date: string): string[] {
    return this.transaction(() => {
      const rows = this.sql(DUE_UC_EXPIRIES_SQL).all(date) as { id: string; seq: number }[];
      this.sql('DELETE FROM directory_uc_expiries INDEXED BY directory_uc_expiries_by_date WHERE expires_on <= ?').run(
        date,
      );
      return bySeq(rows);
    });
  }

  putWindow(w: PendingWindow): void {
    this.sql(
      `INSERT INTO directory_windows (${WINDOW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (stream, from_uc_id) DO UPDATE SET distribuidora = excluded.distribuidora, titular_key = excluded.titular_key,
         deadline = excluded.deadline, status = excluded.status`,
    ).run(w.stream, w.fromUcId, w.distribuidora, w.titularKey, w.deadline, w.status);
  }

  deleteWindow(stream: string, fromUcId: string): void {
    this.sql('DELETE FROM directory_windows WHERE stream = ? AND from_uc_id = ?').run(stream, fromUcId);
  }

  setWindowStatus(stream: string, fromUcId: string, status: PendingWindow['status']): void {
    this.sql('UPDATE directory_windows SET status = ? WHERE stream = ? AND from_uc_id = ?').run(
      status,
      stream,
      fromUcId,
    );
  }

  openWindowsBefore(date: string): PendingWindow[] {
    const rows = this.sql(
      `SELECT ${WINDOW_COLUMNS} FROM directory_windows WHERE status = 'open' AND deadline < ? ORDER BY rowid`,
    ).all(date) as unknown as WindowRow[];
    return rows.map(toWindow);
  }

  heldWindowsOf(distribuidora: string, titularKey: string): PendingWindow[] {
    const rows = this.sql(
      `SELECT ${WINDOW_COLUMNS} FROM directory_windows WHERE distribuidora = ? AND titular_key = ? AND status = 'held' ORDER BY rowid`,
    ).all(distribuidora, titularKey) as unknown as WindowRow[];
    return rows.map(toWindow);
  }

  addHeldExpiries(stream: string, expiries: string[]): void {
    this.transaction(() => {
      this.sql('INSERT OR IGNORE INTO directory_titular_streams (stream) VALUES (?)').run(stream);
      for (const x of expiries)
        this.sql('INSERT OR IGNORE INTO directory_held_expiries (stream, expires_on) VALUES (?, ?)').run(stream, x);
    });
  }

  takeHeldExpiries(date: string): string[] {
    return this.transaction(() => {
      const rows = this.sql(DUE_HELD_EXPIRIES_SQL).all(date) as { id: string; seq: number }[];
      this.sql(
        'DELETE FROM directory_held_expiries INDEXED BY directory_held_expiries_by_date WHERE expires_on <= ?',
      ).run(date);
      return bySeq(rows);
    });
  }

  titularStreams(): string[] {
    return (this.sql('SELECT stream FROM directory_titular_streams ORDER BY rowid').all() as { stream: string }[]).map(
      (r) => r.stream,
    );
  }

  /** Closes the handle if this store opened it. */
  close(): void {
    if (this.owned && this.db.isOpen) this.db.close();
  }
}
