/**
 * The behavioural definition of the `EventStore` port: one suite, run against every adapter.
 * Every test uses its own stream names and event types (random suffix) and reads the log only from the position
 * it started at, so the suite also runs against a shared, non-empty server.
 */
import { randomUUID } from 'node:crypto';
import {
  MultiStreamAppendUnsupported,
  StreamNotFound,
  WrongExpectedRevision,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SubscriptionMessage,
} from '@compensa/event-store';

/** What an adapter's spec hands to the suite. */
export interface ContractFixture {
  store: EventStore;
  /** Drops the store's connection (and lets it come back); enables the resubscription test. */
  dropConnection?: () => Promise<void>;
  /**
   * Whether `appendMany` writes several streams in one transaction; an adapter that cannot refuses them with
   * `MultiStreamAppendUnsupported`, writing nothing (one part is always an ordinary append).
   */
  multiStreamAppend: boolean;
  /** Alters the stored content of one event behind the store's back; enables the tamper-evidence test. */
  tamper?: (stream: string, revision: number) => Promise<void>;
  cleanup: () => Promise<void>;
}

const WAIT_MS = 10_000;

function suffix(): string {
  return randomUUID().slice(0, 8);
}

function event(type = 'ContractThing', data: unknown = { kwh: '1.5' }, metadata?: NewEvent['metadata']): NewEvent {
  return { id: randomUUID(), type, data, metadata };
}

function events(count: number, type = 'ContractThing'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => event(type, { i }));
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a result');
}

async function expectWrongRevision(promise: Promise<unknown>, stream: string, actual: number | null): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(WrongExpectedRevision);
  expect(error).toMatchObject({ stream, actual });
}

/** The next `count` messages of a subscription, or a descriptive failure after `ms`. */
async function take(
  iterator: AsyncIterator<SubscriptionMessage>,
  count: number,
  ms = WAIT_MS,
): Promise<SubscriptionMessage[]> {
  const out: SubscriptionMessage[] = [];
  const deadline = Date.now() + ms;
  while (out.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), deadline - Date.now())),
    );
    const next = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === 'timeout') throw new Error(`subscription gave ${out.length} of ${count} messages in ${ms} ms`);
    if (next.done) throw new Error(`subscription ended after ${out.length} of ${count} messages`);
    out.push(next.value);
  }
  return out;
}

function idsOf(messages: SubscriptionMessage[]): string[] {
  return messages.flatMap((m) => (m.kind === 'event' ? [m.event.id] : []));
}

function expectIncreasing(positions: number[]): void {
  positions.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(positions[i]));
}

