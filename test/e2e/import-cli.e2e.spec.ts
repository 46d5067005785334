/**
 * `compensa import readings FILE` from the command line (the real entry point, run from the sources) on a data
 * directory whose UCs were registered through the ordinary commands: the summary a clerk reads, the error file a
 * spreadsheet opens, and a second run that appends nothing. Then Ctrl-C (SIGINT to the real process) during
 * `compensa import readings` and `compensa import balances`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@compensa/application';
import { cpfOf } from '../../bench/support/http-portfolio';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

const CLI = ['--require', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'apps/cli/src/main.ts'), 'import'];

function cli(...args: string[]) {
  return spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', cwd: ROOT });
}

/** The events of a type the data directory's log holds (read beside a running import: SQLite's WAL lets a reader in). */
function eventsIn(dir: string, type: string): number {
  const db = new DatabaseSync(join(dir, 'events.db'), { readOnly: true });
  try {
    return Number((db.prepare('SELECT count(*) AS n FROM events WHERE type = ?').get(type) as { n: number }).n);
  } finally {
    db.close();
  }
}

/** The readings the data directory's log holds. */
const readingsIn = (dir: string) => eventsIn(dir, 'ReadingRecorded');

/** Runs the CLI until its log holds a first event of `type`, then sends it SIGINT: its exit code and stdout. */
async function interrupted(
  dir: string,
  type: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string }> {
  const before = eventsIn(dir, type);
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT });
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  while (eventsIn(dir, type) === before) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGINT');
  return { code: await exited, stdout };
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

  it('Ctrl-C stops after the batch in flight: what was decided stays recorded, the summary says how far it got, and the same file again records the rest', async () => {
    // 2,400 readings of two UCs, in batches of 20.
    const months = Array.from({ length: 1200 }, (_, m) => {
      const k = 2027 * 12 + m;
      return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
    });
    const file = join(dir, 'muitas.csv');
    writeFileSync(
      file,
      [
        'uc;cycle;reading_date;posto;consumed;injected',
        ...months.flatMap((c) => [`3002;${c};${c}-20;unico;148;0`, `3003;${c};${c}-20;unico;150;0`]),
      ].join('\n'),
    );
    const before = readingsIn(dir);
    const run = await interrupted(dir, 'ReadingRecorded', 'readings', file, '--data-dir', dir, '--batch-size', '20');
    const { stdout } = run;
    expect(run.code).toBe(130);
    const recorded = readingsIn(dir) - before;
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(2400);
    expect(recorded % 20).toBe(0);
    expect(stdout).toContain(`aceitas:    ${recorded.toLocaleString('pt-BR')}`);
    expect(stdout).toContain(
      `interrompida depois de ${recorded.toLocaleString('pt-BR')} leituras: rode o mesmo arquivo de novo para gravar o ` +
        'resto (as já gravadas contam como duplicadas)',
    );
    const again = cli('readings', file, '--data-dir', dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`duplicadas: ${recorded.toLocaleString('pt-BR')}`);
    expect(again.stdout).toContain(`aceitas:    ${(2400 - recorded).toLocaleString('pt-BR')}`);
    expect(readingsIn(dir) - before).toBe(2400);
  }, 60_000);
});

describe('compensa import balances: Ctrl-C', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-import-cli-balances-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    await runSimulation(readFileSync(join(EXAMPLES, 'importacao-saldos-cadastro.jsonl'), 'utf8').split('\n'), {
      dataDir: dir,
    });
  });

  it('Ctrl-C stops once the UCs in flight finish: the summary says how far it got, no reconciliation is written, and the same file again opens the rest, the earlier ones duplicates', async () => {
    // 2,000 UCs the platform does not know, each with credits held for its own former titular: no registration
    // needed, and one transaction a UC, as any opening.
    const file = join(dir, 'saldos.csv');
    const reconciliation = join(dir, 'saldos.reconciliacao.csv');
    writeFileSync(
      file,
      [
        'uc;kind;vintage;posto;kwh;gd_class;origin_uc;titular_document;titular_name;distribuidora;left_on;rule;window;defaulted_on',
        ...Array.from({ length: 2000 }, (_, i) => {
          const uc = String(20_000 + i);
          return `${uc};mantido;2024-06-20;unico;10;GD I;${uc};${cpfOf(i)};Titular;copel;2025-12-10;R18;mantido;`;
        }),
      ].join('\n'),
    );
    const args = ['balances', file, '--data-dir', dir, '--date', '2026-06-01', '--concurrency', '8'];
    const run = await interrupted(dir, 'OpeningHeldCreditsImported', ...args);
    expect(run.code).toBe(130);
    const opened = eventsIn(dir, 'OpeningHeldCreditsImported');
    expect(opened).toBeGreaterThan(0);
    expect(opened).toBeLessThan(2000);
    const n = opened.toLocaleString('pt-BR');
    expect(run.stdout).toContain(`${n} UCs (${n} linhas)`);
    expect(run.stdout).toContain(`importadas: ${n}`);
    expect(run.stdout).toContain(
      `interrompida depois de ${n} UCs: rode o mesmo arquivo de novo para gravar o resto (as já gravadas contam como ` +
        'duplicadas)',
    );
    expect(run.stdout).not.toContain('Reconciliação');
    expect(existsSync(reconciliation)).toBe(false);

    const again = cli(...args);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('2.000 UCs (2.000 linhas)');
    expect(again.stdout).toContain(`duplicadas: ${n}`);
    expect(again.stdout).toContain(`importadas: ${(2000 - opened).toLocaleString('pt-BR')}`);
    expect(again.stdout).toMatch(/total\s+20\.000\s+20\.000\s+0\n/);
    expect(existsSync(reconciliation)).toBe(true);
    expect(eventsIn(dir, 'OpeningHeldCreditsImported')).toBe(2000);
  }, 30_000);
});
