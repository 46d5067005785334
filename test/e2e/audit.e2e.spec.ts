/**
 * `compensa audit` from the command line (the real entry point, run from the sources): exit 0 on a clean store,
 * 1 with the mismatches on stderr when a stored event was changed, 2 on a usage error; the three formats.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { buildStore, storedEvent, tamperData } from '../../libs/application/src/audit/example-store.testing';

const ROOT = join(__dirname, '..', '..');

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--require', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'apps/cli/src/main.ts'), 'audit', ...args],
    {
      encoding: 'utf8',
      cwd: ROOT,
    },
  );
}

/** What the tests read of an audit's JSON report. */
interface PassedAudit {
  events: { stream: string; type: string; decision: string }[];
  /** Check 4's reallocations (R19, R20): each one's outcome delivered, and each correction of one matched. */
  moves: { checked: number; failed: number };
}

/** The audit of an example's store: it passes (exit 0, conservation and read models checked); each decided event. */
function passingAudit(dir: string): PassedAudit {
  const run = cli('--all', '--data-dir', dir);
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout) as {
    summary: { passed: boolean; checks: { conservation: { failed: number }; readModels: { ran: boolean } } };
    conservation: { moves: PassedAudit['moves'] };
    events: PassedAudit['events'];
  };
  expect(report.summary.passed).toBe(true);
  expect(report.summary.checks.conservation.failed).toBe(0);
  expect(report.summary.checks.readModels.ran).toBe(true);
  return { events: report.events, moves: report.conservation.moves };
}

/** The stream and audit decision of each event of a type. */
const decisionsOf = (events: PassedAudit['events'], type: string) =>
  events.filter((e) => e.type === type).map((e) => [e.stream, e.decision]);

