/**
 * COMPENSA_STATE_CACHE_STREAMS (`stateCacheStreams`): how many UC states stay folded in memory between commands. A
 * UC the cache still holds is decided on its cached state; one it let go is folded again from its first event (no
 * snapshot store here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type CheckpointStore, type ReadStreamOptions } from '@compensa/event-store';
import { SystemClock } from '../clock';
import { Platform } from '../platform';

const NO_CHECKPOINTS: CheckpointStore = { load: async () => null, store: async () => undefined };

/** The revisions each command read UC 1001's stream from, with a cache of `stateCacheStreams` states. */
async function readsOfFirstUc(stateCacheStreams: number | undefined): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-state-cache-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const platform = new Platform({
    store,
    checkpoints: NO_CHECKPOINTS,
    clock: new SystemClock(),
    ...(stateCacheStreams === undefined ? {} : { stateCacheStreams }),
  });
  try {
    await platform.start({ processManagers: false });
    await platform.commands.execute('SetDistribuidoraPolicy', {
      distribuidora: 'copel',
      validFrom: '2000-01-01',
      p10: 'greater-of',
    });
    for (const ucId of ['1001', '1002'])
      await platform.commands.execute('RegisterUc', {
        ucId,
        distribuidora: 'copel',
        titular: { document: '529.982.247-25', name: 'Ana Souza' },
        group: 'B',
        connection: 'monofasico',
        postos: ['unico'],
        registeredAt: '2025-01-02',
      });
    const from: number[] = [];
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation((stream: string, options?: ReadStreamOptions) => {
      if (stream.endsWith('-1001')) from.push(options?.fromRevision ?? 0);
      return readStream(stream, options);
    });
    const reading = (ucId: string, cycle: string) => ({
      ucId,
      cycle,
      readingDate: `${cycle}-20`,
      postos: { unico: { consumed: '100', injected: '0' } },
    });
    // UC 1001, then UC 1002 (which takes the only place of a one-state cache), then UC 1001 again.
    await platform.commands.recordReading(reading('1001', '2025-01'), {});
    await platform.commands.recordReading(reading('1002', '2025-01'), {});
    from.length = 0;
    await platform.commands.recordReading(reading('1001', '2025-02'), {});
    return from;
  } finally {
    await platform.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the state cache setting (COMPENSA_STATE_CACHE_STREAMS)', () => {
  it('with room for both UCs (the default), the second reading of UC 1001 does not fold its stream again', async () => {
    expect(await readsOfFirstUc(undefined)).not.toContain(0);
    expect(await readsOfFirstUc(2)).not.toContain(0);
  });

  it('with room for one, UC 1002 pushed UC 1001 out: its stream is folded again from the start', async () => {
    expect(await readsOfFirstUc(1)).toContain(0);
  });
});
