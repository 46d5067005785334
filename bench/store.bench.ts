/**
 * `npm run bench:store`: the sqlite event store against raw node:sqlite doing the same inserts with the same
 * durability (WAL, synchronous=FULL, one transaction per insert), measured in the same run on the same disk.
 * Prints events/s and the ratio to the raw baseline for: one writer appending one event at a time; 32 concurrent
 * writers on distinct streams (group commit); a full readAll.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore, openSqliteDatabase, type NewEvent } from '@compensa/event-store';
import { timeOrderedUuid } from '@compensa/event-store/sqlite/time-ordered-uuid';

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 2000);
const READ_EVENTS = Number(process.env.BENCH_READ_EVENTS ?? 100_000);
const WRITERS = 32;
const SLICES = 8;

/** A typical small domain event; without `callerId` the store assigns the id (time-ordered). */
function newEvent(i: number, callerId = false): NewEvent {
  return {
    id: callerId ? randomUUID() : undefined,
    type: 'ReadingRecorded',
    data: { uc: `uc-cemig-${i}`, readingDate: '2025-03-31', consumedKwh: '312.40', injectedKwh: '120.05' },
    metadata: { correlationId: randomUUID(), commandId: randomUUID(), schemaVersion: 1 },
  };
}

function rate(events: number, ms: number): number {
  return (events * 1000) / ms;
}

/** Events written and time spent, summed over the slices of a measurement. */
interface Tally {
  events: number;
  ms: number;
  /** Store transactions committed (group commit: events / commits appends share one fsync). */
  commits: number;
}

const tallyRate = (t: Tally): number => rate(t.events, t.ms);

/** Raw baseline: one prepared INSERT of the same row, each in its own transaction (one fsync each). */
function rawSingleWriter(db: DatabaseSync): (ms: number, tally: Tally) => void {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const hash = 'f'.repeat(64);
  let revision = 0;
  return (ms, tally) => {
    const start = performance.now();
    while (performance.now() - start < ms) {
      const event = { ...newEvent(revision), id: timeOrderedUuid() };
      const metadata = { ...event.metadata, recordedAt: new Date().toISOString(), prevHash: hash };
      begin.run();
      insert.run('raw-0', revision, event.id, event.type, JSON.stringify(event.data), JSON.stringify(metadata), hash);
      commit.run();
      revision += 1;
      tally.events += 1;
    }
    tally.ms += performance.now() - start;
  };
}

/** Raw baseline for reading: every row in position order, data and metadata parsed. */
function rawReadAll(db: DatabaseSync): { rate: number; count: number } {
  const select = db.prepare(
    'SELECT position, stream, revision, id, type, data, metadata, hash FROM events ORDER BY position',
  );
  let count = 0;
  const start = performance.now();
  for (const row of select.iterate()) {
    JSON.parse(row.data as string);
    JSON.parse(row.metadata as string);
    count += 1;
  }
  return { rate: rate(count, performance.now() - start), count };
}

function storeSingleWriter(store: SqliteEventStore): (ms: number, tally: Tally) => Promise<void> {
  let revision = 0;
  return async (ms, tally) => {
    const start = performance.now();
    while (performance.now() - start < ms) {
      await store.append('single-0', [newEvent(revision)], {
        expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
      });
      revision += 1;
      tally.events += 1;
    }
    tally.ms += performance.now() - start;
  };
}

function storeConcurrentWriters(
  store: SqliteEventStore,
  callerIds: boolean,
): (ms: number, tally: Tally) => Promise<void> {
  const revisions = Array.from({ length: WRITERS }, () => 0);
  return async (ms, tally) => {
    const start = performance.now();
    const transactions = store.stats.transactions;
    await Promise.all(
      revisions.map(async (_, w) => {
        for (; performance.now() - start < ms; revisions[w]++) {
          const revision = revisions[w];
          await store.append(`writer-${callerIds ? 'c' : 's'}-${w}`, [newEvent(revision, callerIds)], {
            expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
          });
          tally.events += 1;
        }
      }),
    );
    tally.ms += performance.now() - start;
    tally.commits += store.stats.transactions - transactions;
  };
}

