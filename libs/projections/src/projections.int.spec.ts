/**
 * Projection contract, run against SQLite (a temp file) and PostgreSQL (a fresh schema per read-model DB, dropped
 * after): example scenarios are simulated into an event store, projected, and checked against the simulation
 * report; a batch applied twice changes nothing; a live projection (running while the commands ran, in small
 * batches) equals a rebuild from zero, table by table, row by row.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type RecordedEvent } from '@compensa/event-store';
import { businessDateOf, toDomainEvent } from '@compensa/application';
import {
  evolveTitular,
  evolveUc,
  initialTitularState,
  initialUcState,
  Kwh,
  type CreditLotView,
  type TitularEvent,
  type TitularState,
  type UcEvent,
  type UcState,
} from '@compensa/domain';
// A test of the read models built by the simulation (the command side lives above this lib).
import { runSimulation } from '../../application/src/simulation/run-simulation';
import type { SimulationReport } from '../../application/src/simulation/simulation-report';
import {
  ALL_PROJECTIONS,
  balanceAsOf,
  creditsHistory,
  expiringByDistribuidora,
  expiringCredits,
  generatorFlows,
  migrateReadModels,
  openReadModels,
  pendingReallocations,
  portfolio,
  ProjectionRunner,
  statement,
  titularCredits,
  ucState,
  type CreditsHistory,
  type ReadModelStore,
  type RebuildProgress,
} from './index';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const SCENARIOS = [
  '01-rateio-percentual',
  '03-rateio-prioridade',
  '05-expiracao-creditos',
  '06-troca-de-titularidade',
  // 06 cut after the change of titular: credits held for the previous titular, a 30-day window still open.
  '06-troca-de-titularidade:7',
  '07-cooperativa-50-membros',
  '09-matriz-e-filiais-encerramento',
  // A generator's retificação (17003) re-bills its beneficiary (17004): ExcedenteReceiptCorrected, CycleRecompensated.
  '16-retificacao-leitura',
  // P6a: a beneficiary's consumption corrected re-decides its generator's priority split; the generator's reading too.
  '17-retificacao-gerador-prioridade',
];

const tmp = mkdtempSync(join(tmpdir(), 'compensa-projections-'));
const simulated = new Map<string, { dir: string; report: SimulationReport }>();

/** An example's lines; `name:n` keeps its first n lines. */
function lines(scenario: string): string[] {
  const [name, count] = scenario.split(':');
  const all = readFileSync(join(EXAMPLES, `${name}.jsonl`), 'utf8').split('\n');
  return count ? all.slice(0, Number(count)) : all;
}

function openStore(dir: string): SqliteEventStore {
  return new SqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 5 });
}

