/**
 * An import SIGKILLed part-way and run again on the same file records every (UC, cycle) exactly once: what the first
 * run appended is counted as duplicates, the rest is recorded. Small batches (one transaction each), so the kill lands
 * between two of them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Platform, SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore } from '@compensa/event-store';

const ROOT = join(__dirname, '..', '..');
const UCS = 240;
const CLI = [
  '--require',
  join(ROOT, 'test/support/swc-register.js'),
  join(ROOT, 'apps/cli/src/main.ts'),
  'import',
  'readings',
];

describe('an import killed with SIGKILL, run again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-import-kill-'));
  const file = join(dir, 'leituras.csv');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
    const platform = new Platform({ store, checkpoints, clock: new SettableClock('2026-01-01' as BusinessDate) });
    await platform.start();
    const ids = Array.from({ length: UCS }, (_, i) => String(7000 + i));
    for (const ucId of ids) {
      await platform.commands.execute('RegisterUc', {
        ucId,
        distribuidora: 'copel',
        titular: { document: '52998224725', name: 'Ana' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2026-06-01',
      } as never);
    }
    await platform.stop();
    checkpoints.close();
    await store.close();
    writeFileSync(
      file,
      [
        'uc;cycle;reading_date;posto;consumed;injected',
        ...ids.map((id, i) => `${id};2026-07;2026-07-20;unico;${100 + i},5;0`),
      ].join('\n'),
    );
  });

  it('appends each reading once', async () => {
    const readings = async () => {
      const store = new SqliteEventStore({ path: join(dir, 'events.db') });
      let n = 0;
      for await (const e of store.readAll()) if (e.type === 'ReadingRecorded') n++;
      await store.close();
      return n;
    };
    const child = spawn(process.execPath, [...CLI, file, '--data-dir', dir, '--batch-size', '8'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    // Killed once some readings are recorded, well before the end.
    for (let recorded = 0; recorded < 10; recorded = await readings()) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
    await exited;
    const first = await readings();
    expect(first).toBeLessThan(UCS);

    const again = spawnSync(process.execPath, [...CLI, file, '--data-dir', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`duplicadas: ${first} `);
    expect(again.stdout).toContain(`aceitas:    ${UCS - first}\n`);
    expect(await readings()).toBe(UCS);
  }, 60_000);
});
