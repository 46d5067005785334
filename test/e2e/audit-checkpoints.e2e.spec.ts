/**
 * Signed checkpoints end to end: `compensa keys init` makes the pair, the real app signs its log with the private key
 * (kept outside DATA_DIR) into the log and a witness file, and `compensa audit --all --public-key --witness` passes
 * on the untouched store and names a deleted stream. The tamper bar itself: libs/application/src/integrity.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { startApiApp } from '../support/api-app-process';

const ROOT = join(__dirname, '..', '..');
const OPERATOR = 'checkpoint-operator-key';

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--require', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'apps/cli/src/main.ts'), ...args],
    { encoding: 'utf8', cwd: ROOT, env: { ...process.env, EVENT_STORE: 'sqlite' } },
  );
}

const UC = (ucId: string) => ({
  ucId,
  distribuidora: 'copel',
  titular: { document: '52998224725', name: 'Ana' },
  group: 'B',
  connection: 'trifasico',
  postos: ['unico'],
  registeredAt: '2025-01-01',
});

describe('signed checkpoints (e2e: keys init, the app signing, compensa audit)', () => {
  const root = mkdtempSync(join(tmpdir(), 'compensa-checkpoints-'));
  const dataDir = join(root, 'data');
  const keys = join(root, 'keys');
  const keyFile = join(keys, 'signing.key');
  const witness = join(keys, 'witness.jsonl');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('signs the log while running; the audit verifies it, then names a deleted stream', async () => {
    mkdirSync(keys);
    const init = cli('keys', 'init', '--out', keyFile);
    expect(init.status).toBe(0);
    expect(init.stdout).toMatch(/^chave de assinatura [0-9a-f]{16}\n {2}privada: .+\n {2}pública: .+\.pub /);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${keyFile}.pub`)).toBe(true);
    expect(cli('keys', 'init', '--out', keyFile).status).toBe(1); // never overwritten

    const app = await startApiApp({
      dataDir,
      operatorKey: OPERATOR,
      logFile: join(root, 'app.log'),
      env: {
        COMPENSA_SIGNING_KEY_FILE: keyFile,
        COMPENSA_CHECKPOINT_WITNESS: witness,
        COMPENSA_CHECKPOINT_EVERY_EVENTS: '2',
      },
    });
    try {
      for (const id of ['7001', '7002', '7003', '7004', '7005']) {
        const r = await fetch(`${app.url}/v1/ucs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR}` },
          body: JSON.stringify(UC(id)),
        });
        expect(r.status).toBe(201);
      }
    } finally {
      await app.stop('SIGTERM');
    }
    const lines = readFileSync(witness, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'compensa-checkpoint/1', seq: 1 });

    const audit = () =>
      cli(
        'audit',
        '--all',
        '--data-dir',
        dataDir,
        '--no-read-models',
        '--public-key',
        `${keyFile}.pub`,
        '--witness',
        witness,
      );
    const clean = audit();
    expect(clean.stderr).not.toContain('divergência');
    expect(clean.status).toBe(0);
    const report = JSON.parse(clean.stdout) as {
      logIntegrity: { verified: number; checkpoints: number; publicKey: string };
    };
    expect(report.logIntegrity.verified).toBe(report.logIntegrity.checkpoints);
    expect(report.logIntegrity.publicKey).toBe(readFileSync(`${keyFile}.pub`, 'utf8'));

    const db = new DatabaseSync(join(dataDir, 'events.db'));
    db.prepare("DELETE FROM events WHERE stream = 'uc-copel-7002'").run();
    db.close();
    const tampered = audit();
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(/^compensa audit: \d+ divergências?\n/);
    expect(tampered.stderr).toContain('[checkpoint] log-checkpoints');
    expect(tampered.stderr).toContain('stream-deleted');
  }, 180_000);
});
