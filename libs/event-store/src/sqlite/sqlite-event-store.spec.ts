import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DuplicateEventId, WrongExpectedRevision } from '../errors';
import type { NewEvent, RecordedEvent, SubscriptionMessage } from '../event-store.port';
import { openEventStore } from '../open-event-store';
import { parseEventText } from '../event-text';
import { asReadShared } from '../as-read';
import { SqliteEventStore } from './sqlite-event-store';
import { openSqliteDatabase } from './sqlite-database';

const event = (data: unknown = {}, id: string = randomUUID()): NewEvent => ({ id, type: 'T', data });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('SqliteEventStore (sqlite specifics)', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-sqlite-'));
    path = join(dir, 'events.db');
    store = new SqliteEventStore({ path, pollIntervalMs: 20 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the event loop turn between pages while a subscription catches up (a timer fires before the backlog ends)', async () => {
    const paged = new SqliteEventStore({ path: join(dir, 'paged.db'), pageSize: 10, pollIntervalMs: 20 });
    try {
      for (let i = 0; i < 5; i++)
        await paged.append(
          `s${i}`,
          [...Array(10)].map(() => event()),
          { expectedRevision: 'no_stream' },
        );
      // The consumer's own work only resolves promises, as the projections' does on SQLite.
      let seen = 0;
      let seenWhenTimerFired = -1;
      setTimeout(() => (seenWhenTimerFired = seen), 0);
      const subscription = paged.subscribe();
      for await (const msg of subscription) {
        if (msg.kind === 'caughtUp') break;
        seen++;
        await Promise.resolve();
      }
      await subscription.close();
      expect(seen).toBe(50);
      // Without a turn a page, the timer would fire only once the whole backlog was delivered (50).
      expect(seenWhenTimerFired).toBeGreaterThanOrEqual(10);
      expect(seenWhenTimerFired).toBeLessThan(50);
    } finally {
      await paged.close();
    }
  });

  it('opens in WAL mode with synchronous=FULL by default, and takes another level when configured', async () => {
    const db = new DatabaseSync(path);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
    const pragma = (s: SqliteEventStore, name: string): unknown =>
      (s as unknown as { db: DatabaseSync }).db.prepare(`PRAGMA ${name}`).get();
    expect(pragma(store, 'synchronous')).toEqual({ synchronous: 2 });
    const normal = new SqliteEventStore({ path: join(dir, 'normal.db'), synchronous: 'NORMAL' });
    expect(pragma(normal, 'synchronous')).toEqual({ synchronous: 1 });
    await normal.close();
  });

  it('group commit: appends issued together share one transaction', async () => {
    const before = { ...store.stats };
    await Promise.all(
      Array.from({ length: 32 }, (_, i) => store.append(`s-${i}`, [event()], { expectedRevision: 'no_stream' })),
    );
    expect(store.stats.transactions - before.transactions).toBe(1);
    expect(store.stats.appends - before.appends).toBe(32);
    // The write lock's time (bench:import's one-writer ceiling): the transaction's, of which its COMMIT.
    const held = store.stats.writeMs - before.writeMs;
    const commit = store.stats.commitMs - before.commitMs;
    expect(commit).toBeGreaterThan(0);
    expect(held).toBeGreaterThanOrEqual(commit);
  });

  it('one failing append in a batch does not fail or leak into the others', async () => {
    await store.append('taken', [event()], { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.append('a', [event(), event()], { expectedRevision: 'no_stream' }),
      store.append('taken', [event(), event()], { expectedRevision: 'no_stream' }),
      store.append('b', [event({ ok: 1 }), event({ big: 1n })], { expectedRevision: 'no_stream' }),
      store.append('c', [event()], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    await expect(store.streamRevision('taken')).resolves.toBe(0);
    await expect(store.streamRevision('b')).resolves.toBeNull(); // all or nothing
    await expect(store.streamRevision('a')).resolves.toBe(1);
    await expect(store.streamRevision('c')).resolves.toBe(0);
  });

  it('a row the database refuses fails only its own append, a lone event (no savepoint) as a batch of several', async () => {
    // A trigger stands for a failure of the INSERT itself (the store checks ids and revisions before it).
    const db = new DatabaseSync(path);
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.stream = 'lone' OR (NEW.stream = 'pair' AND NEW.revision = 1)
      BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    db.close();
    const before = { ...store.stats };
    const outcomes = await Promise.allSettled([
      store.append('a', [event()], { expectedRevision: 'no_stream' }),
      store.append('lone', [event()], { expectedRevision: 'no_stream' }),
      store.append('pair', [event(), event()], { expectedRevision: 'no_stream' }),
      store.append('c', [event(), event()], { expectedRevision: 'no_stream' }),
      store.append('d', [event()], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect(store.stats.transactions - before.transactions).toBe(1);
    await expect(store.streamRevision('lone')).resolves.toBeNull();
    await expect(store.streamRevision('pair')).resolves.toBeNull(); // its first row undone with it
    await expect(store.streamRevision('a')).resolves.toBe(0);
    await expect(store.streamRevision('c')).resolves.toBe(1);
    await expect(store.streamRevision('d')).resolves.toBe(0);
    expect((await store.verifyStream('c')).ok).toBe(true);
  });

  it('data an appender made as read (asReadShared) is what its subscriptions get, stored and hashed as any other', async () => {
    const head = await store.headPosition();
    const received: RecordedEvent[] = [];
    const subscription = store.subscribe(head === null ? {} : { fromCheckpoint: head });
    const reading = (async () => {
      for await (const m of subscription) {
        if (m.kind !== 'event') continue;
        received.push(m.event);
        if (received.length === 2) return;
      }
    })();
    const plain = { b: 1, a: { at: new Date(0) } };
    const shared = asReadShared(plain);
    await store.append('shared', [{ type: 'T', data: shared }], { expectedRevision: 'no_stream' });
    await store.append('plain', [{ type: 'T', data: plain }], { expectedRevision: 'no_stream' });
    await reading;
    await subscription.close();
    expect(received[0].data).toBe(shared);
    expect(received[1].data).not.toBe(plain);
    expect(received[1].data).toStrictEqual(received[0].data);
    const [a] = await collect(store.readStream('shared'));
    const [b] = await collect(store.readStream('plain'));
    expect(a.data).toStrictEqual(b.data);
    expect((await store.verifyStream('shared')).ok).toBe(true);
  });

  it('refuses an event id stored elsewhere, a partial retry, duplicate ids in one append, and non-UUID ids', async () => {
    const [a, b] = [event(), event()];
    await store.append('one', [a, b], { expectedRevision: 'no_stream' });
    await expect(store.append('two', [a], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventId);
    await expect(store.append('one', [a, event()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      DuplicateEventId,
    );
    await expect(store.append('one', [event(), b], { expectedRevision: 1 })).rejects.toBeInstanceOf(DuplicateEventId);
    const dup = event();
    await expect(store.append('three', [dup, dup], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      DuplicateEventId,
    );
    await expect(store.append('three', [event({}, 'not-a-uuid')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      TypeError,
    );
    await expect(store.append('three', [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(TypeError);
    await expect(store.append('three', [event()], { expectedRevision: -1 })).rejects.toBeInstanceOf(TypeError);
    // A retry with 'any' is recognised where the ids sit; ids compare case-insensitively, as UUIDs.
    await expect(
      store.append('one', [{ ...a, id: a.id!.toUpperCase() }, b], { expectedRevision: 'any' }),
    ).resolves.toMatchObject({
      nextRevision: 1,
    });
    expect((await collect(store.readStream('one'))).map((e) => e.id)).toEqual([a.id, b.id]);
  });

  it('adapter-filled metadata cannot be forged by the caller', async () => {
    await store.append('m', [{ type: 'T', data: {}, metadata: { hash: 'x', prevHash: 'y', recordedAt: 'z' } }], {
      expectedRevision: 'any',
    });
    const [e] = await collect(store.readStream('m'));
    expect(e.metadata.prevHash).toBeNull();
    expect(e.metadata.recordedAt).not.toBe('z');
    await expect(store.verifyStream('m')).resolves.toMatchObject({ ok: true });
  });

  it('a live subscription sees appends made by another process on the same file (polling)', async () => {
    const other = new SqliteEventStore({ path });
    try {
      const subscription = store.subscribe();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toEqual({ kind: 'caughtUp', position: null });
      const written = await other.append('elsewhere', [event({ from: 'other' })], { expectedRevision: 'no_stream' });
      const next = (await iterator.next()).value as SubscriptionMessage;
      expect(next.kind).toBe('event');
      expect((next as { event: RecordedEvent }).event.position).toBe(written.position);
      await subscription.close();
    } finally {
      await other.close();
    }
  });

  it('close() writes queued appends before closing, and refuses appends afterwards', async () => {
    const pending = store.append('late', [event()], { expectedRevision: 'no_stream' });
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextRevision: 0 });
    await expect(store.append('late', [event()], { expectedRevision: 0 })).rejects.toThrow('closed');
    store = new SqliteEventStore({ path });
    await expect(store.streamRevision('late')).resolves.toBe(0);
  });

  it('opens the file with a 64 MiB page cache, or the one asked for (the audit reads with 16 MiB)', () => {
    for (const [options, kib] of [
      [{}, 65_536],
      [{ cacheKib: 16_384 }, 16_384],
    ] as const) {
      const db = openSqliteDatabase(join(dir, 'cache.db'), options);
      try {
        expect(db.prepare('PRAGMA cache_size').get()).toEqual({ cache_size: -kib });
      } finally {
        db.close();
      }
    }
  });

  it('openEventStore opens the sqlite adapter from configuration', async () => {
    const opened = await openEventStore({ kind: 'sqlite', path: join(dir, 'factory.db') });
    expect(opened).toBeInstanceOf(SqliteEventStore);
    await opened.close();
  });

  it('reads many streams, each from its own revision, in one query: grouped in the order asked, revisions in order', async () => {
    await store.append('a', [event({ n: 0 }), event({ n: 1 }), event({ n: 2 })], { expectedRevision: 'no_stream' });
    await store.append('b', [event({ n: 0 })], { expectedRevision: 'no_stream' });
    await store.append('a', [event({ n: 3 })], { expectedRevision: 2 });
    const read = await store.readStreamsFrom([
      { stream: 'b', fromRevision: 0 },
      { stream: 'missing', fromRevision: 0 },
      { stream: 'a', fromRevision: 2 },
    ]);
    expect(read.map((e) => [e.stream, e.revision, e.data])).toEqual([
      ['b', 0, { n: 0 }],
      ['a', 2, { n: 2 }],
      ['a', 3, { n: 3 }],
    ]);
    expect(read[1]).toEqual(await collect(store.readStream('a', { fromRevision: 2, maxCount: 1 })).then((e) => e[0]));
  });

  it('reads the log as its stored text, page by page: parsed, the events readAll gives, with its filter and start', async () => {
    const paged = new SqliteEventStore({ path, pageSize: 2 });
    try {
      await store.append('a-1', [event({ n: 0, z: [1, 'é'] }), event({ n: 1 })], { expectedRevision: 'no_stream' });
      await store.append('b-1', [event({ n: 2 })], { expectedRevision: 'no_stream' });
      await store.append('a-1', [event({ n: 3 })], { expectedRevision: 1 });
      for (const options of [{}, { filter: { streamPrefixes: ['a-'] } }, { fromPosition: 2 }, { maxCount: 3 }]) {
        const pages = await collect(paged.readAllText(options));
        expect(pages.every((p) => p.length > 0 && p.length <= 2)).toBe(true);
        const texts = pages.flat();
        expect(texts.map(parseEventText)).toEqual(await collect(paged.readAll(options)));
        expect(texts.every((t) => typeof t.data === 'string' && typeof t.metadata === 'string')).toBe(true);
      }
    } finally {
      await paged.close();
    }
  });

  it('keeps the last 20,000 events parsed for its subscriptions, the oldest evicted first, across a reopen', async () => {
    const parsed = (store as unknown as { parsed: Map<number, RecordedEvent> }).parsed;
    const subscription = store.subscribe();
    const appendMany = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 1_000)
        await Promise.all(
          Array.from({ length: Math.min(1_000, from + count - i) }, (_, k) =>
            store.append(`s-${i + k}`, [event({ n: i + k })], { expectedRevision: 'no_stream' }),
          ),
        );
    };
    await appendMany(0, 20_500);
    expect(parsed.size).toBe(20_000);
    expect([...parsed.keys()][0]).toBe(501);
    await store.reopen();
    expect(parsed.size).toBe(0);
    await appendMany(20_500, 20_100);
    expect(parsed.size).toBe(20_000);
    expect(Math.min(...parsed.keys())).toBe(20_601);
    await subscription.close();
  });

  it('gives every subscription the same event, parsed once, and forgets the parsed events when the file is reopened', async () => {
    await store.append('a', [event({ n: 0 })], { expectedRevision: 'no_stream' });
    const first = async () => {
      const sub = store.subscribe();
      for await (const m of sub) {
        await sub.close();
        return (m as Extract<SubscriptionMessage, { kind: 'event' }>).event;
      }
      throw new Error('no event');
    };
    const [one, two] = [await first(), await first()];
    expect(two).toBe(one);
    await store.reopen();
    const three = await first();
    expect(three).not.toBe(one);
    expect(three).toEqual(one);
  });
});
