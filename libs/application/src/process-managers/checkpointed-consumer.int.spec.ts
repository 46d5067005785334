import { SqliteCheckpointStore, SqliteEventStore, type RecordedEvent } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../logger';
import { CheckpointedConsumer } from './checkpointed-consumer';

/** A handler that holds every event until the test releases it, and says which ones it has started. */
function heldHandler() {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const handle = (e: RecordedEvent) =>
    new Promise<void>((resolve) => {
      started.push(e.stream);
      release.set(e.stream, resolve);
    });
  return { started, handle, release: (stream: string) => release.get(stream)!() };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('CheckpointedConsumer with `writes`: events that write other streams are handled side by side', () => {
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  let consumer: CheckpointedConsumer | null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-consumer-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
    consumer = null;
  });
  afterEach(async () => {
    await consumer?.stop();
    await store.close();
    checkpoints.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One event per source stream, its `writes` in its data; a passed-over event between the first two. */
  async function appendEvents(): Promise<number[]> {
    const positions: number[] = [];
    const add = async (stream: string, type: string, writes: string[]) =>
      positions.push((await store.append(stream, [{ type, data: { writes } }], { expectedRevision: 'any' })).position);
    await add('a', 'Deliver', ['x', 'y']);
    await add('other', 'Ignored', []);
    await add('b', 'Deliver', ['z']);
    await add('c', 'Deliver', ['y']);
    return positions;
  }

  const open = (handle: (e: RecordedEvent) => Promise<void>) =>
    new CheckpointedConsumer('pm-test', store, checkpoints, (e) => e.type === 'Deliver', handle, silentLogger, {
      parked: null,
      writes: (e) => (e.data as { writes: string[] }).writes,
    });

  it('starts disjoint events together, holds one that shares a stream, and moves the checkpoint only past all', async () => {
    const [, , b, c] = await appendEvents();
    const h = heldHandler();
    consumer = open(h.handle);
    void consumer.start();
    await settle();
    // a and b write x, y and z: side by side; c writes y, as a does: it waits for them.
    expect(h.started).toEqual(['a', 'b']);
    h.release('b');
    await settle();
    expect(h.started).toEqual(['a', 'b']);
    expect(await checkpoints.load('pm-test')).toBeNull();
    expect(consumer.position()).toBeNull();
    h.release('a');
    await settle();
    expect(h.started).toEqual(['a', 'b', 'c']);
    expect(await checkpoints.load('pm-test')).toBe(b);
    h.release('c');
    await consumer.waitFor(c);
    expect(await checkpoints.load('pm-test')).toBe(c);
  });

  it('a stop while a group is handled leaves the checkpoint before it: both are delivered again at the restart', async () => {
    const [a, , b] = await appendEvents();
    const first = heldHandler();
    consumer = open(first.handle);
    void consumer.start();
    await settle();
    expect(first.started).toEqual(['a', 'b']);
    first.release('a');
    const stopping = consumer.stop();
    first.release('b');
    await stopping;
    expect(await checkpoints.load('pm-test')).toBeNull();
    expect(a).toBeLessThan(b);

    const again: string[] = [];
    consumer = open(async (e) => void again.push(e.stream));
    await consumer.start();
    await consumer.waitFor(await store.headPosition());
    expect(again).toEqual(['a', 'b', 'c']);
  });
});
