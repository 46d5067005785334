/**
 * A store with years of history, as the month's readings find it (bench:import, bench:api): the synthetic portfolio's
 * cycles appended (fill-store), the UC directory caught up, the process managers' checkpoints at the head (they
 * delivered the history's excedente in its month) and a snapshot of every UC (what the previous month left behind).
 */
import { Platform, SqliteDirectoryStore, SqliteSnapshotStore, SystemClock, toDomainEvent } from '@compensa/application';
import { inCurrentShape, ucDecider, type UcEvent } from '@compensa/domain';
import {
  SqliteCheckpointStore,
  SqliteEventStore,
  type CheckpointStore,
  type EventStore,
  type RecordedEvent,
} from '@compensa/event-store';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fillStore } from './fill-store';
import { buildGroups } from './synthetic-portfolio';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** What the history took to build: the estimate of a larger one is scaled from it. */
export interface HistoryBuilt {
  events: number;
  fillMs: number;
  prepareMs: number;
}

/**
 * A Platform as the CLI import opens it: checkpoints, directory and snapshots in platform.db; `stateCacheStreams`
 * as the import keeps them (the API's default when not given).
 */
export function openHistoryPlatform(
  dir: string,
  caches: { stateCacheStreams?: number; directoryCacheUcs?: number } = {},
) {
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const db = new DatabaseSync(join(dir, 'platform.db'), { timeout: 5000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  const snapshots = new SqliteSnapshotStore(db);
  const platform = new Platform({
    store,
    checkpoints: new SqliteCheckpointStore(db),
    directory: new SqliteDirectoryStore(db),
    snapshots,
    clock: new SystemClock(),
    ...caches,
  });
  return {
    store,
    platform,
    snapshots,
    close: async () => {
      await platform.stop();
      db.close();
      await store.close();
    },
  };
}

/** Builds the history of `groups` groups × `cycles` cycles (0..cycles-1) in `dir` (not measured by the benches). */
export async function prepareHistory(dir: string, groups: number, cycles: number): Promise<HistoryBuilt> {
  // Not fsynced: a history lost to a crash of the machine is generated again.
  const fillStoreDb = new SqliteEventStore({ path: join(dir, 'events.db'), synchronous: 'OFF' });
  let logged = 0;
  const fillStarted = performance.now();
  const filled = await fillStore(fillStoreDb, groups, cycles - 1, (done, total) => {
    if (process.stderr.isTTY) process.stderr.write(`\rhistory: ${fmt(done)}/${fmt(total)} events`);
    else if (done >= logged + 1_000_000) {
      // A long generation in a log: a line a million events, with the rate so far.
      logged = done;
      const s = (performance.now() - fillStarted) / 1000;
      console.log(`history: ${fmt(done)}/${fmt(total)} events in ${s.toFixed(0)} s (${fmt(done / s)} events/s)`);
    }
  });
  await fillStoreDb.close();
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(
    `history: ${fmt(filled.events)} events (${fmt(filled.events / filled.ucs)} a UC) in ${(filled.ms / 1000).toFixed(0)} s`,
  );

  // What the previous month's import left behind: the directory caught up and a snapshot of every UC.
  const t = performance.now();
  const p = openHistoryPlatform(dir);
  const checkpoints = new SqliteCheckpointStore(join(dir, 'platform.db'));
  await directoryAndSnapshots(p, checkpoints, groups);
  checkpoints.close();
  await p.close();
  const prepareMs = performance.now() - t;
  console.log(`directory and snapshots prepared in ${(prepareMs / 1000).toFixed(0)} s (not measured)`);
  return { events: filled.events, fillMs: filled.ms, prepareMs };
}

/**
 * On a platform over the filled history: the directory caught up (its `start`), the process managers' checkpoints
 * at the head (they delivered the history's excedente in its month) and a snapshot of every UC's stream.
 */
export async function directoryAndSnapshots(
  p: { platform: Platform; store: EventStore; snapshots: SqliteSnapshotStore },
  checkpoints: CheckpointStore,
  groups: number,
): Promise<void> {
  await p.platform.start({ processManagers: false });
  // The process managers delivered the history's excedente in their month: they resume at the head.
  const head = await p.store.headPosition();
  for (const consumer of ['pm-excedente-delivery', 'pm-held-credits'])
    await checkpoints.store(consumer, null, head ?? 0);
  // A few hundred UCs' streams per read, folded one stream at a time (memory flat in the number of UCs).
  const ucIds = buildGroups(groups).flatMap((g) => [g.generator, ...g.beneficiaries]);
  for (let i = 0; i < ucIds.length; i += 500) {
    const streams: string[] = [];
    for (const ucId of ucIds.slice(i, i + 500)) streams.push((await p.platform.directory.streamOf(ucId))!);
    const events = p.store.readStreamsFrom
      ? await p.store.readStreamsFrom(streams.map((stream) => ({ stream, fromRevision: 0 })))
      : await readEach(p.store, streams);
    for (let at = 0; at < events.length;) {
      const stream = events[at].stream;
      let state = ucDecider.initialState;
      let revision = -1;
      for (; at < events.length && events[at].stream === stream; at++) {
        state = ucDecider.evolve(state, toDomainEvent<UcEvent>(inCurrentShape(events[at])));
        revision = events[at].revision;
      }
      p.snapshots.save(stream, { revision, state });
    }
    if (process.stderr.isTTY) process.stderr.write(`\rsnapshots: ${fmt(i + 500)}/${fmt(ucIds.length)} UCs`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
}

/** The streams' events, stream after stream (a store without `readStreamsFrom`). */
async function readEach(store: EventStore, streams: readonly string[]): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (const stream of streams) for await (const e of store.readStream(stream)) events.push(e);
  return events;
}

/** Copies the SQLite files named in `files` (those that exist) from `from` to `to`. */
export function copyStoreFiles(from: string, to: string, files: readonly string[]): void {
  mkdirSync(to, { recursive: true });
  for (const f of files) if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
}

/** Marks a cache directory complete (a run killed while copying leaves none). */
export function markReady(dir: string, note = ''): void {
  writeFileSync(join(dir, 'ready'), note);
}

export const isReady = (dir: string) => existsSync(join(dir, 'ready'));

/** The files of a prepared history: the event log and the platform state, each with its WAL. */
export const HISTORY_FILES = ['events.db', 'events.db-wal', 'platform.db', 'platform.db-wal'] as const;

/** bench:import's folder for a history of `ucs` UCs × `cycles` cycles in BENCH_IMPORT_CACHE (bench:import-http reads it). */
export const importCacheDir = (cache: string, ucs: number, cycles: number) => join(cache, `import-${ucs}x${cycles}`);
