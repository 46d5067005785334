/**
 * How `compensa import` runs: the states it keeps folded (its own default unless COMPENSA_STATE_CACHE_STREAMS is set)
 * and the V8 flags bin/compensa.js starts it with (bin/import-node-flags.js).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../api/src/config';
import { IMPORT_STATE_CACHE_STREAMS, importStateCacheStreams } from './open-import-platform';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('compensa import: its runtime', () => {
  it('keeps IMPORT_STATE_CACHE_STREAMS states unless COMPENSA_STATE_CACHE_STREAMS says otherwise', () => {
    expect(IMPORT_STATE_CACHE_STREAMS).toBe(2_000);
    expect(importStateCacheStreams({}, loadConfig({}).stateCacheStreams)).toBe(2_000);
    const env = { COMPENSA_STATE_CACHE_STREAMS: '50000' };
    expect(importStateCacheStreams(env, loadConfig(env).stateCacheStreams)).toBe(50_000);
  });

  it('runs with the import flags (a 16 MB semi-space, the old space grown to 1.5× what is live), but for those given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compensa-import-flags-'));
    try {
      // Loaded into every node the CLI starts (NODE_OPTIONS is inherited): prints the flags the import runs with.
      const hook = join(dir, 'flags.js');
      writeFileSync(
        hook,
        "process.on('exit', () => process.stderr.write(`flags: ${process.execArgv.join(' ')}\\n`));\n",
      );
      const run = (...nodeFlags: string[]) =>
        spawnSync(process.execPath, [...nodeFlags, join(ROOT, 'bin', 'compensa.js'), 'import', '--help'], {
          encoding: 'utf8',
          env: { ...process.env, NODE_OPTIONS: `--require ${hook}` },
        });
      const plain = run();
      expect(plain.status).toBe(0);
      expect(plain.stderr).toMatch(/^flags: .*--max-semi-space-size=16 --heap-growing-percent=50/m);
      const given = run('--heap-growing-percent=20');
      expect(given.stderr).toMatch(/^flags: .*--heap-growing-percent=20/m);
      expect(given.stderr).not.toContain('--heap-growing-percent=50');
      expect(given.stderr).toMatch(/^flags: .*--max-semi-space-size=16/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
