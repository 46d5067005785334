/**
 * The event-store contract against the KurrentDB adapter, through the real client (grpc-js for appends and
 * subscriptions, the Rust bridge for reads), talking to an in-process gRPC double of the server.
 * The double measures the protocol, not a server: no timing here says anything about KurrentDB.
 */
import { randomUUID } from 'node:crypto';
import { KurrentDbEventStore } from '@compensa/event-store/kurrentdb';
import { KurrentDbDouble } from '../support/kurrentdb-double';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('kurrentdb (gRPC double)', async () => {
  const double = new KurrentDbDouble();
  const connectionString = await double.start();
  const store = new KurrentDbEventStore(connectionString, { resubscribe: { initialDelayMs: 20, maxDelayMs: 500 } });
  return {
    store,
    // The double serves the v2 AppendSession, as KurrentDB 25.1+.
    multiStreamAppend: true,
    // A server restart on the same port, log kept: every connection drops and in-flight calls fail.
    dropConnection: () => double.restart(),
    tamper: async (stream, revision) => double.log.tamper(stream, revision),
    cleanup: async () => {
      await store.close();
      await double.stop();
    },
  };
});

describe('KurrentDbEventStore (adapter specifics, against the double)', () => {
  let double: KurrentDbDouble;
  let store: KurrentDbEventStore;

  beforeAll(async () => {
    double = new KurrentDbDouble();
    await double.start();
    // The deprecated scheme works the same.
    store = new KurrentDbEventStore(double.connectionString.replace('kurrentdb://', 'esdb://'), {
      resubscribe: { initialDelayMs: 20, maxDelayMs: 500 },
    });
  });

  afterAll(async () => {
    await store.close();
    await double.stop();
  });

  const event = (id = randomUUID()) => ({ id, type: 'AdapterThing', data: { n: 1 } });

  it('an append retried after the server restarted is a no-op returning the original result', async () => {
    const stream = `adapter-${randomUUID()}`;
    const batch = [event(), event()];
    const original = await store.append(stream, batch, { expectedRevision: 'no_stream' });
    await double.restart();
    // The first call after the restart fails inside the client (cancelled batch stream); the adapter retries.
    await expect(store.append(stream, batch, { expectedRevision: 'no_stream' })).resolves.toEqual(original);
    expect(double.log.stream(stream)).toHaveLength(2);
  });

  it('`any` with ids already in the stream is recognised as a retry (the exact-revision append would duplicate them)', async () => {
    const stream = `adapter-${randomUUID()}`;
    await store.append(stream, [event()], { expectedRevision: 'no_stream' });
    const batch = [event(), event()];
    const original = await store.append(stream, batch, { expectedRevision: 'any' });
    await store.append(stream, [event()], { expectedRevision: 'any' });
    await expect(store.append(stream, batch, { expectedRevision: 'any' })).resolves.toEqual(original);
    expect(double.log.stream(stream)).toHaveLength(4);
    await expect(store.verifyStream(stream)).resolves.toMatchObject({ ok: true, events: 4 });
  });

  it('concurrent `any` appends to one stream all land, and the chain holds', async () => {
    const stream = `adapter-${randomUUID()}`;
    await Promise.all(Array.from({ length: 10 }, () => store.append(stream, [event()], { expectedRevision: 'any' })));
    await expect(store.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 10 });
  });

  it('stores the hash chain in the event custom metadata (JSON), readable by any client', async () => {
    const stream = `adapter-${randomUUID()}`;
    await store.append(stream, [event(), event()], { expectedRevision: 'no_stream' });
    const [first, second] = double.log
      .stream(stream)!
      .map((e) => JSON.parse(Buffer.from(e.customMetadata).toString('utf8')));
    expect(second.prevHash).toBe(first.hash);
    expect(double.log.stream(stream)![0].contentType).toBe('application/json');
  });

  it('a subscription keeps retrying while the server is down, and resumes when it is back', async () => {
    const prefix = `adapter-${randomUUID()}-`;
    const subscription = store.subscribe({
      fromCheckpoint: (await store.headPosition()) ?? undefined,
      filter: { streamPrefixes: [prefix] },
    });
    const iterator = subscription[Symbol.asyncIterator]();
    try {
      await expect(iterator.next()).resolves.toMatchObject({ value: { kind: 'caughtUp' } });
      await double.stop();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await double.start();
      const late = event();
      await store.append(`${prefix}s`, [late], { expectedRevision: 'no_stream' });
      await expect(iterator.next()).resolves.toMatchObject({ value: { kind: 'event', event: { id: late.id } } });
    } finally {
      await subscription.close();
    }
  });
});
