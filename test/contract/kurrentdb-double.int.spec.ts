/**
 * The event-store contract against the KurrentDB adapter, through the real client (grpc-js for appends and
 * subscriptions, the Rust bridge for reads), talking to an in-process gRPC double of the server.
 * The double measures the protocol, not a server: no timing here says anything about KurrentDB.
 */
import { randomUUID } from 'node:crypto';
import { MultiStreamAppendUnsupported, WrongExpectedRevision } from '@compensa/event-store';
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

  it('an append at the revision it just read or wrote reads nothing first; the chain holds, and a writer in between is refused', async () => {
    const stream = `adapter-${randomUUID()}`;
    const other = new KurrentDbEventStore(double.connectionString);
    const client = (store as unknown as { client: { readStream: (...args: unknown[]) => unknown } }).client;
    const reads = jest.spyOn(client, 'readStream');
    try {
      await store.append(stream, [event()], { expectedRevision: 'no_stream' });
      // After its own append (revision 0) and after a read that ended at revision 1 (written by another client).
      await store.append(stream, [event()], { expectedRevision: 0 });
      await other.append(stream, [event()], { expectedRevision: 1 });
      const seen: number[] = [];
      for await (const e of store.readStream(stream, { fromRevision: 2 })) seen.push(e.revision);
      expect(seen).toEqual([2]);
      reads.mockClear();
      await store.append(stream, [event(), event()], { expectedRevision: 2 });
      expect(reads).not.toHaveBeenCalled();
      await expect(store.verifyStream(stream)).resolves.toEqual({ ok: true, stream, events: 5 });
      // Another writer went on from revision 4: an append at 4 (known here) is still refused by the server.
      await other.append(stream, [event()], { expectedRevision: 4 });
      await expect(store.append(stream, [event()], { expectedRevision: 4 })).rejects.toBeInstanceOf(
        WrongExpectedRevision,
      );
      expect(double.log.stream(stream)).toHaveLength(6);
    } finally {
      reads.mockRestore();
      await other.close();
    }
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

  it('appendMany sends one AppendSession: properties (strings) + compensa.json; the server adds $schema.*', async () => {
    const [a, b] = ['a', 'b'].map((x) => `adapter-${randomUUID()}-${x}`);
    const first = { ...event(), metadata: { correlationId: 'corr-1', schemaVersion: 2 } };
    await store.appendMany([
      { stream: a, events: [first], expectedRevision: 'no_stream' },
      { stream: b, events: [event()], expectedRevision: 'no_stream' },
    ]);
    const stored = JSON.parse(Buffer.from(double.log.stream(a)![0].customMetadata).toString('utf8')) as Record<
      string,
      unknown
    >;
    // What any v1 reader sees: the strings as they are, the rest as JSON text, the server's two keys.
    expect(stored).toMatchObject({ correlationId: 'corr-1', '$schema.name': 'AdapterThing', '$schema.format': 'Json' });
    expect(JSON.parse(stored['compensa.json'] as string)).toEqual({ schemaVersion: 2, prevHash: null });
    // Both streams in one transaction: contiguous in $all.
    const at = double.log.all.findIndex((e) => e.stream === a);
    expect(double.log.all[at + 1].stream).toBe(b);
  });

  it('appendMany: a conflict the server finds (a writer got in after the reads) is WrongExpectedRevision; `any` retries', async () => {
    const [a, b] = ['a', 'b'].map((x) => `adapter-${randomUUID()}-${x}`);
    await store.append(a, [event()], { expectedRevision: 'no_stream' });
    await store.append(b, [event()], { expectedRevision: 'no_stream' });
    const appendMany = double.log.appendMany.bind(double.log);
    // Once: another writer appends to b between the adapter's reads and the session's commit.
    const intrude = () => {
      double.log.appendMany = (parts) => {
        double.log.appendMany = appendMany;
        double.log.append(b, { kind: 'any' }, [
          {
            id: randomUUID(),
            type: 'Other',
            contentType: 'application/json',
            data: Buffer.from('{}'),
            customMetadata: Buffer.from('{}'),
          },
        ]);
        return appendMany(parts);
      };
    };
    intrude();
    const exact = await store
      .appendMany([
        { stream: a, events: [event()], expectedRevision: 0 },
        { stream: b, events: [event()], expectedRevision: 0 },
      ])
      .catch((error: unknown) => error);
    expect(exact).toBeInstanceOf(WrongExpectedRevision);
    expect(exact).toMatchObject({ stream: b, expected: 0, actual: 1 });
    expect(double.log.stream(a)).toHaveLength(1);

    intrude();
    const [ra, rb] = await store.appendMany([
      { stream: a, events: [event()], expectedRevision: 0 },
      { stream: b, events: [event()], expectedRevision: 'any' },
    ]);
    expect([ra.nextRevision, rb.nextRevision]).toEqual([1, 3]);
    // b's chain breaks at the first intruder (an event without hashes); a's holds.
    await expect(store.verifyStream(b)).resolves.toMatchObject({ ok: false, revision: 1 });
    await expect(store.verifyStream(a)).resolves.toMatchObject({ ok: true, events: 2 });
  });

  it('appendMany after the server restarted: a new session goes through, the same one again is a replay', async () => {
    const [a, b] = ['a', 'b'].map((x) => `adapter-${randomUUID()}-${x}`);
    const parts = [
      { stream: a, events: [event(), event()], expectedRevision: 'no_stream' as const },
      { stream: b, events: [event()], expectedRevision: 'no_stream' as const },
    ];
    await double.restart();
    const original = await store.appendMany(parts);
    await double.restart();
    await expect(store.appendMany(parts)).resolves.toEqual(original);
    expect(double.log.stream(a)).toHaveLength(2);
    expect(double.log.stream(b)).toHaveLength(1);
  });

  it('appendMany on a server without the v2 append (before 25.1): MultiStreamAppendUnsupported, nothing written', async () => {
    const old = new KurrentDbDouble({ multiStreamAppend: false });
    const oldStore = new KurrentDbEventStore(await old.start());
    try {
      const [a, b] = ['a', 'b'].map((x) => `adapter-${randomUUID()}-${x}`);
      const error = await oldStore
        .appendMany([
          { stream: a, events: [event()], expectedRevision: 'no_stream' },
          { stream: b, events: [event()], expectedRevision: 'no_stream' },
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MultiStreamAppendUnsupported);
      expect((error as Error).message).toContain('KurrentDB 25.1');
      expect(old.log.all).toHaveLength(0);
      // One part is an ordinary append, which any server takes.
      await expect(
        oldStore.appendMany([{ stream: a, events: [event()], expectedRevision: 'no_stream' }]),
      ).resolves.toEqual([expect.objectContaining({ nextRevision: 0 })]);
    } finally {
      await oldStore.close();
      await old.stop();
    }
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