describe("compensa audit on a generator's retificação", () => {
  it.each([
    // 17003's reading corrected: its beneficiary 17004 re-billed.
    ['16-retificacao-leitura.jsonl', { ExcedenteReceiptCorrected: ['uc-light-17004'], AllocationRedecided: [] }],
    // 18003's consumption corrected: 18001's priority split (P6a) re-decided, 18002 and 18003 re-billed; then
    // 18001's own reading corrected: 18002 re-billed.
    [
      '17-retificacao-gerador-prioridade.jsonl',
      {
        ExcedenteReceiptCorrected: ['uc-light-18002', 'uc-light-18002', 'uc-light-18003'],
        AllocationRedecided: ['uc-light-18001'],
      },
    ],
  ])(
    'R5 R6 R7: %s: every check passes, exit 0',
    async (example, expected) => {
      const store = await buildStore(example);
      try {
        const run = cli('--all', '--data-dir', store.dir);
        expect(run.status).toBe(0);
        const report = JSON.parse(run.stdout) as {
          summary: { passed: boolean; checks: { decisions: { failed: number }; readModels: { ran: boolean } } };
          events: { stream: string; type: string }[];
        };
        expect(report.summary.passed).toBe(true);
        expect(report.summary.checks.decisions.failed).toBe(0);
        expect(report.summary.checks.readModels.ran).toBe(true);
        const streams = (type: string) =>
          report.events
            .filter((e) => e.type === type)
            .map((e) => e.stream)
            .sort();
        expect({
          ExcedenteReceiptCorrected: streams('ExcedenteReceiptCorrected'),
          AllocationRedecided: streams('AllocationRedecided'),
        }).toEqual(expected);
      } finally {
        store.remove();
      }
    },
    60_000,
  );

  it('R18 R20: 18-retificacao-creditos-mantidos.jsonl: the credits held for Carla corrected and re-derived, exit 0', async () => {
    const store = await buildStore('18-retificacao-creditos-mantidos.jsonl');
    try {
      const { events } = passingAudit(store.dir);
      // The titulares' corrections are re-derived from their history (verified, not only recorded); Diego's credits,
      // already indicated to 19004, are corrected there too (R20).
      expect(decisionsOf(events, 'HeldCreditsCorrected')).toEqual([
        ['titular-light-39053344705', 'verified'],
        ['titular-light-28617093404', 'verified'],
      ]);
      expect(decisionsOf(events, 'HeldCreditsReceiptCorrected')).toEqual([['uc-light-19004', 'verified']]);
    } finally {
      store.remove();
    }
  }, 60_000);

  it('R20: 19-retificacao-creditos-movidos.jsonl: the UCs that received moved credits re-billed and re-derived, exit 0', async () => {
    const store = await buildStore('19-retificacao-creditos-movidos.jsonl');
    try {
      const { events } = passingAudit(store.dir);
      const of = (type: string) => decisionsOf(events, type);
      // The indication's receiving UC (20002) and the default's (20005) re-billed, re-derived from their histories;
      // then the default re-decided to 20006 (20005's May corrected to 450 kWh): 20005 to nothing, 20006 from nothing.
      expect(of('HeldCreditsReceiptCorrected')).toEqual([
        ['uc-light-20002', 'verified'],
        ['uc-light-20005', 'verified'],
        ['uc-light-20005', 'verified'],
        ['uc-light-20006', 'verified'],
      ]);
      expect(of('ReallocationDefaultRedecided')).toEqual([
        ['titular-light-48392017579', 'verified'],
        ['titular-light-48392017579', 'verified'],
      ]);
    } finally {
      store.remove();
    }
  }, 60_000);

  it('R18 R20: 20-retificacao-prazo-encerrado.jsonl: a hold corrected to nothing closes its window, the indication’s UC re-billed with nothing, exit 0', async () => {
    const store = await buildStore('20-retificacao-prazo-encerrado.jsonl');
    try {
      const { events } = passingAudit(store.dir);
      const of = (type: string) => decisionsOf(events, type);
      // The titular's correction (windowClosed, the indication's delivery to nothing) and 21002's, re-derived.
      expect(of('HeldCreditsCorrected')).toEqual([['titular-light-82744019640', 'verified']]);
      expect(of('HeldCreditsReceiptCorrected')).toEqual([['uc-light-21002', 'verified']]);
      // The read model keeps the window, closed and naming the correction (the audit compares only open ones; this one
      // had moved): the titular's page says what became of it.
      const readModels = new DatabaseSync(join(store.dir, 'read-models.db'), { readOnly: true });
      try {
        expect(
          readModels
            .prepare('SELECT from_uc_id, status, closed_by FROM titular_window')
            .all()
            .map((r) => ({ ...r })),
        ).toEqual([
          { from_uc_id: '21001', status: 'closed', closed_by: expect.stringMatching(/^retif-21001-2026-03-/) },
        ]);
      } finally {
        readModels.close();
      }
    } finally {
      store.remove();
    }
  }, 60_000);

  it('R19: 21-retificacao-distribuicao-encerramento.jsonl: the members a closure distributed to re-billed, re-derived, each delivery matched, exit 0', async () => {
    const store = await buildStore('21-retificacao-distribuicao-encerramento.jsonl');
    try {
      const report = passingAudit(store.dir);
      // The distribution itself, and each member's corrected delivery matched with the closed UC's `distributed`.
      expect(report.moves).toMatchObject({ checked: 3, failed: 0 });
      const of = (type: string) => decisionsOf(report.events, type);
      // 22002's receipt (it names the members' deliveries), then each member's, re-derived from their histories.
      expect(of('ExcedenteReceiptCorrected')).toEqual([['uc-light-22002', 'verified']]);
      expect(of('HeldCreditsReceiptCorrected')).toEqual([
        ['uc-light-22003', 'verified'],
        ['uc-light-22004', 'verified'],
      ]);
    } finally {
      store.remove();
    }
  }, 60_000);

  it('R19: example 21 with the condominium using all it received once corrected: each member corrected to nothing, re-derived and matched, exit 0', async () => {
    // 22002 consumes 700 kWh a month, and 22001's April is corrected to 200 kWh: nothing would have been left to
    // distribute at the closure.
    const lines = readFileSync(join(ROOT, 'examples', '21-retificacao-distribuicao-encerramento.jsonl'), 'utf8')
      .split('\n')
      .map((l) =>
        l
          .replaceAll(
            '"ucId":"22002","cycle":"2026-03","readingDate":"2026-03-12","postos":{"unico":{"consumed":"100"',
            '"ucId":"22002","cycle":"2026-03","readingDate":"2026-03-12","postos":{"unico":{"consumed":"700"',
          )
          .replaceAll(
            '"ucId":"22002","cycle":"2026-04","readingDate":"2026-04-12","postos":{"unico":{"consumed":"100"',
            '"ucId":"22002","cycle":"2026-04","readingDate":"2026-04-12","postos":{"unico":{"consumed":"700"',
          )
          .replace('"injected":"800"}},"reason"', '"injected":"200"}},"reason"'),
      );
    expect(lines.filter((l) => l.includes('"consumed":"700"'))).toHaveLength(2);
    const store = await buildStore(lines);
    try {
      const report = passingAudit(store.dir);
      expect(report.moves).toMatchObject({ checked: 3, failed: 0 });
      expect(decisionsOf(report.events, 'HeldCreditsReceiptCorrected')).toEqual([
        ['uc-light-22003', 'verified'],
        ['uc-light-22004', 'verified'],
      ]);
      for (const member of ['22003', '22004'])
        expect(storedEvent(store.db, `uc-light-${member}`, 'HeldCreditsReceiptCorrected').data.corrected).toEqual([]);
    } finally {
      store.remove();
    }
  }, 60_000);
});

