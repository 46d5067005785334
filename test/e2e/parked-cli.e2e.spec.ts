/**
 * `compensa parked list|retry|resolve` from the command line (the real entry point, run from the sources) on a data
 * directory where the excedente consumer parked two refused deliveries.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParkedRecord } from '@compensa/application';
import { deliveryLedger, openPlatform, registerUc } from '../faults/fault-scenario';
import { appendPoisonAllocation } from '../support/poison-allocation';

const ROOT = join(__dirname, '..', '..');

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--require', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'apps/cli/src/main.ts'), 'parked', ...args],
    { encoding: 'utf8', cwd: ROOT },
  );
}

describe('compensa parked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-parked-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const { platform, sqlite, close } = openPlatform(dir);
    await platform.start();
    await registerUc(platform, '5000');
    await appendPoisonAllocation(sqlite, '5000', [{ ucId: '9999', kwh: '42.000' }]);
    await appendPoisonAllocation(sqlite, '5000', [{ ucId: '8888', kwh: '7.500' }]);
    await platform.waitForIdle();
    await close();
  });

  it('lists, retries (exit 1 while still refused, delivered once after the fix) and resolves with a reason', async () => {
    const list = cli('list', '--json', '--data-dir', dir);
    expect(list.status).toBe(0);
    expect(list.stderr).toContain('2 parados, 2 registrados');
    const records = JSON.parse(list.stdout) as ParkedRecord[];
    expect(records.map((r) => [r.kwh, r.targets, r.status])).toEqual([
      ['42.000', ['9999'], 'parked'],
      ['7.500', ['8888'], 'parked'],
    ]);
    const [first, second] = records;
    const text = cli('list', '--data-dir', dir);
    expect(text.stdout).toContain(
      `${first.parkedId}  parked  pm-excedente-delivery  ExcedenteAllocated uc-copel-5000@1`,
    );

    const refused = cli('retry', first.parkedId, '--data-dir', dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`compensa: ${first.parkedId} continua parado: UnknownUc`);

    const { platform, close } = openPlatform(dir);
    await platform.start();
    await registerUc(platform, '9999'); // the operator's fix
    await platform.waitForIdle();
    await close();
    const ok = cli('retry', first.parkedId, '--json', '--data-dir', dir);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject([{ status: 'retried-ok' }]);
    expect(cli('retry', first.parkedId, '--data-dir', dir).status).toBe(1);

    const noReason = cli('resolve', second.parkedId, '--data-dir', dir);
    expect(noReason.status).toBe(1);
    expect(noReason.stderr).toMatch(/^erro: falta a opção obrigatória '--reason <text>'\n/);
    const resolved = cli('resolve', second.parkedId, '--reason', 'UC 8888 never existed', '--json', '--data-dir', dir);
    expect(resolved.status).toBe(0);
    expect(JSON.parse(resolved.stdout)).toMatchObject([
      { status: 'resolved', resolution: { reason: 'UC 8888 never existed' } },
    ]);
    expect(cli('list', '--data-dir', dir).stderr).toContain('0 parados, 2 registrados');

    const reopened = openPlatform(dir);
    const ledger = await deliveryLedger(reopened.sqlite);
    expect([...ledger.received.entries()].filter(([k]) => k.endsWith('uc-copel-9999'))).toEqual([
      [expect.any(String), 1],
    ]);
    await reopened.close();
  });
});
