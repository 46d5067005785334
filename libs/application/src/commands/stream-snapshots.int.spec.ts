import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ucDecider, type UcEvent, type UcState } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore, type EventStore } from '@compensa/event-store';
import { SystemClock } from '../clock';
import { Platform } from '../platform';
import { runSimulation } from '../simulation/run-simulation';
import { loadStream, toDomainEvent } from '../stream-events';
import { SNAPSHOT_AFTER_EVENTS } from './decide-and-append';
import { loadFoldedMany } from './load-folded-many';
import { SqliteSnapshotStore } from './snapshot-store';
import { StreamStateCache } from './stream-state-cache';

const EXAMPLES = join(__dirname, '../../../../examples');
const month = (i: number) => `${2026 + Math.floor((6 + i) / 12)}-${String(((6 + i) % 12) + 1).padStart(2, '0')}`;
const reading = (ucId: string, i: number, injected: string) =>
  JSON.stringify({
    command: 'RecordReading',
    ucId,
    cycle: month(i),
    readingDate: `${month(i)}-20`,
    postos: { unico: { consumed: '200', injected } },
  });
/** The import example's UCs with a year and a half of readings (the generator's stream passes the snapshot threshold). */
const HISTORY = [
  ...readFileSync(join(EXAMPLES, 'importacao-cadastro.jsonl'), 'utf8').split('\n'),
  ...Array.from({ length: 18 }, (_, i) => [
    reading('3001', i, '700'),
    reading('3002', i, '0'),
    reading('3003', i, '0'),
  ]).flat(),
];
const NEXT = {
  ucId: '3001',
  cycle: month(18),
  readingDate: `${month(18)}-20`,
  postos: { unico: { consumed: '180', injected: '650' } },
};

async function withPlatform<T>(
  dir: string,
  snapshots: SqliteSnapshotStore | undefined,
  run: (p: Platform, s: SqliteEventStore) => Promise<T>,
) {
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  const platform = new Platform({ store, checkpoints, clock: new SystemClock(), snapshots });
  try {
    await platform.start();
    return await run(platform, store);
  } finally {
    await platform.stop();
    checkpoints.close();
    await store.close();
  }
}

describe('stream snapshots: a UC not in the cache loads from its snapshot and the events after it', () => {
  const root = mkdtempSync(join(tmpdir(), 'compensa-snapshots-'));
  const db = new DatabaseSync(':memory:');
  const snapshots = new SqliteSnapshotStore(db);
  const [withSnapshots, without] = [join(root, 'a'), join(root, 'b')];

  beforeAll(async () => {
    for (const dir of [withSnapshots, without]) {
      mkdirSync(dir);
      await runSimulation(HISTORY, { dataDir: dir });
    }
  }, 60_000);
  afterAll(() => {
    db.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a full load of a long stream writes a snapshot equal to folding every event', async () => {
    await withPlatform(withSnapshots, snapshots, async (platform, store) => {
      await platform.commands
        .recordReading({ ...NEXT, cycle: month(17), readingDate: `${month(17)}-25` }, {})
        .catch(() => undefined);
      const stream = (await platform.directory.streamOf('3001'))!;
      const { events } = await loadStream(store, stream);
      expect(events.length).toBeGreaterThan(SNAPSHOT_AFTER_EVENTS);
      const snap = snapshots.load<UcState>(stream)!;
      const folded = events
        .filter((e) => e.revision <= snap.revision!)
        .map((e) => toDomainEvent<UcEvent>(e))
        .reduce(ucDecider.evolve, ucDecider.initialState);
      expect(snap.state).toStrictEqual(folded);
    });
  });

  it('decides exactly as a full read does (the same events for the same reading)', async () => {
    const decide = (dir: string, s: SqliteSnapshotStore | undefined) =>
      withPlatform(dir, s, async (platform) => {
        const result = await platform.commands.recordReading(NEXT, {});
        await platform.waitForIdle();
        return result.events;
      });
    const fromSnapshot = await decide(withSnapshots, snapshots);
    expect(fromSnapshot.map((e) => e.type)).toContain('ReadingRecorded');
    expect(fromSnapshot).toEqual(await decide(without, undefined));
  });

  it('ignores a snapshot the stream has not reached (a log replaced under the same data directory)', async () => {
    await withPlatform(without, undefined, async (platform) => {
      const stream = (await platform.directory.streamOf('3002'))!;
      snapshots.save(stream, { revision: 10_000, state: ucDecider.initialState });
      expect(snapshots.load(stream)).toMatchObject({ revision: 10_000 });
    });
    await withPlatform(without, snapshots, async (platform) => {
      const result = await platform.commands.recordReading(
        { ...NEXT, ucId: '3002', postos: { unico: { consumed: '90', injected: '0' } } },
        {},
      );
      expect(result.events.map((e) => e.type)).toContain('ReadingRecorded');
    });
  });
});

