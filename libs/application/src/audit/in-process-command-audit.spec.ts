/**
 * Audit check 2 for money (R22–R28) on a reading recorded in-process without a command id
 * (`platform.commands.execute('RecordReading', …, {})`, as the import bench's baseline does): the command's
 * ReadingRecorded and CycleCompensated must be one command for the audit, so that its money is recomputed on the
 * state before the reading (not on one that already holds it, where the cycle has no period and the money is null).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type CheckpointStore } from '@compensa/event-store';
import { SystemClock } from '../clock';
import { Platform } from '../platform';
import { auditReplay } from './audit-replay';

const NO_CHECKPOINTS: CheckpointStore = { load: async () => null, store: async () => undefined };

describe('R22–R28 audit check 2: a reading recorded in-process without a command id', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-noid-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const platform = new Platform({ store, checkpoints: NO_CHECKPOINTS, clock: new SystemClock() });

  afterAll(async () => {
    await platform.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a UC, when RecordReading runs with no meta, then its events share one command id and the audit passes', async () => {
    await platform.start({ processManagers: false });
    await platform.commands.execute(
      'SetDistribuidoraPolicy',
      { distribuidora: 'copel', validFrom: '2000-01-01', p10: 'greater-of' },
      {},
    );
    await platform.commands.execute(
      'RegisterUc',
      {
        ucId: '1001',
        distribuidora: 'copel',
        titular: { document: '529.982.247-25', name: 'Ana Souza' },
        group: 'B',
        connection: 'monofasico',
        postos: ['unico'],
        registeredAt: '2025-01-02',
      },
      {},
    );
    const result = await platform.commands.execute(
      'RecordReading',
      {
        ucId: '1001',
        cycle: '2025-01',
        readingDate: '2025-01-20',
        postos: { unico: { consumed: '100', injected: '0' } },
      },
      {},
    );
    const types = result.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ReadingRecorded', 'CycleCompensated']));
    const report = await auditReplay(store, { all: true });
    expect(report.mismatches.filter((m) => m.check === 'recorded-input')).toEqual([]);
    expect(report.summary.checks.recordedInputs.failed).toBe(0);

    const stream = (await platform.directory.streamOf('1001'))!;
    const stored: { type: string; metadata: { commandId?: string } }[] = [];
    for await (const e of store.readStream(stream)) if (types.includes(e.type)) stored.push(e);
    const ids = new Set(stored.map((e) => e.metadata.commandId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toEqual(expect.any(String));
  });
});
