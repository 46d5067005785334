import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  SqliteCheckpointStore,
  SqliteEventStore,
  WrongExpectedRevision,
  type AppendOptions,
  type AppendResult,
  type NewEvent,
} from '@compensa/event-store';
import { SystemClock } from '../clock';
import { SqliteDirectoryStore } from '../directory/sqlite-directory-store';
import { Platform } from '../platform';
import { runSimulation } from '../simulation/run-simulation';
import {
  ImportInterrupted,
  importReadings,
  platformImportTarget,
  type ImportOutcome,
  type ImportSummary,
  type ReadingImportTarget,
} from './import-readings';
import { readingGroupsOf } from './reading-groups';

const EXAMPLES = join(__dirname, '../../../../examples');

/**
 * Three months of the example portfolio in one file, with what a real export holds besides good readings: a UC the
 * platform does not know (404), a reading R15 refuses, a duplicate row, other values for a cycle already recorded
 * (409), a value the decider refuses (422), a malformed row (400), a UC with two cycles in the file, and a generator (3001, whose rateio lists 3002 and 3003)
 * both before and after its beneficiaries' readings of the same month.
 */
const CSV = [
  'uc;cycle;reading_date;posto;consumed;injected',
  '3001;2026-07;2026-07-20;unico;251,5;1.012,25',
  '3002;2026-07;2026-07-20;unico;148;0',
  '3003;2026-07;2026-07-20;unico;205,75;0',
  '3004;2026-07;2026-07-20;ponta;1.180;0',
  '3004;2026-07;2026-07-20;fora_ponta;8.215,5;0',
  '3005;2026-07;2026-07-20;unico;310;45',
  '3099;2026-07;2026-07-20;unico;100;0',
  '3002;2026-07;2026-07-20;unico;148;0',
  '3003;2026-07;2026-07-20;unico;999;0',
  '3005;2026-09;2026-09-18;unico;abc;0',
  '3002;2026-08;2026-08-19;unico;160;0',
  '3003;2026-08;2026-08-19;unico;190;0',
  '3001;2026-08;2026-08-19;unico;230;1.100',
  '3004;2026-08;2026-08-19;ponta;1.100;0',
  '3004;2026-08;2026-08-19;fora_ponta;8.000;0',
  '3002;2026-09;2026-09-18;unico;170;0',
  '3001;2026-09;2026-09-18;unico;220;950',
  '3003;2026-09;2026-09-18;unico;180;0',
  '3005;2026-08;2026-08-19;unico;300;0',
  '3003;;2026-09-18;unico;1;0',
].join('\n');

interface StoredEvent {
  stream: string;
  revision: number;
  type: string;
  data: unknown;
}

