/**
 * Migration from a legacy billing system, as a billing clerk runs it: the UCs through the ordinary commands, then
 * `compensa import balances` (the real entry point, run from the sources) with the example file, then the 30 days and
 * the first month of readings. The opened lots behave as native ones (R8, R18–R20), `compensa audit --all` passes
 * with the opening balances listed as recorded inputs and check 4 counting them as an inflow, and the read models
 * (uc_balance, titular_holdings) show them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { runSimulation, type AuditReport } from '@compensa/application';
import { runAudit } from '../../apps/cli/src/audit/audit-command';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--require', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'apps/cli/src/main.ts'), 'import', ...args],
    { encoding: 'utf8', cwd: ROOT },
  );
}

/** The audit in-process, as JSON. */
async function audit(dataDir: string): Promise<{ code: number; report: AuditReport }> {
  const out: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest: unknown[]) => {
    out.push(String(chunk));
    // As a Writable: the callback once the chunk is written (the CLI waits for it before reusing its buffer).
    (rest.find((a) => typeof a === 'function') as (() => void) | undefined)?.();
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runAudit({ all: true, dataDir, format: 'json' });
    return { code, report: JSON.parse(out.join('')) as AuditReport };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

function query<T>(dir: string, file: string, sql: string, ...params: string[]): T[] {
  const db = new DatabaseSync(join(dir, file));
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('compensa import balances (migration): import, 30 days, readings, audit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-import-balances-'));
  const errors = join(dir, 'erros.csv');
  const reconciliation = join(dir, 'reconciliacao.csv');
  const importBalances = () =>
    cli(
      'balances',
      join(EXAMPLES, 'importacao-saldos.csv'),
      '--data-dir',
      dir,
      '--date',
      '2026-06-01',
      '--errors',
      errors,
      '--reconciliation',
      reconciliation,
    );
  const eventCount = () => query<{ n: number }>(dir, 'events.db', 'SELECT count(*) AS n FROM events')[0].n;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const report = await runSimulation(
      readFileSync(join(EXAMPLES, 'importacao-saldos-cadastro.jsonl'), 'utf8').split('\n'),
      { dataDir: dir },
    );
    expect(report.rejected).toEqual([]);
  });

  it('imports the example file: 5 UCs opened, 3 refused by rule (R12 readings, R9 expired, Q3 negative), the reconciliation printed', () => {
    const run = importBalances();
    expect(run.stderr).not.toMatch(/compensa:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('8 UCs (11 linhas)');
    expect(run.stdout).toContain('importadas: 5');
    expect(run.stdout).toContain('recusadas:  3 (Q3: 1, R12: 1, R9: 1)');
    // Per UC, per vintage year, per class, per kind and the total: file against what the platform holds.
    expect(run.stdout).toMatch(/4001\s+1\.492,5\s+1\.492,5\s+0\n/);
    expect(run.stdout).toMatch(/4006\s+30\s+0\s+30\n/);
    expect(run.stdout).toMatch(/2021\s+30\s+0\s+30\n/);
    expect(run.stdout).toMatch(/GD II\s+2\.450,75\s+2\.450,75\s+0\n/);
    expect(run.stdout).toMatch(/mantidos p\/ titular\s+285,5\s+285,5\s+0\n/);
    expect(run.stdout).toMatch(/total\s+4\.451,5\s+4\.384\s+67,5\n/);
    const lines = readFileSync(errors, 'utf8').split('\n');
    expect(lines[0]).toBe('\uFEFFline;uc;part;status;rule;detail');
    expect(lines.slice(1, -1).sort()).toEqual([
      '10;"4007";saldo;422;Q3;"linha 10: kWh negativo (-12,5); um saldo nunca é negativo"',
      '8;"4005";saldo;409;R12;"a UC 4005 já tem leituras (último ciclo 2026-05): o saldo inicial vem antes da primeira leitura"',
      '9;"4006";saldo;409;R9;"linha 9: a safra de 20/05/2021 expirou em 20/05/2026 (60 meses), antes da importação em 01/06/2026"',
    ]);
    expect(readFileSync(reconciliation, 'utf8')).toContain('uc;"4003";2450,750;2450,750;0,000');
    // Nothing appended for a refused UC.
    expect(
      query(
        dir,
        'events.db',
        "SELECT type FROM events WHERE stream IN ('uc-copel-4005', 'uc-copel-4006', 'uc-copel-4007') AND type LIKE 'Opening%'",
      ),
    ).toEqual([]);
  });

  it('run again, appends nothing: same file (SHA-256) and UC', () => {
    const before = eventCount();
    const run = importBalances();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('importadas: 0');
    expect(run.stdout).toContain('duplicadas: 5');
    expect(eventCount()).toBe(before);
  });

  it('R20 acts on opened held credits: the default after the deadline, and a UC registered after a default picks them up', async () => {
    const report = await runSimulation(
      [
        '{"command":"RegisterUc","ucId":"4100","distribuidora":"copel","titular":{"document":"11.222.333/0001-81","name":"Padaria Sol"},"group":"B","connection":"trifasico","postos":["unico"],"registeredAt":"2026-06-10"}',
        '{"command":"AdvanceClock","to":"2026-06-25"}',
      ],
      { dataDir: dir },
    );
    expect(report.rejected).toEqual([]);
    const moves = query<{ stream: string; data: string }>(
      dir,
      'events.db',
      "SELECT stream, data FROM events WHERE type = 'HeldCreditsReallocated' ORDER BY position",
    ).map((r) => ({
      stream: r.stream,
      ...(JSON.parse(r.data) as { reason: string; date: string; outcome: { ucId: string }[] }),
    }));
    expect(moves.map((m) => [m.stream, m.reason, m.date, m.outcome.map((o) => o.ucId)])).toEqual([
      ['titular-copel-11222333', 'new-uc', '2026-06-10', ['4100']],
      ['titular-copel-11144477735', 'default', '2026-06-25', ['4004']],
    ]);
  });

  it('R8 the first readings use the opened lots as native ones: received excedente first, then the oldest vintage', () => {
    const run = cli('readings', join(EXAMPLES, 'leituras-saldos-2026-07.csv'), '--data-dir', dir, '--errors', errors);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('aceitas:    4');
    const compensated = (uc: string) =>
      JSON.parse(
        query<{ data: string }>(
          dir,
          'events.db',
          "SELECT data FROM events WHERE stream = ? AND type = 'CycleCompensated'",
          `uc-copel-${uc}`,
        )[0].data,
      ) as { receivedUsed: { kwh: string }[]; lines: { source: string; vintage: string | null; kwh: string }[] };
    // 4001 (GD I, trifásico): 640 consumed, 300 own (R1), then the 2022 vintage (the oldest), none of 2024, up to
    // R10's floor: 100 kWh stay billed.
    const c4001 = compensated('4001') as ReturnType<typeof compensated> & {
      minimumKwh: string;
      minimumApplied: boolean;
    };
    expect(c4001.lines.map((l) => [l.source, l.vintage, l.kwh])).toEqual([
      ['own', null, '300.000'],
      ['credit', '2022-03-18', '240.000'],
    ]);
    expect([c4001.minimumKwh, c4001.minimumApplied]).toEqual(['100.000', true]);
    // 4002 (monofásico): the 60 kWh received and not used in the legacy system first, then its 2023 credit, up to
    // R10's floor (30 kWh billed).
    const c4002 = compensated('4002');
    expect(c4002.receivedUsed.map((r) => r.kwh)).toEqual(['60.000']);
    expect(c4002.lines.map((l) => [l.source, l.vintage, l.kwh])).toEqual([
      ['received', null, '60.000'],
      ['credit', '2023-08-21', '30.000'],
    ]);
  });

  it('compensa audit --all passes: opening balances listed as recorded inputs with their totals; check 4 adds up to the Wh', async () => {
    const { code, report } = await audit(dir);
    expect(report.mismatches).toEqual([]);
    expect(code).toBe(0);
    expect(report.openingBalances).toMatchObject({
      events: 5,
      creditsKwh: '4038.500',
      receivedKwh: '60.000',
      heldKwh: '285.500',
      totalKwh: '4384.000',
      files: [expect.objectContaining({ file: 'importacao-saldos.csv', ucs: 3, titulares: 2, dates: ['2026-06-01'] })],
    });
    const opening = report.events.filter((e) => e.type.startsWith('Opening'));
    expect(opening.map((e) => [e.type, e.decision, e.businessDate]).sort()).toEqual([
      ...Array(3).fill(['OpeningBalanceImported', 'recorded', '2026-06-01']),
      ...Array(2).fill(['OpeningHeldCreditsImported', 'recorded', '2026-06-01']),
    ]);
    expect(report.summary.checks.decisions.notChecked).toBe(0);
    expect(report.conservation?.totals).toEqual([
      expect.objectContaining({ distribuidora: 'copel', opened: '4384.000', difference: '0.000' }),
    ]);
  });

  it('the read models show the opened credits: uc_balance lots by vintage, titular_holdings windows', () => {
    const lots = query<{ uc_id: string; vintage: string; wh: number }>(
      dir,
      'read-models.db',
      "SELECT uc_id, vintage, wh FROM uc_credit WHERE uc_id IN ('4001', '4003', '4100') ORDER BY uc_id, vintage, posto",
    );
    expect(lots.map((l) => [l.uc_id, l.vintage, Number(l.wh)])).toEqual([
      ['4001', '2022-03-18', 172_500],
      ['4001', '2024-11-19', 1_080_000],
      ['4003', '2025-02-20', 1_150_750], // fora_ponta: 2.150,75 − 1.000 (R11: per posto)
      ['4003', '2025-02-20', 100_000], // ponta: 300 − 200
      ['4100', '2023-10-18', 75_500],
    ]);
    const windows = query<{ from_uc_id: string; status: string; deadline: string }>(
      dir,
      'read-models.db',
      'SELECT from_uc_id, status, deadline FROM titular_window ORDER BY from_uc_id',
    );
    expect(windows).toEqual([
      { from_uc_id: '4090', status: 'moved', deadline: '2026-06-24' },
      { from_uc_id: '4091', status: 'moved', deadline: '2026-01-09' },
    ]);
  });
});