async function readAll(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

const ucCredits = (s: UcState): bigint => s.credits.reduce((sum, lot) => sum + lot.kwh.wh, 0n);
const heldOf = (s: TitularState): bigint => s.held.reduce((sum, h) => sum + h.lot.kwh.wh, 0n);

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The oracle of `creditsHistory` (what the API computed before the read model): the whole log folded by the
 * domain, each change of a UC's credits or a titular's held credits counted in the month of its business date
 * (HeldCreditsReceived on its cause's; an undated event on the latest date seen).
 */
async function replayedCreditsHistory(
  events: AsyncIterable<RecordedEvent>,
  untilMonth: string,
): Promise<CreditsHistory> {
  const ucs = new Map<string, UcState>();
  const titulares = new Map<string, TitularState>();
  const reallocationDates = new Map<string, string>();
  const delta = new Map<string, { credits: bigint; held: bigint }>();
  let position: number | null = null;
  let latest = '';
  const causeOf = (r: RecordedEvent): string | undefined => {
    const source = String((r.data as { sourceEventId?: string }).sourceEventId ?? '');
    return reallocationDates.get(source.slice(0, source.lastIndexOf(':')));
  };
  for await (const e of events) {
    position = e.position;
    const isUc = e.stream.startsWith('uc-');
    if (!isUc && !e.stream.startsWith('titular-')) continue;
    if (e.type === 'CreditsReallocated' || e.type === 'HeldCreditsReallocated')
      reallocationDates.set(e.id, String((e.data as { date: string }).date));
    const dated = businessDateOf(e, causeOf);
    const date = dated.source === 'recordedAt' ? latest : dated.date;
    if (date > latest) latest = date;
    const month = date.slice(0, 7);
    if (!/^\d{4}-\d{2}$/.test(month)) continue;
    const d = delta.get(month) ?? { credits: 0n, held: 0n };
    if (isUc) {
      const before = ucs.get(e.stream) ?? initialUcState;
      const after = evolveUc(before, toDomainEvent<UcEvent>(e));
      ucs.set(e.stream, after);
      d.credits += ucCredits(after) - ucCredits(before);
    } else {
      const before = titulares.get(e.stream) ?? initialTitularState;
      const after = evolveTitular(before, toDomainEvent<TitularEvent>(e));
      titulares.set(e.stream, after);
      d.held += heldOf(after) - heldOf(before);
    }
    delta.set(month, d);
  }
  const months = [...delta.keys()].sort();
  if (months.length === 0) return { position, points: [] };
  const last = months[months.length - 1] > untilMonth ? months[months.length - 1] : untilMonth;
  const points: CreditsHistory['points'] = [];
  let credits = 0n;
  let heldTotal = 0n;
  for (let month = months[0]; month <= last; month = nextMonth(month)) {
    const d = delta.get(month);
    credits += d?.credits ?? 0n;
    heldTotal += d?.held ?? 0n;
    points.push({ month, creditsKwh: Kwh.ofWh(credits).toString(), heldKwh: Kwh.ofWh(heldTotal).toString() });
  }
  return { position, points };
}

/** Every projection table, rows sorted: what "the same read model" means. */
async function dump(rm: ReadModelStore): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ALL_PROJECTIONS.flatMap((p) => p.tables)) {
    const rows = await rm.db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

beforeAll(async () => {
  for (const scenario of SCENARIOS) {
    const dir = join(tmp, scenario.replace(':', '-'));
    mkdirSync(dir);
    const report = await runSimulation(lines(scenario), { dataDir: dir });
    simulated.set(scenario, { dir, report });
  }
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Dialect = 'sqlite' | 'postgres';

describe.each<Dialect>(['sqlite', 'postgres'])('projections on %s', (dialect) => {
  const opened: ReadModelStore[] = [];

  /** A fresh, empty read-model database. */
  async function freshReadModels(): Promise<ReadModelStore> {
    const rm =
      dialect === 'sqlite'
        ? await openReadModels(`sqlite:${join(tmp, `rm-${randomUUID()}.db`)}`)
        : await openReadModels(PG_URL, { schema: `rm_${randomUUID().replace(/-/g, '').slice(0, 16)}`, poolSize: 2 });
    opened.push(rm);
    return rm;
  }

  afterAll(async () => {
    for (const rm of opened) await rm.close({ dropSchema: true });
  });

  it.each(SCENARIOS)(
    '%s: balances, statements, held credits and flows match the simulation report',
    async (scenario) => {
      const { dir, report } = simulated.get(scenario)!;
      const store = openStore(dir);
      const rm = await freshReadModels();
      const runner = new ProjectionRunner({ store, readModels: rm });
      try {
        const progress: RebuildProgress[] = [];
        const result = await runner.rebuild(undefined, (p) => progress.push(p));
        const head = (await store.headPosition())!;
        expect(result.events).toBe(head);
        expect(progress.at(-1)).toMatchObject({ done: head, total: head, etaSeconds: 0 });
        expect(Object.values(await runner.lag())).toEqual(ALL_PROJECTIONS.map(() => 0));

        for (const [ucId, uc] of Object.entries(report.ucs)) {
          const view = (await ucState(rm.db, ucId))!;
          expect(view).not.toBeNull();
          expect({ titular: view.titular.document, status: view.status }).toEqual({
            titular: uc.titular,
            status: uc.status,
          });
          const vintages = view.balance.vintages.map((v) => ({
            vintage: v.vintage,
            posto: v.posto,
            kwh: v.kwh,
            expiresOn: v.expiresOn,
            gdClass: v.gdClass,
          }));
          expect({ totalKwh: view.balance.totalKwh, vintages }).toEqual(uc.balance);
          // The replay as of a far date is the current balance.
          const replayed = (await balanceAsOf(rm.db, store, ucId, '2199-12-31'))!;
          expect(replayed.totalKwh).toBe(uc.balance.totalKwh);

          const flows = await generatorFlows(rm.db, ucId);
          for (const [cycle, c] of Object.entries(uc.cycles)) {
            const s = (await statement(rm.db, ucId, cycle))!;
            expect({
              readingDate: s.readingDate,
              consumed: s.consumed,
              injected: s.injected,
              billed: s.billed,
              compensatedKwh: s.compensatedKwh,
              excedenteKwh: s.excedenteKwh,
              expiredKwh: s.expiredKwh,
              lines: s.lines.map((l) => ({
                posto: l.posto,
                kwh: l.kwh,
                sourceUcId: l.sourceUcId,
                sourcePosto: l.sourcePosto,
                sourceKwh: l.sourceKwh,
                vintage: l.vintage,
                gdClass: l.gdClass,
                label: l.label,
              })),
            }).toEqual({
              readingDate: c.readingDate,
              consumed: c.consumed,
              injected: c.injected,
              billed: c.billed,
              compensatedKwh: c.compensatedKwh,
              excedenteKwh: c.excedenteKwh,
              expiredKwh: c.expiredKwh,
              lines: c.lines,
            });
            // The report's allocations: per target, plus the generator's retained share when a rateio was in force.
            const flow = flows.find((f) => f.cycle === cycle);
            const allocations = new Map((flow?.byTarget ?? []).map((t) => [t.ucId, t.kwh]));
            if (flow?.rateioMode && flow.retainedKwh !== '0.000') {
              const own = allocations.get(ucId);
              allocations.set(ucId, own ? String(Number(own) + Number(flow.retainedKwh)) : flow.retainedKwh);
            }
            expect(Object.fromEntries(allocations)).toEqual(
              Object.fromEntries(c.allocations.map((a) => [a.ucId, a.kwh])),
            );
          }
        }

        for (const [key, t] of Object.entries(report.titulares)) {
          const view = await titularCredits(rm.db, key);
          expect(view.heldKwh).toBe(t.heldKwh);
          expect(
            view.holdings.flatMap((h) =>
              h.held.map((l) => ({ sourceUcId: l.fromUcId, vintage: l.vintage, kwh: l.kwh, expiresOn: l.expiresOn })),
            ),
          ).toEqual(t.held);
          expect(
            view.holdings.flatMap((h) =>
              h.windows
                .filter((w) => w.status === 'open')
                .map((w) => ({ sourceUcId: w.fromUcId, deadline: w.deadline })),
            ),
          ).toEqual(t.pendingReallocations);
        }
        const pendingCount = Object.values(report.titulares).reduce((a, t) => a + t.pendingReallocations.length, 0);
        if (scenario.endsWith(':7')) expect(pendingCount).toBe(1);
        const pending = await pendingReallocations(rm.db, { limit: 1 });
        expect(pending.items.length).toBe(pendingCount);
        expect(pending.nextCursor).toBeNull();

        // portfolio and expiring_credits agree with the balances.
        const byDistribuidora = new Map<string, number>();
        for (const ucId of Object.keys(report.ucs)) {
          const v = (await ucState(rm.db, ucId))!;
          byDistribuidora.set(
            v.distribuidora,
            (byDistribuidora.get(v.distribuidora) ?? 0) + Math.round(Number(v.balance.totalKwh) * 1000),
          );
        }
        const p = await portfolio(rm.db, { today: '2199-01-01' });
        expect(p.map((x) => [x.distribuidora, x.ucs])).toEqual(
          [...byDistribuidora.keys()].sort().map((d) => [d, Object.values(report.ucs).length]),
        );
        for (const x of p) {
          expect(Math.round(Number(x.creditsOutstandingKwh) * 1000)).toBe(byDistribuidora.get(x.distribuidora));
          expect(x.expiringWithin90DaysKwh).toBe(x.creditsOutstandingKwh);
        }
        let all = 0;
        let cursor: string | null = null;
        do {
          const page = await expiringCredits(rm.db, { withinDays: 0, today: '2199-01-01', limit: 2, cursor });
          all += page.items.reduce((a, i) => a + Math.round(Number(i.kwh) * 1000), 0);
          cursor = page.nextCursor;
        } while (cursor);
        expect(all).toBe([...byDistribuidora.values()].reduce((a, b) => a + b, 0));
        const perMonth = await expiringByDistribuidora(rm.db, { withinDays: 0, today: '2199-01-01' });
        expect(perMonth.reduce((a, i) => a + Math.round(Number(i.kwh) * 1000), 0)).toBe(all);
      } finally {
        await runner.stop();
        await store.close();
      }
    },
  );

  it.each(SCENARIOS)('%s: the credits history equals a replay of the log through the domain', async (scenario) => {
    const { dir, report } = simulated.get(scenario)!;
    const store = openStore(dir);
    const rm = await freshReadModels();
    try {
      await migrateReadModels(rm.db);
      expect(await creditsHistory(rm.db, '2025-04')).toEqual({ position: null, points: [] });
      await new ProjectionRunner({ store, readModels: rm }).rebuild();
      for (const until of ['2000-01', '2025-04', '2027-02']) {
        const history = await creditsHistory(rm.db, until);
        expect(history).toEqual(await replayedCreditsHistory(store.readAll(), until));
        expect(history.position).toBe(await store.headPosition());
        expect(history.points.at(-1)!.month >= until).toBe(true);
      }
      // The last point is what the balances and the held credits add up to.
      const last = (await creditsHistory(rm.db, '2025-04')).points.at(-1)!;
      const wh = (kwh: string) => Kwh.parse(kwh).wh;
      expect(wh(last.creditsKwh)).toBe(Object.values(report.ucs).reduce((a, u) => a + wh(u.balance.totalKwh), 0n));
      expect(wh(last.heldKwh)).toBe(Object.values(report.titulares).reduce((a, t) => a + wh(t.heldKwh), 0n));
    } finally {
      await store.close();
    }
  });

  // One GD II plant: 20 kW requested in the cohort's window, 20 kW more after it; both tranches' excedente of a
  // reading becomes a lot of the same vintage, posto, class and source, told apart only by the cohort (lotKey).
  const cohortScenario = (): Record<string, unknown>[] => [
    { command: 'SetDistribuidoraPolicy', distribuidora: 'copel', validFrom: '2020-01-01', p10: 'greater-of' },
    {
      command: 'RegisterUc',
      ucId: '21001',
      distribuidora: 'copel',
      titular: { document: '11144477735', name: 'Bruno Lima' },
      group: 'B',
      postos: ['unico'],
      registeredAt: '2023-01-01',
      connection: 'trifasico',
    },
    {
      command: 'RegisterGeneration',
      ucId: '21001',
      installedKw: '20',
      source: 'solar',
      dispatchable: false,
      modalidade: 'local',
      requestedAt: '2023-03-01',
      connectedAt: '2023-05-01',
    },
    { command: 'AddCapacity', ucId: '21001', addedKw: '20', requestedAt: '2024-06-01' },
    {
      command: 'RecordReading',
      ucId: '21001',
      cycle: '2024-08',
      readingDate: '2024-08-10',
      postos: { unico: { consumed: '3000', injected: '10000' } },
    },
    {
      command: 'RecordReading',
      ucId: '21001',
      cycle: '2024-09',
      readingDate: '2024-09-10',
      postos: { unico: { consumed: '1500', injected: '1000' } }, // uses 500 kWh of the lots: both stay
    },
  ];

  it('R23 a plant with 2023-H1 cohort energy and other energy of the same class keeps two lots, each shown as such', async () => {
    const dir = join(tmp, `cohort-${dialect}`);
    mkdirSync(dir);
    const scenario = cohortScenario().map((c) => JSON.stringify(c));
    await runSimulation(scenario, { dataDir: dir });
    const store = openStore(dir);
    const rm = await freshReadModels();
    const runner = new ProjectionRunner({ store, readModels: rm });
    try {
      await runner.rebuild();
      let state: UcState = initialUcState;
      for (const e of await readAll(store))
        if (e.stream === 'uc-copel-21001') state = evolveUc(state, toDomainEvent(e) as UcEvent);
      const expected = state.credits.map((l) => ({
        vintage: l.vintage,
        gdClass: l.gdClass,
        sourceUcId: l.sourceUcId,
        kwh: l.kwh.toString(),
        cohort: l.cohort,
      }));
      // The domain has both lots (else this test would show nothing), and the read model shows them as they are.
      expect(expected.filter((l) => l.cohort === '2023-H1').length).toBeGreaterThan(0);
      expect(expected.filter((l) => l.cohort === undefined).length).toBeGreaterThan(0);
      const shown = (lots: readonly CreditLotView[]) =>
        lots.map((l) => ({
          vintage: l.vintage,
          gdClass: l.gdClass,
          sourceUcId: l.sourceUcId,
          kwh: l.kwh,
          cohort: l.cohort,
        }));
      const view = (await ucState(rm.db, '21001'))!;
      expect(shown(view.balance.vintages)).toEqual(expected);
      expect(view.balance.totalKwh).toBe(Kwh.sum(state.credits.map((l) => l.kwh)).toString());
      // The lot without a cohort has no `cohort` field at all (as events record it).
      expect(view.balance.vintages.filter((l) => !('cohort' in l)).length).toBe(
        expected.filter((l) => l.cohort === undefined).length,
      );
      expect(shown((await balanceAsOf(rm.db, store, '21001', '2199-12-31'))!.vintages)).toEqual(expected);
      // The statement of the cycle that used the lots: each line with the cohort its event recorded.
      const recorded = (await readAll(store)).filter(
        (e) => e.type === 'CycleCompensated' && e.stream === 'uc-copel-21001',
      );
      for (const e of recorded) {
        const d = (toDomainEvent(e) as Extract<UcEvent, { type: 'CycleCompensated' }>).data;
        const s = (await statement(rm.db, '21001', d.cycle))!;
        expect(s.lines.map((l) => [l.source, l.kwh, l.cohort])).toEqual(
          d.lines.map((l) => [l.source, l.kwh, l.cohort]),
        );
      }
      expect(
        recorded
          .flatMap((e) => (toDomainEvent(e) as Extract<UcEvent, { type: 'CycleCompensated' }>).data.lines)
          .some((l) => l.cohort === '2023-H1'),
      ).toBe(true);
    } finally {
      await runner.stop();
      await store.close();
    }
  });

  it('R23 the credits held for a titular keep their 2023-H1 cohort, lot by lot, as the titular stream holds them', async () => {
    // The plant closes (R19): both lots go to its titular, still two lots told apart only by the cohort.
    const dir = join(tmp, `cohort-held-${dialect}`);
    mkdirSync(dir);
    const scenario = [...cohortScenario(), { command: 'CloseContract', ucId: '21001', date: '2024-10-01' }];
    await runSimulation(
      scenario.map((c) => JSON.stringify(c)),
      { dataDir: dir },
    );
    const store = openStore(dir);
    const rm = await freshReadModels();
    const runner = new ProjectionRunner({ store, readModels: rm });
    try {
      await runner.rebuild();
      let state: TitularState = initialTitularState;
      for (const e of await readAll(store))
        if (e.stream.startsWith('titular-')) state = evolveTitular(state, toDomainEvent(e) as TitularEvent);
      const expected = state.held.map((h) => [h.fromUcId, h.lot.vintage, h.lot.kwh.toString(), h.lot.cohort]);
      expect(expected.filter((l) => l[3] === '2023-H1').length).toBeGreaterThan(0);
      expect(expected.filter((l) => l[3] === undefined).length).toBeGreaterThan(0);
      const view = await titularCredits(rm.db, '11144477735');
      expect(view.holdings.flatMap((h) => h.held.map((l) => [l.fromUcId, l.vintage, l.kwh, l.cohort]))).toEqual(
        expected,
      );
    } finally {
      await runner.stop();
      await store.close();
    }
  });

  it('a batch applied twice, or overlapping an applied one, changes nothing', async () => {
    const store = openStore(simulated.get('06-troca-de-titularidade')!.dir);
    try {
      const events = await readAll(store);
      const once = await freshReadModels();
      const onceRunner = new ProjectionRunner({ store, readModels: once });
      await onceRunner.rebuild();
      const expected = await dump(once);

      const twice = await freshReadModels();
      const runner = new ProjectionRunner({ store, readModels: twice });
      await runner.rebuild(); // tables and checkpoints exist; now replay by hand
      await runner.applyBatch(events);
      await runner.applyBatch(events.slice(0, 5));
      await runner.applyBatch(events.slice(3));
      expect(await dump(twice)).toEqual(expected);
      expect(expected.credit_history.length).toBeGreaterThan(0);
      expect(expected.held_credit_history.length).toBeGreaterThan(0);
      expect(await creditsHistory(twice.db, '2025-04')).toEqual(
        await replayedCreditsHistory(store.readAll(), '2025-04'),
      );

      const overlapping = await freshReadModels();
      const r3 = new ProjectionRunner({ store, readModels: overlapping, names: ['portfolio'] }); // uc_balance only
      await r3.rebuild(['portfolio']);
      await r3.applyBatch(events.slice(0, 7));
      await r3.applyBatch(events.slice(4));
      expect((await dump(overlapping)).uc_credit).toEqual(expected.uc_credit);
      expect((await dump(overlapping)).uc_statement).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it.each(['05-expiracao-creditos', '06-troca-de-titularidade', '09-matriz-e-filiais-encerramento'])(
    '%s: a rebuild in many small batches (state carried between them) equals one in a single batch, row by row',
    async (scenario) => {
      const store = openStore(simulated.get(scenario)!.dir);
      try {
        const whole = await freshReadModels();
        await new ProjectionRunner({ store, readModels: whole }).rebuild();
        const expected = await dump(whole);
        for (const rebuildBatchSize of [1, 3]) {
          const small = await freshReadModels();
          await new ProjectionRunner({ store, readModels: small, rebuildBatchSize }).rebuild();
          expect(await dump(small)).toEqual(expected);
          expect(await creditsHistory(small.db, '2025-04')).toEqual(
            await replayedCreditsHistory(store.readAll(), '2025-04'),
          );
        }
        // Dated across batches: reallocations (HeldCreditsReceived takes its cause's date) happened here or not.
        const types = new Set((await readAll(store)).map((e) => e.type));
        if (scenario !== '05-expiracao-creditos') expect(types.has('HeldCreditsReceived')).toBe(true);
        expect(expected.uc_credit.length + expected.uc_expiration.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    },
  );

  it('a live projection while the commands run equals a rebuild from zero, row by row', async () => {
    const dir = join(tmp, `live-${dialect}`);
    mkdirSync(dir);
    const store = openStore(dir);
    const live = await freshReadModels();
    const runner = new ProjectionRunner({ store, readModels: live, batchSize: 7 });
    await runner.start();
    try {
      await runSimulation([...lines('06-troca-de-titularidade'), ...lines('07-cooperativa-50-membros')], {
        dataDir: dir,
      });
      await runner.waitForIdle();
      expect(Object.values(await runner.lag())).toEqual(ALL_PROJECTIONS.map(() => 0));
      const rebuilt = await freshReadModels();
      const result = await new ProjectionRunner({ store, readModels: rebuilt, rebuildBatchSize: 10_000 }).rebuild();
      expect(result.events).toBe(await store.headPosition());
      const a = await dump(live);
      const b = await dump(rebuilt);
      expect(a.uc_state.length).toBeGreaterThan(50);
      expect(a.uc_statement_line.length).toBeGreaterThan(50);
      expect(a).toEqual(b);
      expect(a.credit_history.length).toBeGreaterThan(0);
      expect(await creditsHistory(live.db, '2025-04')).toEqual(
        await replayedCreditsHistory(store.readAll(), '2025-04'),
      );
    } finally {
      await runner.stop();
      await store.close();
    }
  });
});
