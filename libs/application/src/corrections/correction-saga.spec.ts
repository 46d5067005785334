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
import { ANA, line, reading, remoteSolarGeneration, uc } from './correction-portfolio.testing';

/** G gives 70% of its excedente to B1 and 30% to B2; three months, G reads first. */
function portfolio(gMarch: string): string[] {
  return [
    uc('9101'),
    uc('9102'),
    uc('9103'),
    line('RegisterGeneration', remoteSolarGeneration('9101')),
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

/**
 * R18 on the platform: a local generator of Ana changes titular with its credits held for her (window open); its
 * April reading, before the change, is corrected. Bruno's UC 9202 is not Ana's, so only the held credits move.
 */
function transferPortfolio(april: string, indicate: boolean): string[] {
  return [
    uc('9201'),
    line('RegisterGeneration', { ...remoteSolarGeneration('9201'), modalidade: 'local' }),
    uc('9203'),
    reading('9201', '2025-03', '2025-03-10', '200', '900'),
    reading('9203', '2025-03', '2025-03-12', '400'),
    reading('9201', '2025-04', '2025-04-10', '200', april),
    reading('9203', '2025-04', '2025-04-12', '450'),
    line('TransferTitularidade', {
      ucId: '9201',
      newTitular: { document: '11144477735', name: 'Bruno Lima' },
      date: '2025-04-20',
    }),
    ...(indicate
      ? [
          line('IndicateReallocation', {
            document: ANA.document,
            sourceUcId: '9201',
            date: '2025-05-02',
            shares: [{ ucId: '9203', percent: '100' }],
          }),
        ]
      : []),
  ];
}

const transferCorrection = (injected: string, date = '2025-05-10') =>
  line('CorrectReading', {
    ucId: '9201',
    cycle: '2025-04',
    postos: { unico: { consumed: '200', injected } },
    reason: 'injeção estimada',
    reference: 'PROC-9201',
    date,
  });

describe('a retificação of credits held for a titular, on the platform', () => {
  it('R18 a correction before a change of titular corrects the credits held for the previous titular: ≡ recorded right, and the audit passes', async () => {
    // Given 9201's April injection recorded as 1.000 kWh, then its change of titular (its credits held for Ana)
    const lines = [...transferPortfolio('1000', false), transferCorrection('600')];
    // When April is corrected to 600 kWh (within the 30 days: the credits are still held)
    const corrected = await simulate(lines);
    const expected = await simulate(transferPortfolio('600', false));
    // Then every UC and what is held for Ana are what recording it right gives
    expect(corrected.rejected).toEqual([]);
    expect(balances(corrected)).toEqual(balances(expected));
    expect(corrected.titulares).toEqual(expected.titulares);
    expect(Number(corrected.titulares[ANA.document].heldKwh)).toBeGreaterThan(0);
    const report = Object.values(corrected.corrections!)[0];
    expect(report.held).toEqual([
      {
        ucId: '9201',
        rule: 'R18',
        titularKey: ANA.document,
        date: '2025-04-20',
        heldKwh: { before: expect.any(String) as string, after: corrected.titulares[ANA.document].heldKwh },
        differenceKwh: '-400.000',
      },
    ]);
    // And the audit re-derives every stream (the titular's HeldCreditsCorrected too) and conserves the energy
    const built = await buildStore(lines);
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

  it('R20 a correction whose held credits the titular already indicated to a UC re-bills that UC: ≡ recorded right, and the audit passes', async () => {
    // Given the held credits were indicated to 9203 on 02/05 and its May reading used them
    const may = reading('9203', '2025-05', '2025-05-12', '2000');
    const lines = [...transferPortfolio('1000', true), may, transferCorrection('600', '2025-05-20')];
    // When 9201's April is corrected to 600 kWh
    const corrected = await simulate(lines);
    const expected = await simulate([...transferPortfolio('600', true), may]);
    // Then 9203's credits and its May bill are what recording 600 from the start gives
    expect(corrected.rejected).toEqual([]);
    expect(balances(corrected)).toEqual(balances(expected));
    expect(corrected.titulares).toEqual(expected.titulares);
    expect(corrected.ucs['9203'].cycles).toEqual(expected.ucs['9203'].cycles);
    const untouched = await simulate([...transferPortfolio('1000', true), may]);
    expect(corrected.ucs['9203'].cycles).not.toEqual(untouched.ucs['9203'].cycles);
    // And the re-billing report lists 9203's May (kWh before and after) and what it received
    const report = Object.values(corrected.corrections!)[0];
    expect(report.heldMoves).toEqual([
      expect.objectContaining({ ucId: '9203', fromUcId: '9201', titularKey: ANA.document, differenceKwh: '-400.000' }),
    ]);
    expect(report.cycles.filter((c) => c.ucId === '9203').map((c) => c.cycle)).toEqual(['2025-05']);
    const may9203 = report.cycles.find((c) => c.ucId === '9203')!;
    expect(may9203.before.compensatedKwh).not.toBe(may9203.after.compensatedKwh);
    // And the audit re-derives every stream (HeldCreditsCorrected, HeldCreditsReceiptCorrected) and conserves energy
    const built = await buildStore(lines);
    const store = new SqliteEventStore({ path: built.db });
    try {
      const audit = await auditReplay(store, { all: true }, {});
      expect(audit.mismatches.map((m) => `${m.check} ${m.stream}@${m.revision}: ${m.detail}`)).toEqual([]);
      expect(audit.summary.passed).toBe(true);
      expect(audit.summary.checks.conservation.passed).toBeGreaterThan(0);
      const types: string[] = [];
      for await (const e of store.readStream('uc-copel-9203')) types.push(e.type);
      expect(types).toContain('HeldCreditsReceiptCorrected');
    } finally {
      await store.close();
      built.remove();
    }
  });
});

/**
 * R20 on the platform: 9201's credits held for Ana after its change of titular; the default of 21/05 gives them to
 * her UC of largest consumption, 9203 (April: `april` kWh) or 9204 (April: 400 kWh).
 */
function defaultPortfolio(april: string, injected = '1000'): string[] {
  return [
    ...transferPortfolio(injected, false).filter((l) => !l.includes('"9203"')),
    uc('9203'),
    uc('9204'),
    reading('9203', '2025-04', '2025-04-12', april),
    reading('9204', '2025-04', '2025-04-13', '400'),
    line('AdvanceClock', { to: '2025-05-25' }),
  ];
}

const consumptionCorrection = (consumed: string) =>
  line('CorrectReading', {
    ucId: '9203',
    cycle: '2025-04',
    postos: { unico: { consumed, injected: '0' } },
    reason: 'consumo digitado errado',
    reference: 'PROC-9203',
    date: '2025-05-26',
  });

describe('a retificação of a consumption the 30-day default compared, on the platform', () => {
  it('R20 a correction of a consumption the default compared re-decides it: the same UC, ≡ recorded right, and the audit passes', async () => {
    // Given the default gave 9201's held credits to 9203 (450 kWh in April against 9204's 400)
    const lines = [...defaultPortfolio('450'), consumptionCorrection('420')];
    // When 9203's April is corrected to 420 kWh (still the largest)
    const corrected = await simulate(lines);
    const expected = await simulate(defaultPortfolio('420'));
    // Then the default is re-decided on Ana's stream and gives the same, as recording 420 from the start does
    expect(corrected.rejected).toEqual([]);
    expect(balances(corrected)).toEqual(balances(expected));
    expect(corrected.titulares).toEqual(expected.titulares);
    // And the re-billing report names the default re-decided (R20)
    expect(Object.values(corrected.corrections!)[0].defaults).toEqual([
      {
        titularKey: ANA.document,
        comparedUcId: '9203',
        readingDate: '2025-04-12',
        consumptionKwh: { before: '450.000', after: '420.000' },
        decisions: [{ date: '2025-05-21', fromUcId: '9201', toUcIds: ['9203'] }],
      },
    ]);
    const built = await buildStore(lines);
    const store = new SqliteEventStore({ path: built.db });
    try {
      const audit = await auditReplay(store, { all: true }, {});
      expect(audit.mismatches.map((m) => `${m.check} ${m.stream}@${m.revision}: ${m.detail}`)).toEqual([]);
      expect(audit.summary.passed).toBe(true);
      const redecided = [];
      for await (const e of store.readStream(`titular-copel-${ANA.document}`))
        if (e.type === 'ReallocationDefaultRedecided') redecided.push(e);
      expect(redecided.map((e) => e.data)).toEqual([
        expect.objectContaining({
          comparedUcId: '9203',
          previousKwh: '450.000',
          correctedKwh: '420.000',
          decisions: [{ date: '2025-05-21', fromUcId: '9201', toUcIds: ['9203'] }],
        }),
      ]);
    } finally {
      await store.close();
      built.remove();
    }
  });

  it('R20 a correction of credits the default already gave to a UC re-bills that UC: ≡ recorded right, and the audit passes', async () => {
    // Given the default of 21/05 gave 9201's held credits to 9203, whose May reading used them
    const may = reading('9203', '2025-05', '2025-05-23', '3000');
    const lines = [...defaultPortfolio('450'), may, transferCorrection('600', '2025-05-26')];
    // When 9201's April injection is corrected to 600 kWh
    const corrected = await simulate(lines);
    const expected = await simulate([...defaultPortfolio('450', '600'), may]);
    // Then 9203 (its May bill included) and Ana's stream are what recording 600 from the start gives
    expect(corrected.rejected).toEqual([]);
    expect(balances(corrected)).toEqual(balances(expected));
    expect(corrected.ucs['9203'].cycles).toEqual(expected.ucs['9203'].cycles);
    expect(corrected.titulares).toEqual(expected.titulares);
    const report = Object.values(corrected.corrections!)[0];
    expect(report.heldMoves?.map((m) => [m.ucId, m.differenceKwh])).toEqual([['9203', '-400.000']]);
    expect(report.cycles.map((c) => `${c.ucId} ${c.cycle}`)).toContain('9203 2025-05');
    const built = await buildStore(lines);
    const store = new SqliteEventStore({ path: built.db });
    try {
      const audit = await auditReplay(store, { all: true }, {});
      expect(audit.mismatches.map((m) => `${m.check} ${m.stream}@${m.revision}: ${m.detail}`)).toEqual([]);
      expect(audit.summary.passed).toBe(true);
    } finally {
      await store.close();
      built.remove();
    }
  });

  it('R20 a correction that makes the default choose another UC re-bills both UCs: ≡ recorded right, and the audit passes (was refused)', async () => {
    // Given the default of 21/05 gave 9201's held credits to 9203 (450 kWh against 9204's 400), and both read May
    const mays = [reading('9203', '2025-05', '2025-05-23', '3000'), reading('9204', '2025-05', '2025-05-24', '2000')];
    const lines = [...defaultPortfolio('450'), ...mays, consumptionCorrection('350')];
    // When 9203's April is corrected to 350 kWh: 9204 (400 kWh) is the UC of largest consumption
    const corrected = await simulate(lines);
    const expected = await simulate([...defaultPortfolio('350'), ...mays]);
    // Then every UC and Ana's stream are what recording 350 from the start gives (9204's May used the credits)
    expect(corrected.rejected).toEqual([]);
    expect(balances(corrected)).toEqual(balances(expected));
    for (const ucId of ['9203', '9204']) expect(corrected.ucs[ucId].cycles).toEqual(expected.ucs[ucId].cycles);
    expect(corrected.titulares).toEqual(expected.titulares);
    const report = Object.values(corrected.corrections!)[0];
    expect(report.defaults?.[0].decisions).toEqual([
      { date: '2025-05-21', fromUcId: '9201', toUcIds: ['9204'], previousToUcIds: ['9203'] },
    ]);
    expect(report.heldMoves?.map((m) => [m.ucId, m.receivedKwh.after === '0.000'])).toEqual([
      ['9203', true],
      ['9204', false],
    ]);
    expect(report.cycles.map((c) => `${c.ucId} ${c.cycle}`)).toEqual(
      expect.arrayContaining(['9203 2025-05', '9204 2025-05']),
    );
    // And the audit re-derives every decision (check 2) and matches each changed delivery to its receipt (check 4)
    const built = await buildStore(lines);
    const store = new SqliteEventStore({ path: built.db });
    try {
      const audit = await auditReplay(store, { all: true }, {});
      expect(audit.mismatches.map((m) => `${m.check} ${m.stream}@${m.revision}: ${m.detail}`)).toEqual([]);
      expect(audit.summary.passed).toBe(true);
      expect(audit.conservation?.moves.failed).toBe(0);
    } finally {
      await store.close();
      built.remove();
    }
  });
});
