import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatformState, type PlatformState } from '@compensa/application';
import { loadConfig } from '../config';
import { loadApiKeyRegistry, type KeyStoreLog } from './api-key-store';
import { loadSharedApiKeyRegistry } from './shared-api-key-store';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe.each(['sqlite', 'postgres'] as const)('loadSharedApiKeyRegistry (platform state on %s)', (dialect) => {
  let dir: string;
  let state: PlatformState;
  const messages: string[] = [];
  const log: KeyStoreLog = { log: (m) => void messages.push(m), warn: (m) => void messages.push(m) };
  const configOf = (name: string) => {
    mkdirSync(join(dir, name), { recursive: true });
    return { ...loadConfig({ DATA_DIR: join(dir, name) }), platformDbUrl: 'postgres://shared' };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-shared-keys-'));
    messages.length = 0;
    state =
      dialect === 'sqlite'
        ? await openPlatformState(`sqlite:${join(dir, 'platform.db')}`)
        : await openPlatformState(PG_URL, { schema: `pk_${randomUUID().replace(/-/g, '').slice(0, 16)}`, poolSize: 2 });
  });

  afterEach(async () => {
    await state.close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('the first instance generates the keys; every other accepts them (only their hashes are shared)', async () => {
    await loadSharedApiKeyRegistry(configOf('a'), state, log);
    const operatorKey = readFileSync(join(dir, 'a', 'operator.key'), 'utf8').trim();
    const other = await loadSharedApiKeyRegistry(configOf('b'), state, log);
    expect(other.authenticate(operatorKey)?.role).toBe('operator');
    expect(existsSync(join(dir, 'b', 'operator.key'))).toBe(false);
    const rows = await state.db.selectFrom('api_keys').selectAll().execute();
    expect(rows.map((r) => r.role).sort()).toEqual(['auditor', 'operator']);
    expect(JSON.stringify(rows)).not.toContain(operatorKey);
    expect(messages.join('\n')).not.toContain(operatorKey);
  });

  it("an embedded instance's api-keys.json moves into the shared state at its first start with PLATFORM_DB_URL", async () => {
    const embedded = loadConfig({ DATA_DIR: join(dir, 'a') });
    loadApiKeyRegistry(embedded, log);
    const auditorKey = readFileSync(join(dir, 'a', 'auditor.key'), 'utf8').trim();
    await loadSharedApiKeyRegistry(configOf('a'), state, log);
    const other = await loadSharedApiKeyRegistry(configOf('b'), state, log);
    expect(other.authenticate(auditorKey)?.role).toBe('auditor');
    expect(messages.join('\n')).toMatch(/moved to the shared platform state/);
  });
});
