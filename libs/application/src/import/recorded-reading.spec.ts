import { SqliteEventStore, type EventStore, type ReadStreamOptions } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordedReadingOf } from './recorded-reading';

describe('recordedReadingOf (idempotency by UC and cycle)', () => {
  let dir: string;
  let store: SqliteEventStore;
  const stream = 'uc-cemig-3001';
  const cycleOf = (n: number) => `${2020 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-recorded-reading-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    // 60 cycles, each a reading and two events after it (its compensation, a delivery received).
    const events = Array.from({ length: 60 }, (_, n) => [
      {
        type: 'ReadingRecorded',
        data: {
          ucId: '3001',
          cycle: cycleOf(n),
          readingDate: `${cycleOf(n)}-10`,
          postos: { unico: { consumed: `${n}.000`, injected: '0.000' } },
        },
      },
      { type: 'CycleCompensated', data: { cycle: cycleOf(n) } },
      { type: 'ExcedenteReceived', data: { sourceCycle: cycleOf(n) } },
    ]).flat();
    await store.append(stream, events, { expectedRevision: 'no_stream' });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The store, noting how many events each read asks for. */
  function counting(): { store: EventStore; asked: number[] } {
    const asked: number[] = [];
    const proxy = Object.create(store) as EventStore;
    proxy.readStream = (s: string, options?: ReadStreamOptions) => {
      asked.push(options?.maxCount ?? Infinity);
      return store.readStream(s, options);
    };
    return { store: proxy, asked };
  }

  it('finds the latest cycle reading a few events from the head, not a page of the history', async () => {
    const c = counting();
    await expect(recordedReadingOf(c.store, stream, cycleOf(59))).resolves.toEqual({
      readingDate: `${cycleOf(59)}-10`,
      postos: { unico: { consumed: '59.000', injected: '0.000' } },
    });
    expect(c.asked).toEqual([8]);
  });

  it('finds an older cycle through larger reads, and answers null for a cycle never recorded', async () => {
    for (const n of [58, 50, 30, 1, 0]) {
      await expect(recordedReadingOf(store, stream, cycleOf(n))).resolves.toMatchObject({
        postos: { unico: { consumed: `${n}.000` } },
      });
    }
    await expect(recordedReadingOf(store, stream, '2019-12')).resolves.toBeNull();
    await expect(recordedReadingOf(store, stream, '2030-01')).resolves.toBeNull();
  });
});