/** Registers the suite for one adapter; `factory` runs once, before the tests. */
export function eventStoreContract(name: string, factory: () => Promise<ContractFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
    });

    afterAll(async () => {
      await fixture?.cleanup();
    });

    /** A fresh stream name under a prefix of its own. */
    const newStream = (label = 'stream'): string => `contract-${suffix()}-${label}`;

    describe('append and expected revision', () => {
      it('no_stream: creates the stream at revision 0; fails once the stream exists', async () => {
        const stream = newStream();
        const first = await store.append(stream, [event()], { expectedRevision: 'no_stream' });
        expect(first.nextRevision).toBe(0);
        expect(typeof first.position).toBe('number');
        await expectWrongRevision(store.append(stream, [event()], { expectedRevision: 'no_stream' }), stream, 0);
        await expect(store.streamRevision(stream)).resolves.toBe(0);
      });

      it('stream_exists: fails on a missing stream (actual null); appends to an existing one', async () => {
        const stream = newStream();
        await expectWrongRevision(store.append(stream, [event()], { expectedRevision: 'stream_exists' }), stream, null);
        await expect(store.streamRevision(stream)).resolves.toBeNull();
        await store.append(stream, [event()], { expectedRevision: 'no_stream' });
        const second = await store.append(stream, events(2), { expectedRevision: 'stream_exists' });
        expect(second.nextRevision).toBe(2);
      });

      it('any: appends whether or not the stream exists', async () => {
        const stream = newStream();
        await expect(store.append(stream, [event()], { expectedRevision: 'any' })).resolves.toMatchObject({
          nextRevision: 0,
        });
        await expect(store.append(stream, [event()], { expectedRevision: 'any' })).resolves.toMatchObject({
          nextRevision: 1,
        });
      });

      it('exact: appends at the stated revision; a stale or future revision fails with the actual one', async () => {
        const stream = newStream();
        await expectWrongRevision(store.append(stream, [event()], { expectedRevision: 0 }), stream, null);
        await store.append(stream, [event()], { expectedRevision: 'no_stream' });
        const next = await store.append(stream, events(3), { expectedRevision: 0 });
        expect(next.nextRevision).toBe(3);
        await expectWrongRevision(store.append(stream, [event()], { expectedRevision: 0 }), stream, 3);
        await expectWrongRevision(store.append(stream, [event()], { expectedRevision: 7 }), stream, 3);
        const error = (await rejection(
          store.append(stream, [event()], { expectedRevision: 2 }),
        )) as WrongExpectedRevision;
        expect(error.expected).toBe(2);
        await expect(store.streamRevision(stream)).resolves.toBe(3);
      });

      it('writes a multi-event append contiguously; the result names its last event', async () => {
        const stream = newStream();
        const batch = events(4);
        const result = await store.append(stream, batch, { expectedRevision: 'no_stream' });
        const read = await collect(store.readStream(stream));
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expect(read.map((e) => e.id)).toEqual(batch.map((e) => e.id));
        expect(read[3].position).toBe(result.position);
        expectIncreasing(read.map((e) => e.position));
      });

      it('gives back type, data and metadata as appended, with recordedAt, schemaVersion and the hashes', async () => {
        const stream = newStream();
        const data = { kwh: '12.345', nested: { list: [1, 'two', null], flag: true }, text: 'ação ⚡' };
        const appended = event('ContractMeta', data, {
          correlationId: 'corr-1',
          causationId: 'cause-1',
          commandId: 'cmd-1',
          schemaVersion: 3,
        });
        await store.append(stream, [appended, event('ContractMeta', { x: 1 })], { expectedRevision: 'no_stream' });
        const [first, second] = await collect(store.readStream(stream));
        expect(first).toMatchObject({ id: appended.id, stream, revision: 0, type: 'ContractMeta', data });
        expect(first.metadata).toMatchObject({
          correlationId: 'corr-1',
          causationId: 'cause-1',
          commandId: 'cmd-1',
          schemaVersion: 3,
          prevHash: null,
        });
        expect(new Date(first.metadata.recordedAt).toISOString()).toBe(first.metadata.recordedAt);
        expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(second.metadata.schemaVersion).toBe(1);
        expect(second.metadata.prevHash).toBe(first.metadata.hash);
      });
    });

    describe('appendMany (several streams, one transaction)', () => {
      it('one part is an ordinary append, with its expected revision', async () => {
        const stream = newStream();
        const [result] = await store.appendMany([{ stream, events: events(2), expectedRevision: 'no_stream' }]);
        expect(result.nextRevision).toBe(1);
        await expectWrongRevision(
          store.appendMany([{ stream, events: events(1), expectedRevision: 'no_stream' }]),
          stream,
          1,
        );
      });

      it('several parts: every stream written, each at its expected revision; or refused, nothing written', async () => {
        const a = newStream('a');
        const b = newStream('b');
        await store.append(a, events(1), { expectedRevision: 'no_stream' });
        const parts = [
          { stream: a, events: events(2), expectedRevision: 0 },
          { stream: b, events: events(1), expectedRevision: 'no_stream' as const },
        ];
        if (!fixture.multiStreamAppend) {
          expect(await rejection(store.appendMany(parts))).toBeInstanceOf(MultiStreamAppendUnsupported);
          await expect(store.streamRevision(a)).resolves.toBe(0);
          await expect(store.streamRevision(b)).resolves.toBeNull();
          return;
        }
        const results = await store.appendMany(parts);
        expect(results.map((r) => r.nextRevision)).toEqual([2, 0]);
        expect((await collect(store.readStream(a))).map((e) => e.id).slice(1)).toEqual(
          parts[0].events.map((e) => e.id),
        );
        expect((await collect(store.readStream(b))).map((e) => e.id)).toEqual(parts[1].events.map((e) => e.id));
        await expect(store.verifyStream(a)).resolves.toMatchObject({ ok: true });
        // The same parts again (same ids, same expected revisions): a replay, nothing written twice.
        expect((await store.appendMany(parts)).map((r) => r.nextRevision)).toEqual([2, 0]);
        await expect(store.streamRevision(a)).resolves.toBe(2);
      });

      it('a part whose stream is not as expected fails the whole append: nothing written on any stream', async () => {
        const a = newStream('a');
        const b = newStream('b');
        await store.append(b, events(1), { expectedRevision: 'no_stream' });
        const parts = [
          { stream: a, events: events(1), expectedRevision: 'no_stream' as const },
          { stream: b, events: events(1), expectedRevision: 'no_stream' as const },
        ];
        const error = await rejection(store.appendMany(parts));
        if (fixture.multiStreamAppend) expect(error).toMatchObject({ stream: b, actual: 0 });
        await expect(store.streamRevision(a)).resolves.toBeNull();
        await expect(store.streamRevision(b)).resolves.toBe(0);
      });

      it('a stale exact revision on one of three parts: WrongExpectedRevision naming it, nothing written', async () => {
        if (!fixture.multiStreamAppend) return;
        const [a, b, c] = ['a', 'b', 'c'].map((label) => newStream(label));
        for (const stream of [a, b, c]) await store.append(stream, events(2), { expectedRevision: 'no_stream' });
        await store.append(b, events(1), { expectedRevision: 1 });
        const error = await rejection(
          store.appendMany([
            { stream: a, events: events(1), expectedRevision: 1 },
            { stream: b, events: events(1), expectedRevision: 1 },
            { stream: c, events: events(1), expectedRevision: 1 },
          ]),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        expect(error).toMatchObject({ stream: b, expected: 1, actual: 2 });
        await expect(store.streamRevision(a)).resolves.toBe(1);
        await expect(store.streamRevision(b)).resolves.toBe(2);
        await expect(store.streamRevision(c)).resolves.toBe(1);
        // stream_exists on a missing stream fails the same way.
        const missing = newStream('missing');
        const onMissing = await rejection(
          store.appendMany([
            { stream: a, events: events(1), expectedRevision: 1 },
            { stream: missing, events: events(1), expectedRevision: 'stream_exists' },
          ]),
        );
        expect(onMissing).toMatchObject({ stream: missing, actual: null });
        await expect(store.streamRevision(a)).resolves.toBe(1);
      });

      it('reads back as single appends do: type, data, metadata (non-string values too), the hash chain', async () => {
        if (!fixture.multiStreamAppend) return;
        const single = newStream('single');
        const a = newStream('a');
        const b = newStream('b');
        const data = { kwh: '12.345', nested: { list: [1, 'two', null], flag: true }, text: 'ação ⚡' };
        const metadata = {
          correlationId: 'corr-1',
          causationId: 'cause-1',
          commandId: 'cmd-1',
          schemaVersion: 3,
          count: 2,
          flag: false,
          nothing: null,
          nested: { list: [1, 'x'], deep: { y: 'z' } },
          text: 'ação ⚡',
        };
        const shaped = () => [event('ContractMany', data, metadata), event('ContractMany', { x: 1 })];
        await store.append(single, shaped(), { expectedRevision: 'no_stream' });
        await store.append(a, events(1), { expectedRevision: 'no_stream' });
        await store.appendMany([
          { stream: a, events: shaped(), expectedRevision: 0 },
          { stream: b, events: shaped(), expectedRevision: 'no_stream' },
        ]);
        const comparable = (e: RecordedEvent) => {
          const { hash: _hash, prevHash: _prev, recordedAt, ...rest } = e.metadata;
          expect(new Date(recordedAt).toISOString()).toBe(recordedAt);
          return { type: e.type, data: e.data, metadata: rest };
        };
        const expected = (await collect(store.readStream(single))).map(comparable);
        const fromA = (await collect(store.readStream(a))).slice(1);
        const fromB = await collect(store.readStream(b));
        expect(fromA.map(comparable)).toEqual(expected);
        expect(fromB.map(comparable)).toEqual(expected);
        expect(Object.keys(fromB[0].metadata).sort()).toEqual(
          Object.keys((await collect(store.readStream(single)))[0].metadata).sort(),
        );
        expect(fromB[1].metadata).toMatchObject({ schemaVersion: 1, prevHash: fromB[0].metadata.hash });
        expect(fromB[0].metadata.prevHash).toBeNull();
        await expect(store.verifyStream(a)).resolves.toEqual({ ok: true, stream: a, events: 3 });
        await expect(store.verifyStream(b)).resolves.toEqual({ ok: true, stream: b, events: 2 });
        // Read from $all and through a subscription, the same events say the same.
        const head = (await collect(store.readStream(a)))[0].position;
        const all = await collect(store.readAll({ fromPosition: head, filter: { streamPrefixes: [a, b] } }));
        expect(all.filter((e) => e.stream === b).map(comparable)).toEqual(expected);
      });

      it('orders the parts as given: contiguous in the log, each result the position of its own last event', async () => {
        if (!fixture.multiStreamAppend) return;
        const prefix = `contract-${suffix()}-`;
        const [a, b, c] = ['a', 'b', 'c'].map((label) => prefix + label);
        const head = await store.headPosition();
        await store.append(c, events(1), { expectedRevision: 'no_stream' });
        const parts = [
          { stream: b, events: events(2), expectedRevision: 'no_stream' as const },
          { stream: a, events: events(3), expectedRevision: 'any' as const },
          { stream: c, events: events(1), expectedRevision: 'stream_exists' as const },
        ];
        const results = await store.appendMany(parts);
        expect(results.map((r) => r.nextRevision)).toEqual([1, 2, 1]);
        const all = await collect(
          store.readAll({ fromPosition: head ?? undefined, filter: { streamPrefixes: [prefix] } }),
        );
        const written = all.slice(1);
        expect(written.map((e) => e.id)).toEqual(parts.flatMap((p) => p.events.map((e) => e.id)));
        expectIncreasing(written.map((e) => e.position));
        expect(results.map((r) => r.position)).toEqual([written[1], written[4], written[5]].map((e) => e.position));
        await expect(store.headPosition()).resolves.toBeGreaterThanOrEqual(results[2].position);
        for (const stream of [a, b, c]) await expect(store.verifyStream(stream)).resolves.toMatchObject({ ok: true });
        // `any` and `stream_exists` parts again, with the same ids: a replay, nothing written twice.
        await expect(store.appendMany(parts)).resolves.toEqual(results);
        await expect(store.streamRevision(a)).resolves.toBe(2);
      });
    });

    describe('idempotency', () => {
      it('re-appending the same ids with the same expected revision returns the original result and writes nothing', async () => {
        const stream = newStream();
        const batch = events(2);
        const original = await store.append(stream, batch, { expectedRevision: 'no_stream' });
        await expect(store.append(stream, batch, { expectedRevision: 'no_stream' })).resolves.toEqual(original);

        const more = [event()];
        const second = await store.append(stream, more, { expectedRevision: 1 });
        await expect(store.append(stream, more, { expectedRevision: 1 })).resolves.toEqual(second);

        const read = await collect(store.readStream(stream));
        expect(read.map((e) => e.id)).toEqual([...batch, ...more].map((e) => e.id));
        await expect(store.streamRevision(stream)).resolves.toBe(2);
      });

      it('the same ids at another revision are not a retry: WrongExpectedRevision', async () => {
        const stream = newStream();
        await store.append(stream, events(2), { expectedRevision: 'no_stream' });
        const late = [event()];
        await store.append(stream, late, { expectedRevision: 1 });
        await expectWrongRevision(store.append(stream, late, { expectedRevision: 0 }), stream, 2);
        await expect(store.streamRevision(stream)).resolves.toBe(2);
      });
    });

    describe('a missing stream', () => {
      it('readStream throws StreamNotFound (both directions); streamRevision is null; verifyStream throws', async () => {
        const stream = newStream('missing');
        await expect(collect(store.readStream(stream))).rejects.toBeInstanceOf(StreamNotFound);
        await expect(collect(store.readStream(stream, { direction: 'backwards' }))).rejects.toBeInstanceOf(
          StreamNotFound,
        );
        await expect(store.streamRevision(stream)).resolves.toBeNull();
        await expect(store.verifyStream(stream)).rejects.toBeInstanceOf(StreamNotFound);
      });

      it('reading past the end of an existing stream yields nothing', async () => {
        const stream = newStream();
        await store.append(stream, events(2), { expectedRevision: 'no_stream' });
        await expect(collect(store.readStream(stream, { fromRevision: 5 }))).resolves.toEqual([]);
      });
    });

    describe('global order', () => {
      it('positions increase across streams in append order, and readAll gives that order', async () => {
        const prefix = `contract-${suffix()}-`;
        const streams = ['a', 'b', 'c'].map((s) => prefix + s);
        const head = await store.headPosition();
        const appended: { stream: string; result: AppendResult; ids: string[] }[] = [];
        for (let round = 0; round < 3; round++) {
          for (const stream of [streams[round % 3], streams[(round + 1) % 3], streams[(round + 2) % 3]]) {
            const batch = events(2);
            const result = await store.append(stream, batch, { expectedRevision: 'any' });
            appended.push({ stream, result, ids: batch.map((e) => e.id!) });
          }
        }
        expectIncreasing(appended.map((a) => a.result.position));
        await expect(store.headPosition()).resolves.toBeGreaterThanOrEqual(
          appended[appended.length - 1].result.position,
        );
        if (head !== null) expect(appended[0].result.position).toBeGreaterThan(head);

        const all = await collect(
          // Positions are opaque (KurrentDB's are commit positions): read from the head taken before appending.
          store.readAll({ fromPosition: head ?? undefined, filter: { streamPrefixes: [prefix] } }),
        );
        expect(all.map((e) => e.id)).toEqual(appended.flatMap((a) => a.ids));
        expect(all.map((e) => e.stream)).toEqual(appended.flatMap((a) => [a.stream, a.stream]));
        expectIncreasing(all.map((e) => e.position));
      });
    });

    describe('paging', () => {
      const total = 2500;
      let stream: string;
      let positions: number[];

      beforeAll(async () => {
        stream = newStream('paged');
        positions = [];
        for (let revision = 0; revision < total; revision += 500) {
          await store.append(stream, events(500, 'ContractPaged'), {
            expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
          });
        }
        positions = (await collect(store.readStream(stream))).map((e) => e.position);
      }, 60_000);

      it('readStream forwards gives every event once, in revision order, across pages', async () => {
        expect(positions).toHaveLength(total);
        expectIncreasing(positions);
        const read = await collect(store.readStream(stream, { fromRevision: 999 }));
        expect(read.map((e) => e.revision)).toEqual(Array.from({ length: total - 999 }, (_, i) => 999 + i));
      });

      it('readStream honours maxCount, also across a page boundary', async () => {
        const few = await collect(store.readStream(stream, { fromRevision: 1000, maxCount: 10 }));
        expect(few.map((e) => e.revision)).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i));
        const many = await collect(store.readStream(stream, { maxCount: 1500 }));
        expect(many).toHaveLength(1500);
        expect(many[1499].revision).toBe(1499);
      });

      it('readStream backwards from the end or from a revision, across pages', async () => {
        const fromEnd = await collect(store.readStream(stream, { direction: 'backwards', maxCount: 1500 }));
        expect(fromEnd.map((e) => e.revision)).toEqual(Array.from({ length: 1500 }, (_, i) => total - 1 - i));
        const fromFive = await collect(store.readStream(stream, { direction: 'backwards', fromRevision: 5 }));
        expect(fromFive.map((e) => e.revision)).toEqual([5, 4, 3, 2, 1, 0]);
        const whole = await collect(store.readStream(stream, { direction: 'backwards' }));
        expect(whole).toHaveLength(total);
      });

      it('readAll pages through more than one page, from an inclusive position, with maxCount', async () => {
        const filter = { streamPrefixes: [stream] };
        const all = await collect(store.readAll({ fromPosition: positions[0], filter }));
        expect(all.map((e) => e.position)).toEqual(positions);
        const fromMiddle = await collect(store.readAll({ fromPosition: positions[1234], filter, maxCount: 1100 }));
        expect(fromMiddle.map((e) => e.position)).toEqual(positions.slice(1234, 1234 + 1100));
      });
    });

    describe('filters', () => {
      it('by stream prefix: only streams starting with one of the prefixes (case-sensitive)', async () => {
        const base = `contract-${suffix()}`;
        const from = await store.append(`${base}-uc-1`, [event()], { expectedRevision: 'any' });
        await store.append(`${base}-tariff-1`, [event()], { expectedRevision: 'any' });
        await store.append(`${base}-UC-2`, [event()], { expectedRevision: 'any' });
        await store.append(`${base}-titular-1`, [event()], { expectedRevision: 'any' });
        await store.append(`${base}-uc-2`, [event()], { expectedRevision: 'any' });
        const read = await collect(
          store.readAll({
            fromPosition: from.position,
            filter: { streamPrefixes: [`${base}-uc-`, `${base}-titular-`] },
          }),
        );
        expect(read.map((e) => e.stream)).toEqual([`${base}-uc-1`, `${base}-titular-1`, `${base}-uc-2`]);
      });

      it('streamNames: each stream with events that starts with a prefix, once (case-sensitive)', async () => {
        const base = `contract-${suffix()}`;
        await store.append(`${base}-uc-1`, [event(), event()], { expectedRevision: 'any' });
        await store.append(`${base}-UC-2`, [event()], { expectedRevision: 'any' });
        await store.append(`${base}-titular-1`, [event()], { expectedRevision: 'any' });
        await store.append(`${base}-uc-2`, [event()], { expectedRevision: 'any' });
        await store.append(`${base}-uc-1`, [event()], { expectedRevision: 'any' });
        const names = await collect(store.streamNames([`${base}-uc-`, `${base}-titular-`]));
        expect([...names].sort()).toEqual([`${base}-titular-1`, `${base}-uc-1`, `${base}-uc-2`]);
        expect(await collect(store.streamNames([`${base}-nothing-`]))).toEqual([]);
      });

      it('by event type: only those types, from every stream, in global order', async () => {
        const wanted = `ContractWanted${suffix()}`;
        const alsoWanted = `ContractAlso${suffix()}`;
        const other = `ContractOther${suffix()}`;
        const a = newStream('a');
        const b = newStream('b');
        const head = await store.headPosition();
        await store.append(a, [event(wanted, { n: 1 }), event(other)], { expectedRevision: 'no_stream' });
        await store.append(b, [event(other), event(alsoWanted, { n: 2 })], { expectedRevision: 'no_stream' });
        await store.append(a, [event(wanted, { n: 3 })], { expectedRevision: 1 });
        const read = await collect(
          store.readAll({ fromPosition: head ?? undefined, filter: { eventTypes: [wanted, alsoWanted] } }),
        );
        expect(read.map((e) => [e.type, e.stream, e.data])).toEqual([
          [wanted, a, { n: 1 }],
          [alsoWanted, b, { n: 2 }],
          [wanted, a, { n: 3 }],
        ]);
      });
    });

    describe('subscriptions', () => {
      it('catches up, signals caughtUp once, then delivers live events in order', async () => {
        const prefix = `contract-${suffix()}-`;
        const head = await store.headPosition();
        const before = events(3);
        await store.append(`${prefix}x`, before, { expectedRevision: 'no_stream' });
        const subscription = store.subscribe({
          fromCheckpoint: head ?? undefined,
          filter: { streamPrefixes: [prefix] },
        });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          const caughtUp = await take(iterator, 4);
          expect(idsOf(caughtUp)).toEqual(before.map((e) => e.id));
          const signal = caughtUp[3];
          expect(signal.kind).toBe('caughtUp');
          const lastPosition = (caughtUp[2] as { event: RecordedEvent }).event.position;
          if (signal.kind === 'caughtUp') expect(signal.position).toBeGreaterThanOrEqual(lastPosition);

          const live = events(2);
          await store.append(`${prefix}y`, [live[0]], { expectedRevision: 'no_stream' });
          await store.append(`${prefix}x`, [live[1]], { expectedRevision: 2 });
          const delivered = await take(iterator, 2);
          expect(delivered.every((m) => m.kind === 'event')).toBe(true);
          expect(idsOf(delivered)).toEqual(live.map((e) => e.id));
        } finally {
          await subscription.close();
        }
      });

      it('starts after the checkpoint (exclusive) and filters by event type, live too', async () => {
        const wanted = `ContractSubWanted${suffix()}`;
        const stream = newStream();
        const batch = [event(wanted), event('ContractSubOther'), event(wanted), event(wanted)];
        await store.append(stream, batch, { expectedRevision: 'no_stream' });
        const read = await collect(store.readStream(stream));
        const subscription = store.subscribe({ fromCheckpoint: read[0].position, filter: { eventTypes: [wanted] } });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          const caughtUp = await take(iterator, 3);
          expect(idsOf(caughtUp)).toEqual([batch[2].id, batch[3].id]);
          expect(caughtUp[2].kind).toBe('caughtUp');
          const live = [event('ContractSubOther'), event(wanted)];
          await store.append(stream, live, { expectedRevision: 3 });
          const next = await take(iterator, 1);
          expect(idsOf(next)).toEqual([live[1].id]);
        } finally {
          await subscription.close();
        }
      });

      it('a slow consumer still gets every event once, in order (backpressure, no loss)', async () => {
        const prefix = `contract-${suffix()}-`;
        const head = await store.headPosition();
        const subscription = store.subscribe({
          fromCheckpoint: head ?? undefined,
          filter: { streamPrefixes: [prefix] },
        });
        const written: string[] = [];
        const writer = (async () => {
          for (let i = 0; i < 12; i++) {
            const batch = events(100);
            await store.append(`${prefix}${i % 3}`, batch, { expectedRevision: 'any' });
            written.push(...batch.map((e) => e.id!));
          }
        })();
        const received: string[] = [];
        try {
          for await (const message of subscription) {
            if (message.kind !== 'event') continue;
            received.push(message.event.id);
            if (received.length % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
            if (received.length === 1200) break;
          }
        } finally {
          await writer;
          await subscription.close();
        }
        expect(received).toEqual(written);
      });

      it('close() ends a pending iteration', async () => {
        const subscription = store.subscribe({ filter: { streamPrefixes: [`contract-${suffix()}-nothing`] } });
        const iterator = subscription[Symbol.asyncIterator]();
        const [first] = await take(iterator, 1);
        expect(first.kind).toBe('caughtUp');
        const pending = iterator.next();
        await subscription.close();
        await expect(pending).resolves.toMatchObject({ done: true });
      });

      it('resubscribes after a dropped connection: keeps going, no duplicates, no gaps', async () => {
        if (!fixture.dropConnection) return; // the adapter has no connection to drop
        const prefix = `contract-${suffix()}-`;
        const head = await store.headPosition();
        const before = events(5);
        await store.append(`${prefix}s`, before, { expectedRevision: 'no_stream' });
        const subscription = store.subscribe({
          fromCheckpoint: head ?? undefined,
          filter: { streamPrefixes: [prefix] },
        });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          expect(idsOf(await take(iterator, 6))).toEqual(before.map((e) => e.id));
          await fixture.dropConnection();
          const after = events(5);
          for (const [i, e] of after.entries()) await store.append(`${prefix}s`, [e], { expectedRevision: 4 + i });
          const delivered = await take(iterator, 5, 30_000);
          expect(delivered.every((m) => m.kind === 'event')).toBe(true);
          expect(idsOf(delivered)).toEqual(after.map((e) => e.id));
          const onemore = event();
          await store.append(`${prefix}s`, [onemore], { expectedRevision: 9 });
          expect(idsOf(await take(iterator, 1))).toEqual([onemore.id]);
        } finally {
          await subscription.close();
        }
      }, 60_000);
    });

    describe('concurrency', () => {
      it('20 concurrent appends at the same expected revision: exactly one wins, the others get the actual revision', async () => {
        const stream = newStream();
        await store.append(stream, [event()], { expectedRevision: 'no_stream' });
        const attempts = Array.from({ length: 20 }, () => [event()]);
        const outcomes = await Promise.allSettled(
          attempts.map((batch) => store.append(stream, batch, { expectedRevision: 0 })),
        );
        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect(outcome.reason).toBeInstanceOf(WrongExpectedRevision);
            expect(outcome.reason).toMatchObject({ actual: 1 });
          }
        }
        const read = await collect(store.readStream(stream));
        expect(read).toHaveLength(2);
        const winner = attempts[outcomes.findIndex((o) => o.status === 'fulfilled')];
        expect(read[1].id).toBe(winner[0].id);
      });

      it('concurrent appends to distinct streams all succeed with distinct positions', async () => {
        const prefix = `contract-${suffix()}-`;
        const results = await Promise.all(
          Array.from({ length: 32 }, (_, i) =>
            store.append(`${prefix}${i}`, events(3), { expectedRevision: 'no_stream' }),
          ),
        );
        expect(new Set(results.map((r) => r.position)).size).toBe(32);
        for (const [i, result] of results.entries()) {
          const read = await collect(store.readStream(`${prefix}${i}`));
          expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
          expect(read[2].position).toBe(result.position);
        }
      });
    });

    describe('hash chain', () => {
      it('a stream written by several appends verifies', async () => {
        const stream = newStream();
        await store.append(stream, events(2), { expectedRevision: 'no_stream' });
        await store.append(stream, events(3), { expectedRevision: 1 });
        await store.append(stream, [event()], { expectedRevision: 'any' });
        await expect(store.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 6 });
      });

      it('tampering with a stored event is reported at its revision', async () => {
        if (!fixture.tamper) return; // the adapter cannot alter its storage behind its own back
        const stream = newStream();
        await store.append(stream, events(5), { expectedRevision: 'no_stream' });
        await fixture.tamper(stream, 3);
        await expect(store.verifyStream(stream)).resolves.toMatchObject({ ok: false, stream, revision: 3 });
      });
    });
  });
}