/** A data directory with the example cadastro, an import run on it, and what the store holds after it. */
async function importInto(
  template: string,
  target: (platform: Platform, store: SqliteEventStore) => ReadingImportTarget,
  options: { batchSize?: number; concurrency?: number; stopAfter?: number },
  openStore: (path: string) => SqliteEventStore = (path) => new SqliteEventStore({ path }),
  inspect?: (store: SqliteEventStore) => Promise<unknown>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-import-batched-'));
  cpSync(template, dir, { recursive: true });
  const store = openStore(join(dir, 'events.db'));
  const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  const directory = new SqliteDirectoryStore(join(dir, 'directory.db'));
  const platform = new Platform({ store, checkpoints, directory, clock: new SystemClock() });
  try {
    // The process managers start after the file: their deliveries then land at the same place in both runs.
    await platform.start({ processManagers: false });
    const outcomes: ImportOutcome[] = [];
    const run = (resume?: ImportSummary, signal?: AbortSignal) =>
      importReadings(readingGroupsOf(Readable.from([CSV]), 'csv'), target(platform, store), {
        ...options,
        resume,
        signal,
        onOutcome: (o) => outcomes.push(o),
        onProgress: (s) => (s.readings >= (options.stopAfter ?? Infinity) ? stop.abort() : undefined),
      });
    // With `stopAfter`: stopped once that many readings are counted, then the same file resumed from its counts.
    const stop = new AbortController();
    let summary: ImportSummary;
    if (options.stopAfter === undefined) summary = await run();
    else {
      const stopped = await run(undefined, stop.signal).catch((error: unknown) => error);
      if (!(stopped instanceof ImportInterrupted)) throw new Error(`not interrupted: ${String(stopped)}`);
      summary = await run(stopped.summary);
    }
    await platform.startProcessManagers();
    await platform.waitForIdle();
    // Event ids are random (time-ordered UUIDs): one quoted in another event's data is compared as where it points.
    const all = [];
    for await (const e of store.readAll()) all.push(e);
    const at = new Map(all.map((e) => [e.id, `${e.stream}@${e.revision}`]));
    const events: StoredEvent[] = all.map((e) => ({
      stream: e.stream,
      revision: e.revision,
      type: e.type,
      data: JSON.parse(JSON.stringify(e.data, (_k, v: unknown) => (typeof v === 'string' ? (at.get(v) ?? v) : v))),
    }));
    events.sort((a, b) => a.stream.localeCompare(b.stream) || a.revision - b.revision);
    await inspect?.(store);
    return { summary, outcomes: outcomes.sort((a, b) => a.line - b.line), events };
  } finally {
    await platform.stop();
    directory.close();
    checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The platform's command path one reading at a time: the reference the batched import must equal. */
function oneAtATime(platform: Platform, store: SqliteEventStore): ReadingImportTarget {
  const { recordReadings: _batched, ...single } = platformImportTarget(platform, store);
  return single;
}

/** A store where the first append of several events to each of `streams` loses a race (another writer got there). */
class RacedStore extends SqliteEventStore {
  readonly lost = new Set<string>();
  /** The transaction (`stats.transactions` once committed) of each append of a lost stream decided again. */
  readonly retriedIn: number[] = [];
  constructor(
    path: string,
    private readonly streams: readonly string[],
  ) {
    super({ path });
  }
  override append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.streams.includes(stream) && events.length > 1 && !this.lost.has(stream)) {
      this.lost.add(stream);
      return Promise.reject(new WrongExpectedRevision(stream, options.expectedRevision, null));
    }
    if (this.lost.has(stream) && events.length > 1)
      return super.append(stream, events, options).then((r) => (this.retriedIn.push(this.stats.transactions), r));
    return super.append(stream, events, options);
  }
}

/**
 * A store where another writer (the API, another import) records `stream`'s first reading of a batched append a
 * moment before that append lands: the same events, under another command.
 */
class InterleavedStore extends SqliteEventStore {
  readonly foreign: NewEvent[] = [];
  constructor(
    path: string,
    private readonly stream: string,
  ) {
    super({ path });
  }
  override async append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (stream === this.stream && this.foreign.length === 0 && events[0]?.type === 'ReadingRecorded') {
      const next = events.findIndex((e, i) => i > 0 && e.type === 'ReadingRecorded');
      this.foreign.push(
        ...events
          .slice(0, next === -1 ? events.length : next)
          .map((e) => ({ ...e, metadata: { ...e.metadata, commandId: 'another-writer' } })),
      );
      await super.append(stream, this.foreign, options);
    }
    return super.append(stream, events, options);
  }
}

