/**
 * A command keyed by an HTTP Idempotency-Key that runs again (its first instance appended, then died before
 * answering; the key's retry runs on another instance) answers with the events the first run appended, instead of
 * the refusal its own state now gives; without the key it is refused as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type CheckpointStore } from '@compensa/event-store';
import { SystemClock } from '../clock';
import { Platform } from '../platform';
import type { CommandBodies } from './verb-catalogue';

const NO_CHECKPOINTS: CheckpointStore = { load: async () => null, store: async () => undefined };

describe('a keyed command run again after a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-keyed-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const platform = new Platform({ store, checkpoints: NO_CHECKPOINTS, clock: new SystemClock() });

  beforeAll(async () => {
    await platform.start({ processManagers: false });
    await platform.commands.execute('SetDistribuidoraPolicy', {
      distribuidora: 'copel',
      validFrom: '2000-01-01',
      p10: 'greater-of',
    });
    await platform.commands.execute('RegisterUc', {
      ucId: '1001',
      distribuidora: 'copel',
      titular: { document: '529.982.247-25', name: 'Ana Souza' },
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2025-01-02',
    });
  });

  afterAll(async () => {
    await platform.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const reading = {
    ucId: '1001',
    cycle: '2025-01',
    readingDate: '2025-01-20',
    postos: { unico: { consumed: '100', injected: '0' } },
  };

  it('answers with the first run’s events under the same command id; another id is refused (state conflict)', async () => {
    const first = await platform.commands.recordReading(reading, { commandId: 'key-derived-id', keyed: true });
    expect(first.events.map((e) => e.type)).toContain('ReadingRecorded');
    const again = await platform.commands.recordReading(reading, { commandId: 'key-derived-id', keyed: true });
    expect(again).toEqual(first);
    await expect(platform.commands.recordReading(reading, { commandId: 'another-id', keyed: true })).rejects.toThrow(
      /não é posterior ao último ciclo registrado/,
    );
    await expect(platform.commands.recordReading(reading, { commandId: 'key-derived-id' })).rejects.toThrow(
      /não é posterior ao último ciclo registrado/,
    );
  });
  it('the opening with held credits (two streams, one transaction): the first run’s events of both streams', async () => {
    await platform.commands.execute('RegisterUc', {
      ucId: '1002',
      distribuidora: 'copel',
      titular: { document: '529.982.247-25', name: 'Ana Souza' },
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2025-01-02',
    });
    const sha256 = 'e'.repeat(64);
    const opening: CommandBodies['ImportOpeningBalance'] = {
      ucId: '1002',
      date: '2026-06-01',
      source: { file: 'saldos.csv', line: 2, sha256 },
      credits: [{ vintage: '2024-11-19', posto: 'unico', gdClass: 'GD_I', kwh: '1080', sourceUcId: '1002' }],
      heldCredits: {
        document: '111.444.777-35',
        name: 'Bruno Lima',
        distribuidora: 'copel',
        rule: 'R18',
        leftOn: '2026-05-25',
        status: 'open',
        source: { file: 'saldos.csv', line: 3, sha256 },
        lots: [{ vintage: '2024-06-20', posto: 'unico', gdClass: 'GD_I', kwh: '210', sourceUcId: '1002' }],
      },
    };
    const meta = { commandId: 'opening-key-derived-id', keyed: true };
    const first = await platform.commands.execute('ImportOpeningBalance', opening, meta);
    expect(first.events.map((e) => e.type)).toEqual(['OpeningBalanceImported', 'OpeningHeldCreditsImported']);
    expect(JSON.stringify(await platform.commands.execute('ImportOpeningBalance', opening, meta))).toBe(
      JSON.stringify(first),
    );
    // Another id (or none): this file is imported, nothing more to append.
    const other = await platform.commands.execute('ImportOpeningBalance', opening, { commandId: 'another-id' });
    expect(other).toEqual({ ...first, events: [] });
  });
  it('refused on a stream not there yet: the refusal, not a missing stream (nothing of the key to find)', async () => {
    const invalid = { distribuidora: 'celesc', validFrom: '2000-01-01', p10: 'neither' };
    const refusal = /p10/;
    await expect(platform.commands.execute('SetDistribuidoraPolicy', invalid as never)).rejects.toThrow(refusal);
    await expect(
      platform.commands.execute('SetDistribuidoraPolicy', invalid as never, { commandId: 'keyed-id', keyed: true }),
    ).rejects.toThrow(refusal);
  });
});
