/**
 * A generator's retificação on the platform (the command side, the SQLite store, the excedente process manager):
 * recording G's reading wrong and then correcting it gives every UC the balance and the bills that recording it right
 * from the start gives, its beneficiaries included; one that had received nothing from the cycle included. The audit
 * re-derives every stream of that store (check 2), conserves the energy (check 4) and finds the read models equal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@compensa/event-store';
import { auditReplay } from '../audit/audit-replay';
import { buildStore } from '../audit/example-store.testing';
import { runSimulation } from '../simulation/run-simulation';

const ANA = { document: '52998224725', name: 'Ana Souza' };
const line = (command: string, fields: Record<string, unknown>) => JSON.stringify({ command, ...fields });
const uc = (ucId: string) =>
  line('RegisterUc', {
    ucId,
    distribuidora: 'copel',
    titular: ANA,
    group: 'B',
    postos: ['unico'],
    registeredAt: '2025-01-02',
    connection: 'trifasico',
  });
const reading = (ucId: string, cycle: string, readingDate: string, consumed: string, injected = '0') =>
  line('RecordReading', { ucId, cycle, readingDate, postos: { unico: { consumed, injected } } });

/** G gives 70% of its excedente to B1 and 30% to B2; three months, G reads first. */
function portfolio(gMarch: string): string[] {
  return [
    uc('9101'),
    uc('9102'),
    uc('9103'),
    line('RegisterGeneration', {
      ucId: '9101',
      installedKw: '6',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2022-05-05',
      connectedAt: '2022-06-01',
    }),
    line('ChangeRateio', {
      ucId: '9101',
      requestedAt: '2025-01-03',
      mode: 'percentage',
      shares: [
        { ucId: '9102', percent: '70' },
        { ucId: '9103', percent: '30' },
      ],
    }),
    ...['2025-02', '2025-03', '2025-04'].flatMap((cycle) => [
      reading('9101', cycle, `${cycle}-10`, '200', cycle === '2025-03' ? gMarch : '800'),
      reading('9102', cycle, `${cycle}-12`, '350'),
      reading('9103', cycle, `${cycle}-14`, '120'),
    ]),
  ];
}

const correction = (injected: string) =>
  line('CorrectReading', {
    ucId: '9101',
    cycle: '2025-03',
    postos: { unico: { consumed: '200', injected } },
    reason: 'injeção estimada',
    reference: 'PROC-9101',
    date: '2025-05-02',
  });

async function simulate(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-saga-'));
  try {
    return await runSimulation(lines, { dataDir: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each UC's balance as the simulate report gives it. */
const balances = (report: Awaited<ReturnType<typeof simulate>>) =>
  Object.fromEntries(Object.entries(report.ucs).map(([id, u]) => [id, u.balance]));

describe("a generator's retificação on the platform", () => {
  it.each([
    ['less excedente', '1000', '500'],
    ['excedente where there was none (the deliveries placed as the process manager would have)', '100', '900'],
  ])('R5 R7: %s: (recorded wrong, then corrected) ≡ (recorded right), every UC', async (_what, wrong, right) => {
    const corrected = await simulate([...portfolio(wrong), correction(right)]);
    const expected = await simulate(portfolio(right));
    expect(corrected.rejected).toEqual([]);
    expect(balances(corrected)).toEqual(balances(expected));
    const report = Object.values(corrected.corrections!)[0];
    expect(report.beneficiaries?.map((b) => b.ucId)).toEqual(['9102', '9103']);
    // Every re-billed cycle's bill after the correction is the bill recorded right.
    for (const c of report.cycles) {
      const cycles = expected.ucs[c.ucId].cycles as unknown as Record<string, { compensatedKwh?: string }>;
      expect(JSON.stringify(cycles)).toContain(c.after.compensatedKwh);
    }
    const built = await buildStore([...portfolio(wrong), correction(right)]);
    const store = new SqliteEventStore({ path: built.db });
    try {
      const audit = await auditReplay(store, { all: true }, {});
      expect(audit.mismatches.map((m) => `${m.check} ${m.stream}@${m.revision}: ${m.detail}`)).toEqual([]);
      expect(audit.summary.passed).toBe(true);
      expect(audit.summary.checks.conservation.passed).toBeGreaterThan(0);
    } finally {
      await store.close();
      built.remove();
    }
  });
});
