import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@compensa/event-store';
import { loadFolded, type StreamFold } from './decide-and-append';
import { SqliteSnapshotStore } from './snapshot-store';

/** A fold of the events' numbers, enough to see which events were folded onto which state. */
type Added = { type: 'Added'; data: { n: number } };
const FOLD: StreamFold<Added, { total: number; seen: number[] }> = {
  initial: { total: 0, seen: [] },
  evolve: (s, e) => ({ total: s.total + e.data.n, seen: [...s.seen, e.data.n] }),
};
const toDomain = (e: RecordedEvent) => ({ type: 'Added' as const, data: e.data as { n: number } });
const added = (n: number) => ({ type: 'Added', data: { n } });

/** The store's calls a load makes, by method. */
function counted(store: EventStore): { store: EventStore; calls: string[] } {
  const calls: string[] = [];
  const spy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: spy, calls };
}

describe('loadFolded: a stream with a snapshot is read once, from the snapshot’s own revision', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-load-folded-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const db = new DatabaseSync(':memory:');
  const snapshots = new SqliteSnapshotStore(db);
  afterAll(async () => {
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    await store.append('s-1', [added(1), added(2), added(3)], { expectedRevision: 'no_stream' });
  });

  it('a snapshot at the head: one read of the store, the snapshot’s state and revision', async () => {
    snapshots.save('s-1', { revision: 2, state: { total: 6, seen: [1, 2, 3] } });
    const { store: spy, calls } = counted(store);
    await expect(loadFolded(spy, 's-1', FOLD, toDomain, snapshots)).resolves.toEqual({
      revision: 2,
      state: { total: 6, seen: [1, 2, 3] },
    });
    expect(calls).toEqual(['readStream']);
  });

  it('events after the snapshot: one read, only those folded onto it', async () => {
    await store.append('s-2', [added(1), added(2), added(3), added(4)], { expectedRevision: 'no_stream' });
    snapshots.save('s-2', { revision: 1, state: { total: 3, seen: [1, 2] } });
    const { store: spy, calls } = counted(store);
    await expect(loadFolded(spy, 's-2', FOLD, toDomain, snapshots)).resolves.toEqual({
      revision: 3,
      state: { total: 10, seen: [1, 2, 3, 4] },
    });
    expect(calls).toEqual(['readStream']);
  });

  it('a snapshot the stream has not reached is ignored: every event folded from the start', async () => {
    await store.append('s-3', [added(5)], { expectedRevision: 'no_stream' });
    snapshots.save('s-3', { revision: 7, state: { total: 99, seen: [99] } });
    await expect(loadFolded(store, 's-3', FOLD, toDomain, snapshots)).resolves.toEqual({
      revision: 0,
      state: { total: 5, seen: [5] },
    });
  });
});
