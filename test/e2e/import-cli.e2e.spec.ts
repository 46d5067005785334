/**
 * `compensa import readings FILE` from the command line (the real entry point, run from the sources) on a data
 * directory whose UCs were registered through the ordinary commands: the summary a clerk reads, the error file a
 * spreadsheet opens, and a second run that appends nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@compensa/application';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--require', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'apps/cli/src/main.ts'), 'import', ...args],
    { encoding: 'utf8', cwd: ROOT },
  );
}

describe('compensa import readings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-import-cli-'));
  const errors = join(dir, 'erros.csv');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    await runSimulation(readFileSync(join(EXAMPLES, 'importacao-cadastro.jsonl'), 'utf8').split('\n'), {
      dataDir: dir,
    });
  });

  it('imports the example month, prints the summary and writes the refused readings to the error file', () => {
    const run = cli('readings', join(EXAMPLES, 'leituras-2026-07.csv'), '--data-dir', dir, '--errors', errors);
    expect(run.stderr).not.toMatch(/compensa:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('6 leituras (7 linhas)');
    expect(run.stdout).toContain('aceitas:    4');
    expect(run.stdout).toContain('recusadas:  2 (HTTP 404: 1, R15: 1)');
    expect(readFileSync(errors, 'utf8')).toBe(
      '\uFEFFline;uc;cycle;status;rule;detail\n' +
        '7;"3005";"2026-07";409;R15;"a UC 3005 injetou energia, mas não tem geração cadastrada"\n' +
        '8;"3099";"2026-07";404;;"a UC 3099 não está cadastrada"\n',
    );
  });

  it('run again, appends nothing: the recorded readings are duplicates', () => {
    const run = cli('readings', join(EXAMPLES, 'leituras-2026-07.csv'), '--data-dir', dir, '--errors', errors);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('aceitas:    0');
    expect(run.stdout).toContain('duplicadas: 4');
  });

  it('with --distribuidora, refuses the UCs of any other one', () => {
    const run = cli(
      'readings',
      join(EXAMPLES, 'leituras-2026-07.csv'),
      '--data-dir',
      dir,
      '--errors',
      errors,
      '--distribuidora',
      'light',
    );
    expect(run.stdout).toContain('recusadas:  6 (HTTP 404: 1, HTTP 422: 5)');
  });
});
