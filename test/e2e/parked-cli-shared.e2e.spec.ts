/**
 * `compensa parked retry` with PLATFORM_DB_URL: the CLI looks UCs up in the shared UC directory in PostgreSQL (the
 * one the lease holder feeds), not in one rebuilt from the log. Pointed at a platform state whose directory never
 * saw the fix, the retry is not delivered; at the shared one, it is, once.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyDirectoryStore, openPlatformState, type ParkedRecord, type PlatformState } from '@compensa/application';
import { deliveryLedger, openPlatform, registerUc } from '../faults/fault-scenario';
import { appendPoisonAllocation } from '../support/poison-allocation';

const ROOT = join(__dirname, '..', '..');
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function cli(platformDbUrl: string, ...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--require', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'apps/cli/src/main.ts'), 'parked', ...args],
    { encoding: 'utf8', cwd: ROOT, env: { ...process.env, PLATFORM_DB_URL: platformDbUrl } },
  );
}

describe('compensa parked on the shared directory (PLATFORM_DB_URL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-parked-shared-'));
  const schemas = [0, 1].map(() => `pp_${randomUUID().replace(/-/g, '').slice(0, 16)}`);
  const [shared, stale] = schemas.map((schema) => `${PG_URL}?schema=${schema}`);
  let state: PlatformState;

  /** A lease holder's platform: it feeds the shared directory. */
  const writer = () =>
    openPlatform(dir, { directory: new KyselyDirectoryStore(state.db, 'postgres'), directoryMode: 'shared' });

  beforeAll(async () => {
    state = await openPlatformState(shared, { poolSize: 2 });
    const { platform, sqlite, close } = writer();
    await platform.start();
    await registerUc(platform, '5000');
    await appendPoisonAllocation(sqlite, '5000', [{ ucId: '9999', kwh: '42.000' }]);
    await platform.waitForIdle();
    await close();
  });

  afterAll(async () => {
    await state.close({ dropSchema: true });
    for (const url of [stale]) await (await openPlatformState(url, { poolSize: 1 })).close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries through the shared directory: refused where the directory never saw the fix, delivered once where it did', async () => {
    const list = cli(shared, 'list', '--json', '--data-dir', dir);
    expect(list.status).toBe(0);
    const [record] = JSON.parse(list.stdout) as ParkedRecord[];
    expect(record).toMatchObject({ kwh: '42.000', targets: ['9999'], status: 'parked' });

    // The operator's fix, through the lease holder: the shared directory learns UC 9999.
    const { platform, close } = writer();
    await platform.start();
    await registerUc(platform, '9999');
    await platform.waitForIdle();
    await close();

    // A platform state whose directory never saw it (its tables empty): not delivered, although the log has UC 9999.
    await (await openPlatformState(stale, { poolSize: 1 })).close();
    const refused = cli(stale, 'retry', record.parkedId, '--data-dir', dir);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/directory/i);

    const ok = cli(shared, 'retry', record.parkedId, '--json', '--data-dir', dir);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject([{ status: 'retried-ok' }]);

    const reopened = openPlatform(dir);
    const ledger = await deliveryLedger(reopened.sqlite);
    expect([...ledger.received.entries()].filter(([k]) => k.endsWith('uc-copel-9999'))).toEqual([
      [expect.any(String), 1],
    ]);
    await reopened.close();
  });
});