/** Runs the measurements in alternating slices, so that the machine's other load weighs on each alike. */
async function interleaved(runs: ((ms: number, tally: Tally) => void | Promise<void>)[]): Promise<Tally[]> {
  const tallies = runs.map(() => ({ events: 0, ms: 0, commits: 0 }));
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [i, run] of runs.entries()) await run(WINDOW_MS / SLICES, tallies[i]);
  }
  return tallies;
}

/** Fills the store quickly (group commit, 100-event appends) for the read benchmark. */
async function fill(store: SqliteEventStore, total: number): Promise<void> {
  const perAppend = 100;
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      while (next < total) {
        next += perAppend;
        const events = Array.from({ length: perAppend }, (_, i) => newEvent(next + i));
        await store.append(`fill-${w}`, events, { expectedRevision: 'any' });
      }
    }),
  );
}

async function storeReadAll(store: SqliteEventStore): Promise<{ rate: number; count: number }> {
  let count = 0;
  const start = performance.now();
  for await (const _event of store.readAll()) count += 1;
  return { rate: rate(count, performance.now() - start), count };
}

function line(label: string, events: number, baseline: number, target: string): string {
  const ratio = events / baseline;
  return `${label.padEnd(38)} ${Math.round(events).toLocaleString('en-US').padStart(10)} ev/s   ${ratio.toFixed(2).padStart(6)}× raw   (${target})`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-bench-store-'));
  try {
    console.log(`store bench: node ${process.version}, files in ${dir}, ${WINDOW_MS} ms windows, synchronous=FULL`);

    const raw = openSqliteDatabase(join(dir, 'raw.db'));
    const writeStore = new SqliteEventStore({ path: join(dir, 'store.db') });
    const [rawTally, singleTally, concurrentTally, callerIdsTally] = await interleaved([
      rawSingleWriter(raw),
      storeSingleWriter(writeStore),
      storeConcurrentWriters(writeStore, false),
      storeConcurrentWriters(writeStore, true),
    ]);
    await writeStore.close();
    const [rawWrite, single, concurrent, concurrentCallerIds] = [
      rawTally,
      singleTally,
      concurrentTally,
      callerIdsTally,
    ].map(tallyRate);

    // The read benchmark reads the same file both ways.
    const readPath = join(dir, 'read.db');
    const readStore = new SqliteEventStore({ path: readPath });
    await fill(readStore, READ_EVENTS);
    const rawRead = rawReadAll(openSqliteDatabase(readPath));
    const read = await storeReadAll(readStore);
    await readStore.close();
    raw.close();

    console.log(`raw node:sqlite, one writer, one tx per insert: ${Math.round(rawWrite).toLocaleString('en-US')} ev/s`);
    console.log(
      `raw node:sqlite, full scan + JSON.parse:        ${Math.round(rawRead.rate).toLocaleString('en-US')} ev/s`,
    );
    console.log(line('sqlite store, 1 writer, 1 event/append', single, rawWrite, 'target ≥ 0.80× raw'));
    console.log(
      line(`sqlite store, ${WRITERS} writers, distinct streams`, concurrent, rawWrite, 'target ≥ 5× raw') +
        `   ${(concurrentTally.events / concurrentTally.commits).toFixed(1)} appends/commit`,
    );
    // Caller-supplied random ids (e.g. deterministic ids of process managers) scatter over the unique id index.
    console.log(line(`  same, caller-supplied random ids`, concurrentCallerIds, rawWrite, 'informative'));
    console.log(
      line(
        `sqlite store, readAll (${read.count.toLocaleString('en-US')} events)`,
        read.rate,
        rawRead.rate,
        'target ≥ 200,000 ev/s',
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
