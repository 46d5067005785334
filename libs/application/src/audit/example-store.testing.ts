/** Test support: example stores built by the simulation, and an insider's edits to the SQLite file. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeEventHash, type EventStore, type RecordedEvent } from '@compensa/event-store';
import { runSimulation } from '../simulation/run-simulation';
import { streamAudit } from './audit-replay';
import { AuditJsonSpool } from './audit-json-spool';
import type { AuditReportSpool } from './audit-spool-file';
import type { AuditOptions, AuditSelection } from './audit-selection';

export const EXAMPLES_DIR = join(__dirname, '..', '..', '..', '..', 'examples');

/** The examples/*.jsonl scenarios, sorted. */
export function exampleScenarios(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
}

/** A temporary data directory holding the store a scenario (file name or lines) leaves behind. */
export async function buildStore(
  scenario: string | string[],
): Promise<{ dir: string; db: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-audit-'));
  const lines = Array.isArray(scenario) ? scenario : readFileSync(join(EXAMPLES_DIR, scenario), 'utf8').split('\n');
  await runSimulation(lines, { dataDir: dir });
  return { dir, db: join(dir, 'events.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The stored row of an event, by stream and type (the n-th of that type). */
export function storedEvent(
  db: string,
  stream: string,
  type: string,
  nth = 0,
): { revision: number; data: Record<string, unknown> } {
  const sqlite = new DatabaseSync(db);
  try {
    const rows = sqlite
      .prepare('SELECT revision, data FROM events WHERE stream = ? AND type = ? ORDER BY revision')
      .all(stream, type) as { revision: number; data: string }[];
    const row = rows[nth];
    if (!row) throw new Error(`no ${type} #${nth} in ${stream}`);
    return { revision: row.revision, data: JSON.parse(row.data) as Record<string, unknown> };
  } finally {
    sqlite.close();
  }
}

/** Changes one stored event's data, as an UPDATE on the file would: the hash chain breaks there. */
export function tamperData(db: string, stream: string, revision: number, data: unknown): void {
  const sqlite = new DatabaseSync(db);
  try {
    sqlite
      .prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = ?')
      .run(JSON.stringify(data), stream, revision);
  } finally {
    sqlite.close();
  }
}

/** An insider's edit: changes the data and recomputes the hash chain from there on, so check (a) passes. */
export function tamperAndRehash(db: string, stream: string, revision: number, data: unknown): void {
  tamperData(db, stream, revision, data);
  rehashFrom(db, stream, revision);
}

/**
 * A store as an older version wrote it: every event of `stream` named `from` is stored as `to` instead, with the
 * hash chain recomputed (the old writer hashed its own names). Returns how many events were renamed.
 */
export function renameStoredEvents(db: string, stream: string, from: string, to: string): number {
  const sqlite = new DatabaseSync(db);
  let renamed: number;
  try {
    renamed = Number(
      sqlite.prepare('UPDATE events SET type = ? WHERE stream = ? AND type = ?').run(to, stream, from).changes,
    );
  } finally {
    sqlite.close();
  }
  rehashFrom(db, stream, 0);
  return renamed;
}

/** Recomputes the stream's hash chain from `revision` on, as the writer would have stored it. */
function rehashFrom(db: string, stream: string, revision: number): void {
  const sqlite = new DatabaseSync(db);
  try {
    const rows = sqlite
      .prepare('SELECT revision, id, type, data, metadata, hash FROM events WHERE stream = ? ORDER BY revision')
      .all(stream) as { revision: number; id: string; type: string; data: string; metadata: string; hash: string }[];
    let prevHash: string | null = null;
    for (const row of rows) {
      if (row.revision < revision) {
        prevHash = row.hash;
        continue;
      }
      const metadata = { ...(JSON.parse(row.metadata) as RecordedEvent['metadata']), prevHash };
      const hash = computeEventHash({
        stream,
        revision: row.revision,
        id: row.id,
        type: row.type,
        data: JSON.parse(row.data),
        metadata,
      });
      sqlite
        .prepare('UPDATE events SET metadata = ?, hash = ? WHERE stream = ? AND revision = ?')
        .run(JSON.stringify(metadata), hash, stream, row.revision);
      prevHash = hash;
    }
  } finally {
    sqlite.close();
  }
}

/** The streams of a store whose names start with `prefix`. */
export function storedStreams(db: string, prefix: string): string[] {
  const sqlite = new DatabaseSync(db);
  try {
    return (
      sqlite.prepare('SELECT DISTINCT stream FROM events WHERE stream LIKE ? ORDER BY stream').all(`${prefix}%`) as {
        stream: string;
      }[]
    ).map((r) => r.stream);
  } finally {
    sqlite.close();
  }
}

/** `streamAudit`'s report as one string (JSON unless another spool is given; the examples are small). */
export async function streamedReport(
  store: EventStore,
  selection: AuditSelection,
  options: AuditOptions = {},
  spool: AuditReportSpool = new AuditJsonSpool(),
): Promise<string> {
  try {
    const report = await streamAudit(store, selection, options, spool);
    const chunks: Buffer[] = [];
    spool.finish(report, (c) => chunks.push(Buffer.from(c)));
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    spool.close();
  }
}