describe('compensa audit', () => {
  let store: Awaited<ReturnType<typeof buildStore>>;
  beforeAll(async () => {
    store = await buildStore('01-rateio-percentual.jsonl');
  });
  afterAll(() => store.remove());

  it('a clean store: JSON on stdout, byte-identical across runs, exit 0', () => {
    const a = cli('--all', '--data-dir', store.dir);
    const b = cli('--all', '--data-dir', store.dir);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).summary.passed).toBe(true);
  });

  it('--format csv and --format html (to --out) render', () => {
    const csv = cli('--uc', '1001', '--format', 'csv', '--data-dir', store.dir);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'uc,cycle,readingDate,posto,kwh,source,sourceUcId,sourcePosto,sourceKwh,vintage,gdClass,rule,label,rebilledBy',
    );
    const out = join(store.dir, 'report.html');
    const html = cli(
      '--uc',
      '1001',
      '--format',
      'html',
      '--as-of',
      '2025-12-31',
      '--out',
      out,
      '--data-dir',
      store.dir,
    );
    expect(html.status).toBe(0);
    expect(html.stdout).toBe('');
    // pt-BR kWh: thousands with dots, the decimals that matter (none on whole kWh).
    expect(readFileSync(out, 'utf8')).toMatch(/<!DOCTYPE html>[\s\S]*\d&nbsp;kWh/);
  });

  it('usage errors exit 2, said in pt-BR on stderr', () => {
    const usage = (...args: string[]) => {
      const run = cli(...args);
      return [run.status, run.stderr.split('\n')[0]];
    };
    expect(usage('--data-dir', store.dir)).toEqual([
      2,
      'compensa audit: escolha exatamente uma destas: --uc ID, --titular DOC, --all',
    ]);
    expect(usage('--uc', '1001', '--all', '--data-dir', store.dir)).toEqual([
      2,
      'compensa audit: escolha exatamente uma destas: --uc ID, --titular DOC, --all',
    ]);
    expect(usage('--all', '--as-of', '2025-01-01', '--position', '3', '--data-dir', store.dir)).toEqual([
      2,
      'compensa audit: --as-of e --position não podem ser usadas juntas',
    ]);
    expect(usage('--all', '--format', 'xml', '--data-dir', store.dir)).toEqual([
      2,
      'compensa audit: --format xml: use json, csv ou html',
    ]);
    expect(usage('--all', '--bogus', '--data-dir', store.dir)).toEqual([2, "erro: opção desconhecida '--bogus'"]);
    expect(usage('--all', '--data-dir', join(store.dir, 'nowhere'))).toEqual([
      2,
      `compensa audit: nenhuma base de eventos em ${join(store.dir, 'nowhere', 'events.db')} (--data-dir)`,
    ]);
    expect(usage('--uc', '424242', '--data-dir', store.dir)).toEqual([
      2,
      'compensa audit: nenhum fluxo corresponde a {"uc":"424242"}',
    ]);
  });

  it('one stored event changed in the SQLite file: exit 1, and stderr names the stream and revision', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    try {
      const stream = 'uc-copel-1001';
      const ev = storedEvent(s.db, stream, 'CycleCompensated', 1);
      tamperData(s.db, stream, ev.revision, { ...ev.data, excedenteKwh: '0.000' });
      const run = cli('--uc', '1001', '--data-dir', s.dir);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^compensa audit: \d+ divergências?\n/);
      expect(run.stderr).toContain(`[hash-chain] ${stream}@${ev.revision} CycleCompensated`);
      expect(run.stderr).toContain(
        `[decision] ${stream}@${ev.revision} CycleCompensated data.excedenteKwh: esperado "${String(ev.data.excedenteKwh)}", registrado "0.000"`,
      );
      expect(JSON.parse(run.stdout).summary.passed).toBe(false);
    } finally {
      s.remove();
    }
  });
});
