/**
 * The invoice_shares read model on SQLite and PostgreSQL (a fresh schema, dropped after): the priced scenario (a GD II
 * generator and its beneficiary), examples 14 (GD I + GD II at one beneficiary) and 15 (a GD III plant and three
 * beneficiaries), 16 (readings corrected: cycles re-billed) and 01 (no tariff: kWh only) are projected. The shares of
 * each invoice (the re-billed one where a correction re-billed it) add up to its lines,
 * SCEE charge and savings; a generator's SCEE charge by year and the portfolio's money by month equal the invoices'
 * own figures; and a store whose read models predate invoice_shares gets it filled by the runner from the log.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@compensa/event-store';
import { amountOfCents, centsOf, Kwh, type Invoice } from '@compensa/domain';
// A test of the read models built by the simulation (the command side lives above this lib).
import { runSimulation } from '../../application/src/simulation/run-simulation';
import { PRICED_INVOICE_SCENARIO } from '../../../test/support/priced-invoice-scenario';
import {
  ALL_PROJECTIONS,
  generatorScceByYear,
  openReadModels,
  portfolioMoneyByMonth,
  ProjectionRunner,
  type ReadModelStore,
} from './index';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const SCENARIOS = [
  '01-rateio-percentual',
  '14-gd1-gd2-beneficiaria-mista',
  '15-gd3-consorcio-beneficiarias',
  // Reading corrections: re-billed cycles (CycleRecompensated) replace their shares.
  '16-retificacao-leitura',
];

const tmp = mkdtempSync(join(tmpdir(), 'compensa-invoice-shares-'));

beforeAll(async () => {
  for (const s of SCENARIOS)
    await runSimulation(readFileSync(join(EXAMPLES, `${s}.jsonl`), 'utf8').split('\n'), { dataDir: tmp });
  await runSimulation([...PRICED_INVOICE_SCENARIO], { dataDir: tmp });
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sumCents = (xs: readonly (string | null)[]) => amountOfCents(xs.reduce((a, x) => a + centsOf(x ?? '0.00'), 0n));
const sumKwh = (xs: readonly string[]) => Kwh.sum(xs.map((x) => Kwh.parse(x))).toString();

describe.each(['sqlite', 'postgres'] as const)('invoice_shares read model on %s', (dialect) => {
  let store: SqliteEventStore;
  const opened: ReadModelStore[] = [];
  let rm: ReadModelStore;

  const open = async () => {
    const readModels =
      dialect === 'sqlite'
        ? await openReadModels(`sqlite:${join(tmp, `rm-${randomUUID()}.db`)}`)
        : await openReadModels(PG_URL, { schema: `shr_${randomUUID().replace(/-/g, '').slice(0, 16)}`, poolSize: 2 });
    opened.push(readModels);
    return readModels;
  };

  beforeAll(async () => {
    store = new SqliteEventStore({ path: join(tmp, 'events.db'), pollIntervalMs: 5 });
    rm = await open();
    await new ProjectionRunner({ store, readModels: rm, rebuildBatchSize: 7 }).rebuild();
  });

  afterAll(async () => {
    await store.close();
    for (const r of opened) await r.close({ dropSchema: true });
  });

  it('R23, R28: the shares of each invoice add up to its compensated lines, SCEE charge and savings', async () => {
    const invoices = await rm.db.selectFrom('invoice').selectAll().execute();
    const shares = await rm.db.selectFrom('invoice_share').selectAll().execute();
    let priced = 0;
    for (const row of invoices) {
      const doc = JSON.parse(row.invoice) as Invoice;
      const mine = shares.filter((s) => s.uc_id === row.uc_id && s.cycle === row.cycle);
      const compensada = doc.lines.filter((l) => l.code === 'compensada');
      if (compensada.length === 0) {
        expect(mine).toEqual([]);
        continue;
      }
      expect(sumKwh(mine.map((s) => Kwh.ofWh(BigInt(s.wh)).toString()))).toBe(sumKwh(compensada.map((l) => l.kwh!)));
      if (doc.status !== 'priced') {
        expect(mine.every((s) => s.scce_cents === null && s.savings_cents === null)).toBe(true);
        continue;
      }
      priced++;
      const cents = (k: 'compensated_cents' | 'scce_cents' | 'savings_cents') =>
        amountOfCents(mine.reduce((a, s) => a + BigInt(s[k]!), 0n));
      expect(cents('scce_cents')).toBe(doc.scceCharge);
      expect(cents('savings_cents')).toBe(doc.savings);
      expect(cents('compensated_cents')).toBe(sumCents(compensada.map((l) => l.amount)).replace(/^-/, ''));
    }
    expect(priced).toBeGreaterThanOrEqual(10);
    // Example 16 re-billed cycles: each now has the shares of its re-billed invoice only.
    let rebilled = 0;
    for await (const e of store.readAll()) if (e.type === 'CycleRecompensated') rebilled++;
    expect(rebilled).toBeGreaterThan(0);
  });

  it('R23: a generator’s SCEE charge by year is the charge its beneficiaries’ invoices carry (a GD III plant)', async () => {
    const years = await generatorScceByYear(rm.db, '15001');
    // Its first cycle (2025-12) compensated nothing: one year.
    expect(years.map((y) => y.year)).toEqual(['2026']);
    // 15001 is the only source of example 15: every charge of 15001–15004 is on its energy.
    for (const y of years) {
      const invoices = await rm.db
        .selectFrom('invoice')
        .select(['scce_charge', 'savings'])
        .where('uc_id', 'in', ['15001', '15002', '15003', '15004'])
        .where('cycle', 'like', `${y.year}-%`)
        .execute();
      expect(y.scceCharge).toBe(sumCents(invoices.map((i) => i.scce_charge)));
      expect(y.savings).toBe(sumCents(invoices.map((i) => i.savings)));
      expect(y.byClass.map((c) => c.gdClass)).toEqual(['GD_III']);
      expect(sumCents(y.byUc.map((u) => u.scceCharge))).toBe(y.scceCharge);
    }
    // GD III until 2028: fioB + 0.40 × fioA + ped + tfsee on every kWh, its own and its beneficiaries'.
    expect(years[0].scceCharge).toBe('12661.96');
    expect(years[0].byUc.map((u) => u.ucId)).toEqual(['15001', '15002', '15003', '15004']);
    // Example 01 has no tariff: its generator's energy is counted in kWh, with no R$.
    const unpriced = await generatorScceByYear(rm.db, '1001');
    expect(unpriced.length).toBeGreaterThan(0);
    for (const y of unpriced) expect([y.unpricedKwh, y.scceCharge, y.savings]).toEqual([y.kwh, '0.00', '0.00']);
    expect(await generatorScceByYear(rm.db, '4040')).toEqual([]);
  });

  it('R23, R28: the portfolio’s money by month and class equals the month’s invoices; GD I pays no charge', async () => {
    const months = await portfolioMoneyByMonth(rm.db);
    expect(months.map((m) => m.month)).toEqual([...months.map((m) => m.month)].sort());
    for (const m of months) {
      const invoices = await rm.db
        .selectFrom('invoice')
        .select(['scce_charge', 'savings'])
        .where('cycle', '=', m.month)
        .execute();
      expect(m.scceCharge).toBe(sumCents(invoices.map((i) => i.scce_charge)));
      expect(m.savings).toBe(sumCents(invoices.map((i) => i.savings)));
      expect(sumCents(m.byClass.map((c) => c.scceCharge))).toBe(m.scceCharge);
    }
    const celesc = await portfolioMoneyByMonth(rm.db, { distribuidora: 'celesc', from: '2026-01', to: '2026-12' });
    const classes = new Set(celesc.flatMap((m) => m.byClass.map((c) => c.gdClass)));
    expect([...classes].sort()).toEqual(['GD_I', 'GD_II']);
    for (const m of celesc) {
      expect(m.month >= '2026-01' && m.month <= '2026-12').toBe(true);
      const gd1 = m.byClass.find((c) => c.gdClass === 'GD_I');
      if (gd1) expect([gd1.scceCharge, centsOf(gd1.savings) > 0n]).toEqual(['0.00', true]);
    }
  });

  it('read models built before invoice_shares existed: the runner fills it from the log, as a rebuild does', async () => {
    const older = await open();
    const before = ALL_PROJECTIONS.filter((p) => p.name !== 'invoice_shares').map((p) => p.name);
    await new ProjectionRunner({ store, readModels: older }).rebuild(before);
    expect(await older.db.selectFrom('invoice_share').selectAll().execute()).toEqual([]);
    const runner = new ProjectionRunner({ store, readModels: older, batchSize: 5 });
    await runner.start();
    await runner.waitForIdle();
    await runner.stop();
    const rows = (r: ReadModelStore) =>
      r.db
        .selectFrom('invoice_share')
        .selectAll()
        .orderBy('uc_id')
        .orderBy('cycle')
        .orderBy('source_uc_id')
        .orderBy('gd_class')
        .execute();
    const [caughtUp, rebuilt] = await Promise.all([rows(older), rows(rm)]);
    expect(caughtUp.length).toBeGreaterThan(0);
    expect(caughtUp).toEqual(rebuilt);
  });
});
