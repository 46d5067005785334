import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointConflict } from '../errors';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteCheckpointStore', () => {
  let dir: string;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'compensa-checkpoints-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves only by compare-and-set, and reports the actual value on conflict', async () => {
    const checkpoints = new SqliteCheckpointStore(join(dir, 'cp.db'));
    try {
      await expect(checkpoints.load('projector')).resolves.toBeNull();
      await checkpoints.store('projector', null, 10);
      await expect(checkpoints.store('projector', null, 11)).rejects.toMatchObject({ actual: 10 });
      await checkpoints.store('projector', 10, 20);
      const error = await checkpoints.store('projector', 10, 30).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckpointConflict);
      expect(error).toMatchObject({ consumer: 'projector', expected: 10, actual: 20 });
      await expect(checkpoints.load('projector')).resolves.toBe(20);
      await expect(checkpoints.store('other', 5, 6)).rejects.toMatchObject({ actual: null });
    } finally {
      checkpoints.close();
    }
  });

  it('lives in the event store file when asked for there, and survives reopening', async () => {
    const path = join(dir, 'events.db');
    let store = new SqliteEventStore({ path });
    await store.checkpoints().store('p', null, 3);
    await store.close();
    store = new SqliteEventStore({ path });
    await expect(store.checkpoints().load('p')).resolves.toBe(3);
    await store.close();
  });
});
