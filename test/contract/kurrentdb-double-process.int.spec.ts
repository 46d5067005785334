/**
 * The KurrentDB double as a process with a durable log: several clients (each its own gRPC connections and bridge,
 * as separate processes would have) share one log through it, and the log survives a crash (SIGKILL) and restart
 * of the double. The journal's own recovery from a torn write is tested beside it.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KurrentDbEventStore } from '@compensa/event-store/kurrentdb';
import type { RecordedEvent } from '@compensa/event-store';
import { startKurrentDbDoubleProcess, type KurrentDbDoubleProcess } from '../support/kurrentdb-double-process';
import { EventLog } from '../support/kurrentdb-double';
import { JOURNAL_FILE, LogJournal } from '../support/kurrentdb-double/log-journal';

const resubscribe = { initialDelayMs: 20, maxDelayMs: 300 };

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('the KurrentDB double as a process (server.js --port --data-dir)', () => {
  let dataDir: string;
  let double: KurrentDbDoubleProcess | undefined;
  const stores: KurrentDbEventStore[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-kdb-double-'));
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await double?.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves two clients from one log, and the log survives a SIGKILL and restart of the double', async () => {
    double = await startKurrentDbDoubleProcess(dataDir);
    const a = new KurrentDbEventStore(double.connectionString, { resubscribe });
    const b = new KurrentDbEventStore(double.connectionString, { resubscribe });
    stores.push(a, b);
    const prefix = `shared-${randomUUID()}-`;

    // B follows the prefix live while A and B both write.
    const subscription = b.subscribe({ filter: { streamPrefixes: [prefix] } });
    const iterator = subscription[Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toMatchObject({ value: { kind: 'caughtUp' } });
    await a.append(
      `${prefix}a`,
      [
        { type: 'Thing', data: { n: 1 } },
        { type: 'Thing', data: { n: 2 } },
      ],
      {
        expectedRevision: 'no_stream',
      },
    );
    await b.append(`${prefix}b`, [{ type: 'Thing', data: { n: 3 } }], { expectedRevision: 'no_stream' });
    const seen: RecordedEvent[] = [];
    while (seen.length < 3) {
      const { value } = await iterator.next();
      if (value.kind === 'event') seen.push(value.event);
    }
    await subscription.close();
    expect(seen.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3]);
    // Each reads what the other wrote.
    expect((await collect(a.readStream(`${prefix}b`))).map((e) => e.id)).toEqual([seen[2].id]);
    expect((await collect(b.readStream(`${prefix}a`))).map((e) => e.id)).toEqual([seen[0].id, seen[1].id]);
    const head = await a.headPosition();

    // A crash: no clean shutdown, then a new double on the same port and directory.
    await double.stop('SIGKILL');
    double = await startKurrentDbDoubleProcess(dataDir, double.port);

    // The same clients reconnect (their first call may fail inside the client; the adapter retries).
    await expect(b.headPosition()).resolves.toBe(head);
    const all = await collect(a.readAll({ filter: { streamPrefixes: [prefix] } }));
    expect(all.map((e) => e.id)).toEqual(seen.map((e) => e.id));
    expect(all.map((e) => e.position)).toEqual(seen.map((e) => e.position));
    await expect(a.verifyStream(`${prefix}a`)).resolves.toEqual({ ok: true, stream: `${prefix}a`, events: 2 });
    // Revisions and positions carry on from the recovered log; the hash chain links to the events before the crash.
    const next = await b.append(`${prefix}a`, [{ type: 'Thing', data: { n: 4 } }], { expectedRevision: 1 });
    expect(next.nextRevision).toBe(2);
    expect(next.position).toBeGreaterThan(head!);
    await expect(a.verifyStream(`${prefix}a`)).resolves.toEqual({ ok: true, stream: `${prefix}a`, events: 3 });
    // A retried append of events written before the crash is still recognised (ids kept).
    await expect(
      a.append(`${prefix}b`, [{ id: seen[2].id, type: 'Thing', data: { n: 3 } }], { expectedRevision: 'no_stream' }),
    ).resolves.toMatchObject({ nextRevision: 0 });
  });

  it('a torn last line (the double died inside a write, unanswered) is cut off; the appends before it are kept', () => {
    const first = new EventLog(LogJournal.open(dataDir));
    const event = (id: string) => ({
      id,
      type: 'Thing',
      contentType: 'application/json',
      data: Buffer.from('{"n":1}'),
      customMetadata: Buffer.from('{}'),
    });
    first.append('s', { kind: 'no_stream' }, [event(randomUUID()), event(randomUUID())]);
    first.append('t', { kind: 'no_stream' }, [event(randomUUID())]);
    first.close();
    const path = join(dataDir, JOURNAL_FILE);
    const intact = statSync(path).size;
    appendFileSync(path, '{"stream":"u","events":[{"id":"');

    const reopened = new EventLog(LogJournal.open(dataDir));
    expect(reopened.all.map((e) => `${e.stream}@${e.revision}`)).toEqual(['s@0', 's@1', 't@0']);
    expect(statSync(path).size).toBe(intact);
    const outcome = reopened.append('s', { kind: 'revision', revision: 1n }, [event(randomUUID())]);
    expect(outcome).toMatchObject({ kind: 'written', currentRevision: 2n });
    expect(outcome.kind === 'written' && outcome.position).toBeGreaterThan(reopened.all[2].position);
    reopened.close();
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('a multi-stream append is one journal line (whole or, torn, cut off whole) and comes back stream by stream', () => {
    const first = new EventLog(LogJournal.open(dataDir));
    const event = () => ({
      id: randomUUID(),
      type: 'Thing',
      contentType: 'application/json',
      data: Buffer.from('{}'),
      customMetadata: Buffer.from('{}'),
    });
    first.append('s', { kind: 'no_stream' }, [event()]);
    const outcome = first.appendMany([
      { stream: 's', expected: { kind: 'revision', revision: 0n }, proposed: [event(), event()] },
      { stream: 't', expected: { kind: 'no_stream' }, proposed: [event()] },
    ]);
    expect(outcome.kind).toBe('written');
    // Nothing written when one part conflicts.
    expect(
      first.appendMany([
        { stream: 'u', expected: { kind: 'no_stream' }, proposed: [event()] },
        { stream: 't', expected: { kind: 'no_stream' }, proposed: [event()] },
      ]),
    ).toEqual({ kind: 'conflict', conflicts: [{ index: 1, currentRevision: 0n }] });
    first.close();
    const path = join(dataDir, JOURNAL_FILE);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(2);

    const reopened = new EventLog(LogJournal.open(dataDir));
    expect(reopened.all.map((e) => `${e.stream}@${e.revision}`)).toEqual(['s@0', 's@1', 's@2', 't@0']);
    expect(reopened.stream('t')).toHaveLength(1);
    expect(reopened.stream('u')).toBeUndefined();
    reopened.close();
  });
});
