/**
 * The CLI as people expect it (built entry point, bin/compensa.js): `--version`; `simulate` says on stderr which
 * lines were refused, and `--strict` makes that a failure; a line without "command" says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'compensa.js');
const compensa = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('compensa CLI (built)', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-cli-'));
    file = join(dir, 'refused.jsonl');
    writeFileSync(file, ['{"ucId":"1"}', '{"command":"AdvanceClock","to":"2025-01-01"}', ''].join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--version prints the package version', () => {
    const run = compensa('--version');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });

  it('simulate: a one-line summary of the refused lines on stderr; exit 0, or 1 with --strict', () => {
    const run = compensa('simulate', file);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^compensa simulate: 1 linha recusada: linha 1 \(unknown\); veja "rejected" na saída$/m);
    const report = JSON.parse(run.stdout) as { rejected: { line: number; detail: string }[] };
    expect(report.rejected[0].detail).toContain('não tem o campo "command"');
    expect(compensa('simulate', '--strict', file).status).toBe(1);
  });
});
