/**
 * How `compensa import` runs: the states and directory entries it keeps (its own defaults unless
 * COMPENSA_STATE_CACHE_STREAMS / COMPENSA_DIRECTORY_CACHE_UCS are set)
 * and the V8 flags bin/compensa.js starts it with (bin/import-node-flags.js).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../api/src/config';
import { IMPORT_DIRECTORY_CACHE_UCS, IMPORT_STATE_CACHE_STREAMS, importCaches } from './open-import-platform';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('compensa import: its runtime', () => {
  it('keeps IMPORT_STATE_CACHE_STREAMS states and IMPORT_DIRECTORY_CACHE_UCS directory entries unless COMPENSA_STATE_CACHE_STREAMS / COMPENSA_DIRECTORY_CACHE_UCS say otherwise', () => {
    expect(IMPORT_STATE_CACHE_STREAMS).toBe(2_000);
    expect(IMPORT_DIRECTORY_CACHE_UCS).toBe(5_000);
    expect(importCaches({}, loadConfig({}))).toEqual({ stateCacheStreams: 2_000, directoryCacheUcs: 5_000 });
    const states = { COMPENSA_STATE_CACHE_STREAMS: '50000' };
    expect(importCaches(states, loadConfig(states))).toEqual({ stateCacheStreams: 50_000, directoryCacheUcs: 5_000 });
    const directory = { COMPENSA_DIRECTORY_CACHE_UCS: '100000' };
    expect(importCaches(directory, loadConfig(directory))).toEqual({
      stateCacheStreams: 2_000,
      directoryCacheUcs: 100_000,
    });
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