describe('the batched import (recordReadings) against the command path one reading at a time', () => {
  const template = mkdtempSync(join(tmpdir(), 'compensa-import-batched-template-'));
  let reference: Awaited<ReturnType<typeof importInto>>;

  beforeAll(async () => {
    await runSimulation(readFileSync(join(EXAMPLES, 'importacao-cadastro.jsonl'), 'utf8').split('\n'), {
      dataDir: template,
    });
    reference = await importInto(template, oneAtATime, { concurrency: 1 });
  });
  afterAll(() => rmSync(template, { recursive: true, force: true }));

  it('R15: the reference run holds every kind of outcome the comparison is about', () => {
    expect(reference.summary).toMatchObject({ readings: 18, accepted: 12, duplicates: 1, refused: 5 });
    expect(reference.summary.refusedBy).toEqual({ R15: 1, '404': 1, '409': 1, '422': 1, '400': 1 });
    expect(reference.events.filter((e) => e.type === 'ExcedenteReceived').length).toBeGreaterThan(0);
  });

  it.each([1000, 4, 1])(
    'R15, R5–R7: in chunks of %i, the same outcomes and exactly the same stored events (types and payloads)',
    async (batchSize) => {
      const batched = await importInto(template, platformImportTarget, { batchSize });
      expect(batched.summary).toMatchObject({
        readings: reference.summary.readings,
        accepted: reference.summary.accepted,
        duplicates: reference.summary.duplicates,
        refused: reference.summary.refused,
        refusedBy: reference.summary.refusedBy,
      });
      expect(batched.outcomes).toEqual(reference.outcomes);
      expect(batched.events).toEqual(reference.events);
    },
  );

  it('R15, R5–R7: stopped after two chunks and resumed from its counts, the same outcomes, counts and stored events', async () => {
    const resumed = await importInto(template, platformImportTarget, { batchSize: 4, stopAfter: 8 });
    expect(resumed.summary).toMatchObject({
      readings: reference.summary.readings,
      rows: reference.summary.rows,
      accepted: reference.summary.accepted,
      duplicates: reference.summary.duplicates,
      refused: reference.summary.refused,
      refusedBy: reference.summary.refusedBy,
    });
    // Each reading decided once: the stopped run's 8, then the rest (none of the 8 again).
    expect(resumed.outcomes).toEqual(reference.outcomes);
    expect(resumed.events).toEqual(reference.events);
  });

  it('R15, R5–R7: a stream whose batched append loses a race is decided again alone, with the same result', async () => {
    let store: RacedStore | undefined;
    const raced = await importInto(
      template,
      platformImportTarget,
      { batchSize: 1000 },
      (path) => (store = new RacedStore(path, ['uc-copel-3001', 'uc-copel-3002'])),
    );
    expect([...store!.lost].sort()).toEqual(['uc-copel-3001', 'uc-copel-3002']);
    expect(raced.outcomes).toEqual(reference.outcomes);
    expect(raced.events).toEqual(reference.events);
  });

  it("R15, R5–R7: streams of UCs that read none of the others' facts, when they lose their race, are decided again side by side", async () => {
    let store: RacedStore | undefined;
    const raced = await importInto(
      template,
      platformImportTarget,
      { batchSize: 1000 },
      (path) => (store = new RacedStore(path, ['uc-copel-3002', 'uc-copel-3003', 'uc-copel-3004', 'uc-copel-3005'])),
    );
    expect(store!.lost.size).toBe(4);
    expect(raced.outcomes).toEqual(reference.outcomes);
    expect(raced.events).toEqual(reference.events);
    // The readings decided again share transactions: fewer transactions than readings.
    expect(new Set(store!.retriedIn).size).toBeLessThan(store!.retriedIn.length);
  });

  it('R15, R5–R7: another writer appending to a stream of the batch loses no update: the reading it recorded is a duplicate', async () => {
    let store: InterleavedStore | undefined;
    let verified: unknown;
    const interleaved = await importInto(
      template,
      platformImportTarget,
      { batchSize: 1000 },
      (path) => (store = new InterleavedStore(path, 'uc-copel-3002')),
      async (s) => (verified = await s.verifyStream('uc-copel-3002')),
    );
    expect(store!.foreign.map((e) => e.type)[0]).toBe('ReadingRecorded');
    const recorded = (store!.foreign[0].data as { cycle: string }).cycle;
    // The batch's append of that reading failed on the revision it was decided on; decided again on the stream as the
    // other writer left it, the same reading is a duplicate, and nothing is appended twice or lost.
    const first = reference.outcomes.find(
      (o) => o.ucId === '3002' && o.cycle === recorded && o.outcome === 'accepted',
    )!;
    expect(interleaved.outcomes).toEqual(
      reference.outcomes.map((o) =>
        o === first ? { ...o, outcome: 'duplicate', status: 200, rule: null, detail: 'já registrada' } : o,
      ),
    );
    expect(interleaved.events).toEqual(reference.events);
    expect(verified).toMatchObject({ ok: true });
  });
});
