import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { loadApiKeyRegistry, type KeyStoreLog } from './api-key-store';

describe('loadApiKeyRegistry', () => {
  let dataDir: string;
  let messages: string[];
  const log: KeyStoreLog = { log: (m) => void messages.push(m), warn: (m) => void messages.push(m) };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-keys-'));
    messages = [];
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses COMPENSA_API_KEYS when set, and writes nothing', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      COMPENSA_API_KEYS: 'op-0123456789abcdefghijklmn:operator,short:auditor',
    });
    const registry = loadApiKeyRegistry(config, log);
    expect(registry.authenticate('op-0123456789abcdefghijklmn')?.role).toBe('operator');
    expect(registry.authenticate('short')?.role).toBe('auditor');
    expect(() => readFileSync(join(dataDir, 'api-keys.json'))).toThrow();
    expect(messages.join('\n')).toMatch(/shorter than/);
    expect(messages.join('\n')).not.toContain('short:');
  });

  it('generates keys on first start and reads the same hashes afterwards', () => {
    const config = loadConfig({ DATA_DIR: join(dataDir, 'nested') });
    loadApiKeyRegistry(config, log);
    const operatorKey = readFileSync(join(dataDir, 'nested', 'operator.key'), 'utf8').trim();
    const again = loadApiKeyRegistry(config, log);
    expect(again.authenticate(operatorKey)?.role).toBe('operator');
    expect(messages.join('\n')).not.toContain(operatorKey);
  });

  it('refuses a corrupt api-keys.json rather than starting open', () => {
    writeFileSync(join(dataDir, 'api-keys.json'), '{"keys": []}');
    expect(() => loadApiKeyRegistry(loadConfig({ DATA_DIR: dataDir }), log)).toThrow(/holds no "keys"/);
    writeFileSync(join(dataDir, 'api-keys.json'), '{"keys": [{"role": "admin", "sha256": "00"}]}');
    expect(() => loadApiKeyRegistry(loadConfig({ DATA_DIR: dataDir }), log)).toThrow(/operator\|auditor/);
  });
});
