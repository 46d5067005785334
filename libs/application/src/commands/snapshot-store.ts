import { EVENT_SCHEMA_VERSIONS, titularDecider, ucDecider } from '@compensa/domain';
import { createHash } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { decodeState, encodeState } from './state-codec';
import type { FoldedStream } from './stream-state-cache';

/**
 * Stream snapshots: a stream's folded state at a revision, so loading it reads the snapshot and only the events
 * after it. A cache, never the truth: the events decide (a snapshot of a different fold version is ignored, and a
 * missing or unreadable one means a full read).
 */
export interface SnapshotStore {
  load<S>(stream: string): FoldedStream<S> | null;
  save<S>(stream: string, folded: FoldedStream<S>): void;
  /** Optional: the snapshots of many streams in one read (a bulk import's chunk); streams without one are absent. */
  loadMany?<S>(streams: readonly string[]): Map<string, FoldedStream<S>>;
}

/**
 * Which fold wrote a snapshot: a number to bump when an evolve changes what it computes, and a fingerprint that
 * changes by itself with the state's fields and the events' schema versions. A snapshot of another fold is
 * ignored, and rewritten as streams are read.
 */
export const SNAPSHOT_FOLD_VERSION = `1:${createHash('sha256')
  .update(
    JSON.stringify([
      Object.keys(ucDecider.initialState).sort(),
      Object.keys(titularDecider.initialState).sort(),
      EVENT_SCHEMA_VERSIONS,
    ]),
  )
  .digest('hex')
  .slice(0, 16)}`;

/**
 * Snapshots in a table of the platform's local SQLite file (DATA_DIR/platform.db, beside the checkpoints and the UC
 * directory), whatever the event store: they describe this instance's fold, not the domain, so KurrentDB streams
 * are snapshotted locally too. One row per stream, the latest revision kept.
 */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly select: StatementSync;
  private readonly upsert: StatementSync;
  private readonly selectMany: StatementSync;

  constructor(
    db: DatabaseSync,
    private readonly foldVersion = SNAPSHOT_FOLD_VERSION,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS stream_snapshots (
      stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, fold_version TEXT NOT NULL, state TEXT NOT NULL)`);
    this.select = db.prepare('SELECT revision, fold_version, state FROM stream_snapshots WHERE stream = ?');
    this.selectMany = db.prepare(`SELECT s.stream, s.revision, s.fold_version, s.state FROM json_each(?) AS j
      JOIN stream_snapshots AS s ON s.stream = j.value`);
    this.upsert = db.prepare(`INSERT INTO stream_snapshots (stream, revision, fold_version, state) VALUES (?, ?, ?, ?)
      ON CONFLICT(stream) DO UPDATE SET revision = excluded.revision, fold_version = excluded.fold_version, state = excluded.state
      WHERE excluded.revision > stream_snapshots.revision OR excluded.fold_version <> stream_snapshots.fold_version`);
  }

  load<S>(stream: string): FoldedStream<S> | null {
    const row = this.select.get(stream) as { revision: number; fold_version: string; state: string } | undefined;
    if (!row || row.fold_version !== this.foldVersion) return null;
    try {
      return { revision: row.revision, state: decodeState<S>(row.state) };
    } catch {
      return null;
    }
  }

  loadMany<S>(streams: readonly string[]): Map<string, FoldedStream<S>> {
    const out = new Map<string, FoldedStream<S>>();
    if (streams.length === 0) return out;
    const rows = this.selectMany.all(JSON.stringify(streams)) as {
      stream: string;
      revision: number;
      fold_version: string;
      state: string;
    }[];
    for (const row of rows) {
      if (row.fold_version !== this.foldVersion) continue;
      try {
        out.set(row.stream, { revision: row.revision, state: decodeState<S>(row.state) });
      } catch {
        // Unreadable: the stream is read whole, as `load` does.
      }
    }
    return out;
  }

  save<S>(stream: string, folded: FoldedStream<S>): void {
    if (folded.revision === null) return;
    this.upsert.run(stream, folded.revision, this.foldVersion, encodeState(folded.state));
  }
}