/** The UC fold `loadFoldedMany` is given by the import. */
const UC_FOLD = { initial: ucDecider.initialState, evolve: ucDecider.evolve };

/** A stream folded from its first event, up to revision `upTo`: what a load from any base must give. */
async function foldedStream(store: EventStore, stream: string, upTo = Infinity) {
  const { events } = await loadStream(store, stream);
  const kept = events.filter((e) => e.revision <= upTo);
  return {
    state: kept.map((e) => toDomainEvent<UcEvent>(e)).reduce(ucDecider.evolve, ucDecider.initialState),
    revision: kept.length > 0 ? kept[kept.length - 1].revision : null,
  };
}

/** The chunk the tests load: the example's three UCs by their streams, and a UC that has none. */
async function chunkStreams(platform: Platform): Promise<string[]> {
  const streams: string[] = [];
  for (const ucId of ['3001', '3002', '3003', 'nobody'])
    streams.push((await platform.directory.streamOf(ucId)) ?? `uc-copel-${ucId}`);
  return streams;
}

describe('a chunk of streams loaded at once (loadFoldedMany, the batched import)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-snapshots-many-'));
  beforeAll(() => runSimulation(HISTORY, { dataDir: dir }), 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each stream the state a fold of all its events gives: from a snapshot, from nothing, or past a snapshot the stream has not reached', async () => {
    const db = new DatabaseSync(':memory:');
    const snapshots = new SqliteSnapshotStore(db);
    await withPlatform(dir, undefined, async (platform, store) => {
      const streams = await chunkStreams(platform);
      const early = await loadStream(store, streams[0]);
      snapshots.save(streams[0], await foldedStream(store, streams[0], early.events[9].revision));
      snapshots.save(streams[1], { revision: 10_000, state: ucDecider.initialState });
      const loaded = await loadFoldedMany(
        store,
        streams,
        UC_FOLD,
        toDomainEvent<UcEvent>,
        new StreamStateCache<UcState>(10, snapshots),
      );
      for (const stream of streams) expect(loaded.get(stream)).toStrictEqual(await foldedStream(store, stream));
      // The generator's tail passed the threshold: its snapshot moved to its head.
      expect(snapshots.load(streams[0])?.revision).toBe(early.revision);
    });
    db.close();
  });

  it('on a store read a stream at a time (KurrentDB): one read a stream, none for its revision, the same states', async () => {
    const db = new DatabaseSync(':memory:');
    const snapshots = new SqliteSnapshotStore(db);
    await withPlatform(dir, undefined, async (platform, store) => {
      const streams = await chunkStreams(platform);
      snapshots.save(streams[0], await foldedStream(store, streams[0], 9)); // events after it
      snapshots.save(streams[2], await foldedStream(store, streams[2])); // at the head: nothing after it
      // Without the bulk read, counting what is asked of the store.
      const asked = { reads: 0, revisions: 0 };
      const perStream: EventStore = {
        append: (stream, events, options) => store.append(stream, events, options),
        appendMany: (parts) => store.appendMany(parts),
        readStream: (stream, options) => {
          asked.reads++;
          return store.readStream(stream, options);
        },
        readAll: (options) => store.readAll(options),
        subscribe: (options) => store.subscribe(options),
        streamNames: (prefixes) => store.streamNames(prefixes),
        streamRevision: (stream) => {
          asked.revisions++;
          return store.streamRevision(stream);
        },
        headPosition: () => store.headPosition(),
        verifyStream: (stream) => store.verifyStream(stream),
        close: () => store.close(),
      };
      const loaded = await loadFoldedMany(
        perStream,
        streams,
        UC_FOLD,
        toDomainEvent<UcEvent>,
        new StreamStateCache<UcState>(10, snapshots),
      );
      for (const stream of streams) expect(loaded.get(stream)).toStrictEqual(await foldedStream(store, stream));
      expect(asked).toEqual({ reads: streams.length, revisions: 0 });
      // A base the stream does not reach (a log replaced under the same data directory) is read again, whole.
      snapshots.save(streams[1], { revision: 10_000, state: ucDecider.initialState });
      const again = await loadFoldedMany(
        perStream,
        [streams[1]],
        UC_FOLD,
        toDomainEvent<UcEvent>,
        new StreamStateCache<UcState>(10, snapshots),
      );
      expect(again.get(streams[1])).toStrictEqual(await foldedStream(store, streams[1]));
    });
    db.close();
  });
});

describe('a snapshot written by another fold', () => {
  it('is ignored (the state is read from the events again)', () => {
    const db = new DatabaseSync(':memory:');
    new SqliteSnapshotStore(db, 'old-fold').save('uc-copel-1', { revision: 3, state: { a: 1 } });
    expect(new SqliteSnapshotStore(db, 'old-fold').load('uc-copel-1')).toEqual({ revision: 3, state: { a: 1 } });
    expect(new SqliteSnapshotStore(db).load('uc-copel-1')).toBeNull();
    db.close();
  });
});
