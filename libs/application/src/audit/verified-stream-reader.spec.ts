import os from 'node:os';
import { SqliteEventStore, verifyChainOf, type EventStore } from '@compensa/event-store';
import type { AuditOptions } from './audit-selection';
import { buildStore, storedEvent, streamedReport, tamperData } from './example-store.testing';
import { READER_THREAD_AHEAD, startVerifiedStreamReader } from './verified-stream-reader';

/** The whole-log audit's JSON report. */
const report = (store: EventStore, options: AuditOptions) => streamedReport(store, { all: true }, options);

async function allStreams(store: EventStore): Promise<string[]> {
  const names: string[] = [];
  for await (const s of store.streamNames([''])) names.push(s);
  return names.sort();
}

const THREAD: AuditOptions = { readerThreadMinStreams: 0 };
const HERE: AuditOptions = { readerThreadMinStreams: Infinity };

/** A store whose file the reader thread cannot open (it fails at once): the reads fall back to this thread. */
class UnreadableByThread extends SqliteEventStore {
  override get path(): string {
    return '/nonexistent-compensa-dir/events.db';
  }
}

describe('the audit reads its streams in a worker thread (embedded store)', () => {
  // 07: 50 members and their generator, more streams than the thread may read ahead.
  it('reads every stream, its events and chain exactly as read here, more streams than it reads ahead', async () => {
    const s = await buildStore('07-cooperativa-50-membros.jsonl');
    const store = new SqliteEventStore({ path: s.db });
    try {
      const streams = [...(await allStreams(store)), 'uc-no-such-uc'];
      expect(streams.length).toBeGreaterThan(READER_THREAD_AHEAD + 1);
      const head = (await store.headPosition())!;
      for (const position of [null, Math.floor(head / 2)]) {
        const thread = startVerifiedStreamReader(store, streams, position, 0);
        const here = startVerifiedStreamReader(store, streams, position, Infinity);
        try {
          for (const [i, stream] of streams.entries()) {
            // The replay slower than the thread: it waits at `ahead`, then goes on.
            if (i === 1) await new Promise((r) => setTimeout(r, 100));
            expect(await thread.next(i, stream)).toEqual(await here.next(i, stream));
          }
          expect(thread.counts).toEqual({ thread: streams.length, here: 0 });
          expect(here.counts).toEqual({ thread: 0, here: streams.length });
        } finally {
          await thread.close();
          await here.close();
        }
      }
      const alone = startVerifiedStreamReader(store, ['uc-no-such-uc'], null, 0);
      expect(await alone.next(0, 'uc-no-such-uc').finally(() => alone.close())).toEqual({
        read: null,
        events: null,
        chain: null,
      });
    } finally {
      await store.close();
      s.remove();
    }
  });

  it.each(['06-troca-de-titularidade.jsonl', '19-retificacao-creditos-movidos.jsonl'])(
    '%s: the same report, byte for byte, whole and as of a position',
    async (scenario) => {
      const s = await buildStore(scenario);
      const store = new SqliteEventStore({ path: s.db });
      try {
        const whole = await report(store, THREAD);
        expect(whole).toBe(await report(store, HERE));
        expect(JSON.parse(whole).summary.passed).toBe(true);
        const cut = Math.floor((await store.headPosition())! / 2);
        expect(await report(store, { ...THREAD, position: cut })).toBe(await report(store, { ...HERE, position: cut }));
      } finally {
        await store.close();
        s.remove();
      }
    },
  );

  it('a changed event: the chain break the thread finds is the one found here, named the same', async () => {
    const s = await buildStore('06-troca-de-titularidade.jsonl');
    const listing = new SqliteEventStore({ path: s.db });
    const stream = (await allStreams(listing).finally(() => listing.close())).find((n) => n.startsWith('uc-'))!;
    const reading = storedEvent(s.db, stream, 'ReadingRecorded');
    tamperData(s.db, stream, reading.revision, { ...reading.data, cycle: '1999-01' });
    const store = new SqliteEventStore({ path: s.db });
    try {
      const threaded = await report(store, THREAD);
      expect(threaded).toBe(await report(store, HERE));
      const parsed = JSON.parse(threaded);
      expect(parsed.summary.checks.hashChain.failed).toBe(1);
      expect(parsed.mismatches[0]).toMatchObject({ check: 'hash-chain', stream, revision: reading.revision });
    } finally {
      await store.close();
      s.remove();
    }
  });

  it('one core: no thread (it would only take turns with the replay)', async () => {
    const s = await buildStore('06-troca-de-titularidade.jsonl');
    const store = new SqliteEventStore({ path: s.db });
    const cores = jest.spyOn(os, 'availableParallelism').mockReturnValue(1);
    try {
      const streams = await allStreams(store);
      const reader = startVerifiedStreamReader(store, streams, null, 0);
      for (const [i, stream] of streams.entries()) await reader.next(i, stream);
      await reader.close();
      expect(reader.counts).toEqual({ thread: 0, here: streams.length });
    } finally {
      cores.mockRestore();
      await store.close();
      s.remove();
    }
  });

  it('a thread that cannot read the file: every stream is read here instead, the same report', async () => {
    const s = await buildStore('06-troca-de-titularidade.jsonl');
    const store = new UnreadableByThread({ path: s.db });
    try {
      const streams = await allStreams(store);
      const reader = startVerifiedStreamReader(store, streams, null, 0);
      try {
        for (const [i, stream] of streams.entries()) {
          const r = await reader.next(i, stream);
          expect(r.chain).toEqual(verifyChainOf(r.events!, stream));
        }
        expect(reader.counts).toEqual({ thread: 0, here: streams.length });
      } finally {
        await reader.close();
      }
      const plain = new SqliteEventStore({ path: s.db });
      expect(await report(store, THREAD)).toBe(await report(plain, HERE).finally(() => plain.close()));
    } finally {
      await store.close();
      s.remove();
    }
  });
});
