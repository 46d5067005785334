/**
 * A correction looks for the generators whose priority rateio may have compared the corrected consumption (P6a): those
 * that delivered to the UC and those of its titular key. A titular key may hold thousands of UCs (a prefeitura): the
 * correction tells its generators apart by their folded states (cache, snapshot and tail, read together) and reads
 * only the generators' streams, newest first down to the reading's date. Before, every UC of the key was read whole at
 * each correction: at 1,000 UCs of one key, 1.8 s a correction (`npm run bench:corrections-list`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type CheckpointStore, type ReadStreamOptions } from '@compensa/event-store';
import { SystemClock } from '../clock';
import { Platform } from '../platform';
import { remoteSolarGeneration } from './correction-portfolio.testing';

const NO_CHECKPOINTS: CheckpointStore = { load: async () => null, store: async () => undefined };
const ANA = { document: '529.982.247-25', name: 'Ana Souza' };
/** The titular's UCs with no generation, besides the two beneficiaries. */
const OTHERS = Array.from({ length: 20 }, (_, i) => String(9010 + i));

describe('R6 (P6a): a correction at a titular key of many UCs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-titular-reads-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  // A state cache of one: the titular's UCs are not all in memory, as at a key of thousands.
  const platform = new Platform({ store, checkpoints: NO_CHECKPOINTS, clock: new SystemClock(), stateCacheStreams: 1 });

  afterAll(async () => {
    await platform.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads only the generator’s stream, and still re-decides its priority split', async () => {
    await platform.start();
    const run = (name: string, body: Record<string, unknown>) =>
      platform.commands.execute(name as never, body as never);
    await run('SetDistribuidoraPolicy', { distribuidora: 'copel', validFrom: '2000-01-01', p10: 'greater-of' });
    for (const ucId of ['9001', '9002', '9003', ...OTHERS])
      await run('RegisterUc', {
        ucId,
        distribuidora: 'copel',
        titular: ANA,
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2025-01-02',
      });
    await run('RegisterGeneration', remoteSolarGeneration('9001'));
    await run('ChangeRateio', { ucId: '9001', requestedAt: '2025-01-03', mode: 'priority', order: ['9002', '9003'] });
    const reading = (ucId: string, cycle: string, readingDate: string, consumed: string, injected = '0') =>
      run('RecordReading', { ucId, cycle, readingDate, postos: { unico: { consumed, injected } } });
    await reading('9001', '2025-01', '2025-01-20', '100');
    await reading('9002', '2025-01', '2025-01-30', '300');
    await reading('9003', '2025-01', '2025-01-30', '500');
    for (const ucId of OTHERS) await reading(ucId, '2025-01', '2025-01-30', '200');
    await reading('9001', '2025-02', '2025-02-05', '100', '900');
    await reading('9002', '2025-02', '2025-02-28', '280');
    await reading('9003', '2025-02', '2025-02-28', '300');
    await platform.waitForIdle();

    /** The UCs whose stream was read from an end (not the events after a state already folded). */
    const readWhole = new Set<string>();
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation((stream: string, options?: ReadStreamOptions) => {
      if (!options?.fromRevision) readWhole.add(stream.slice(stream.lastIndexOf('-') + 1));
      return readStream(stream, options);
    });
    await run('CorrectReading', {
      ucId: '9002',
      cycle: '2025-01',
      postos: { unico: { consumed: '350', injected: '0' } },
      reason: 'leitura errada',
      reference: 'PROC-9002',
      date: '2025-08-01',
    });

    // The generator was found (its split decided again with 9002's corrected demand) …
    const generator: string[] = [];
    for await (const e of readStream('uc-copel-9001')) generator.push(e.type);
    expect(generator).toContain('AllocationRedecided');
    // … and none of the titular's UCs without generation was read from an end.
    expect(OTHERS.filter((ucId) => readWhole.has(ucId))).toEqual([]);
    expect(readWhole.has('9001')).toBe(true);
  });
});
