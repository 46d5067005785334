/**
 * The HTTP query API end to end, on SQLite and on PostgreSQL read models: example scenarios are run through the
 * command side (`runSimulation`, the same handlers and process managers as the API) into one data directory, the
 * app starts on it with a settable clock, the projections catch up, and every endpoint's figures are checked against
 * the simulation's output (and each full scenario's output against its examples/*.expected.json). Then paging,
 * X-Projection-Lag, and the problems: 401, 404 and 422.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, SettableClock } from '@compensa/application';
import { addDays, Kwh, parseTitularDocument, titularKeyOf, type BusinessDate } from '@compensa/domain';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { runSimulation, type SimulationReport } from '@compensa/application';

const OPERATOR_KEY = 'operator-key-for-the-query-api-e2e';
const AUDITOR_KEY = 'auditor-key-for-the-query-api-e2e';
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EXAMPLES = join(__dirname, '..', '..', 'examples');
/** The platform's today while the app runs: inside the 30-day window opened by 06's change of titular. */
const TODAY = '2025-04-10' as BusinessDate;
/**
 * Scenarios run one after the other into the same store (their UC numbers differ). `name:n` keeps the first n
 * lines: 06 cut after its change of titular leaves credits held and a window open; it runs last, so that no later
 * run's clock passes its deadline.
 */
const SCENARIOS = [
  '01-rateio-percentual',
  '03-rateio-prioridade',
  '05-expiracao-creditos',
  '07-cooperativa-50-membros',
  '09-matriz-e-filiais-encerramento',
  '10-industria-grupo-a',
  '06-troca-de-titularidade:7',
];

/** An answer as the tests read it. */
interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

type Report = SimulationReport;
type Statement = { cycle: string; readingDate: string; lines: Record<string, unknown>[] } & Record<string, unknown>;
type Page<T> = { items: T[]; nextCursor: string | null };

const wh = (kwh: string): bigint => Kwh.parse(kwh).wh;
const kwh = (value: bigint): string => Kwh.ofWh(value).toString();
const keyOf = (document: string): string => titularKeyOf(parseTitularDocument(document));

let dataDir: string;
let report: Report;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'compensa-queries-'));
  for (const scenario of SCENARIOS) {
    const [name, count] = scenario.split(':');
    const lines = readFileSync(join(EXAMPLES, `${name}.jsonl`), 'utf8').split('\n');
    // The report of the last run covers every stream in the store: the whole portfolio.
    report = await runSimulation(count ? lines.slice(0, Number(count)) : lines, { dataDir });
  }
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('the scenarios do not disturb each other: each full one gives its expected output', () => {
  for (const scenario of SCENARIOS.filter((s) => !s.includes(':'))) {
    const expected = JSON.parse(readFileSync(join(EXAMPLES, `${scenario}.expected.json`), 'utf8')) as Report;
    for (const [ucId, uc] of Object.entries(expected.ucs))
      expect({ ucId, ...report.ucs[ucId] }).toEqual({ ucId, ...uc });
  }
  // 06 cut after the change of titular: one window open, credits held for Ana.
  expect(report.titulares['52998224725'].pendingReallocations).toEqual([
    { sourceUcId: '6001', deadline: '2025-05-01' },
  ]);
});

describe.each(['sqlite', 'postgres'] as const)('query API on %s read models (e2e)', (dialect) => {
  let app: NestExpressApplication;
  let url: string;
  const schema = `qa_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

  const get = async <T = Record<string, unknown>>(
    path: string,
    key: string | null = OPERATOR_KEY,
  ): Promise<Answer<T>> => {
    const response = await fetch(`${url}${path}`, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  /** A 200 answer's body; also checks X-Projection-Lag says the read models are up to date. */
  const ok = async <T = Record<string, unknown>>(path: string): Promise<T> => {
    const answer = await get<T>(path);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    expect(answer.headers.get('x-projection-lag')).toBe('0');
    return answer.body;
  };
  /** Every item of a list, following nextCursor with pages of `limit`. */
  const all = async <T>(path: string, limit: number): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: Page<T> = await ok<Page<T>>(`${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const problem = async (
    path: string,
    status: number,
    key: string | null = OPERATOR_KEY,
  ): Promise<Record<string, unknown>> => {
    const answer = await get(path, key);
    expect({ path, status: answer.status }).toEqual({ path, status });
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return answer.body;
  };

  beforeAll(async () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator,${AUDITOR_KEY}:auditor`,
      ...(dialect === 'postgres' ? { READ_MODEL_URL: `${PG_URL}?schema=${schema}` } : {}),
    });
    app = await createApp(config, { clock: new SettableClock(TODAY), logDestination: { write: () => undefined } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await app.get(Platform).waitForIdle();
    await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    if (dialect === 'postgres') {
      const pool = new Pool({ connectionString: PG_URL, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });

  it('GET /v1/ucs/{ucId}: state and balance of every UC, as simulated', async () => {
    for (const [ucId, uc] of Object.entries(report.ucs)) {
      const view = await ok<{
        titular: { document: string };
        status: string;
        balance: Report['ucs'][string]['balance'] & { vintages: Record<string, string>[] };
      }>(`/v1/ucs/${ucId}`);
      expect({ ucId, titular: view.titular.document, status: view.status }).toEqual({
        ucId,
        titular: uc.titular,
        status: uc.status,
      });
      const vintages = view.balance.vintages.map(({ vintage, posto, kwh: k, expiresOn, gdClass }) => ({
        vintage,
        posto,
        kwh: k,
        expiresOn,
        gdClass,
      }));
      expect({ ucId, totalKwh: view.balance.totalKwh, vintages }).toEqual({ ucId, ...uc.balance });
    }
  });

  it('GET /v1/ucs/{ucId}/statements and /statements/{cycle}: every cycle with its lines and invoice labels', async () => {
    for (const [ucId, uc] of Object.entries(report.ucs)) {
      const listed = await all<Statement>(`/v1/ucs/${ucId}/statements`, 2);
      expect(listed.map((s) => s.cycle)).toEqual(Object.keys(uc.cycles).sort());
      for (const s of listed) {
        const c = uc.cycles[s.cycle];
        const pick = (x: Statement) => ({
          readingDate: x.readingDate,
          consumed: x.consumed,
          injected: x.injected,
          billed: x.billed,
          compensatedKwh: x.compensatedKwh,
          excedenteKwh: x.excedenteKwh,
          expiredKwh: x.expiredKwh,
          lines: x.lines.map(({ posto, kwh: k, sourceUcId, sourcePosto, sourceKwh, vintage, gdClass, label }) => ({
            posto,
            kwh: k,
            sourceUcId,
            sourcePosto,
            sourceKwh,
            vintage,
            gdClass,
            label,
          })),
        });
        const { allocations: _allocations, invoice: _invoice, ...figures } = c;
        expect({ ucId, cycle: s.cycle, ...pick(s) }).toEqual({ ucId, cycle: s.cycle, ...figures });
        // The single statement is the same document as the list's item.
        expect(await ok(`/v1/ucs/${ucId}/statements/${s.cycle}`)).toEqual(s);
      }
    }
  });

  it('GET /v1/ucs/{ucId}/balance: now, as of a date (replay), and over time', async () => {
    for (const [ucId, uc] of Object.entries(report.ucs)) {
      const now = await ok<{ totalKwh: string; source: string; asOf: string }>(`/v1/ucs/${ucId}/balance`);
      expect({ ucId, totalKwh: now.totalKwh, source: now.source, asOf: now.asOf }).toEqual({
        ucId,
        totalKwh: uc.balance.totalKwh,
        source: 'read-model',
        asOf: TODAY,
      });
      const later = await ok<{ totalKwh: string; source: string }>(`/v1/ucs/${ucId}/balance?asOf=2199-12-31`);
      expect({ ucId, totalKwh: later.totalKwh, source: later.source }).toEqual({
        ucId,
        totalKwh: uc.balance.totalKwh,
        source: 'replay',
      });
      const before = await ok<{ totalKwh: string }>(`/v1/ucs/${ucId}/balance?asOf=2000-01-01`);
      expect(before.totalKwh).toBe('0.000');
      const history = await ok<{ points: { date: string; totalKwh: string }[] }>(`/v1/ucs/${ucId}/balance/history`);
      expect(history.points.at(-1)?.totalKwh).toBe(uc.balance.totalKwh);
      // Each point is the replayed balance at the end of its date.
      for (const point of history.points.slice(-3)) {
        const asOf = await ok<{ totalKwh: string }>(`/v1/ucs/${ucId}/balance?asOf=${point.date}`);
        expect({ ucId, date: point.date, totalKwh: asOf.totalKwh }).toEqual({ ucId, ...point });
      }
    }
    // 1001 after its March reading: the 2025-02 and 2025-03 vintages (examples/01).
    const march = await ok<{ totalKwh: string; vintages: { vintage: string; kwh: string }[] }>(
      '/v1/ucs/1001/balance?asOf=2025-03-20',
    );
    expect(march.vintages.map((v) => [v.vintage, v.kwh])).toEqual([
      ['2025-02-20', '150.000'],
      ['2025-03-20', '280.000'],
    ]);
    const february = await ok<{ totalKwh: string }>('/v1/ucs/1001/balance?asOf=2025-03-19');
    expect(february.totalKwh).toBe('150.000');
  });

  it('GET /v1/titulares/{document}/credits: its UCs and the credits held for it', async () => {
    const ucsByKey = new Map<string, string[]>();
    const documentOf = new Map<string, string>();
    for (const [ucId, uc] of Object.entries(report.ucs)) {
      const key = keyOf(uc.titular);
      ucsByKey.set(key, [...(ucsByKey.get(key) ?? []), ucId]);
      documentOf.set(key, uc.titular);
    }
    for (const [key, ucIds] of ucsByKey) {
      const document = documentOf.get(key)!;
      const first = await ok<{ ucCount: number; creditsKwh: string; heldKwh: string; titularKey: string }>(
        `/v1/titulares/${document}/credits?limit=1`,
      );
      const ucs = await all<{ ucId: string; creditsKwh: string }>(`/v1/titulares/${document}/credits`, 3);
      expect({ key, ucs: ucs.map((u) => u.ucId).sort() }).toEqual({ key, ucs: [...ucIds].sort() });
      for (const u of ucs) expect(u.creditsKwh).toBe(report.ucs[u.ucId].balance.totalKwh);
      const credits = ucIds.reduce((sum, id) => sum + wh(report.ucs[id].balance.totalKwh), 0n);
      expect({ key, ucCount: first.ucCount, creditsKwh: first.creditsKwh, titularKey: first.titularKey }).toEqual({
        key,
        ucCount: ucIds.length,
        creditsKwh: kwh(credits),
        titularKey: key,
      });
      expect(first.heldKwh).toBe(report.titulares[key]?.heldKwh ?? '0.000');
    }
    for (const [key, t] of Object.entries(report.titulares)) {
      const view = await ok<{
        heldKwh: string;
        holdings: {
          held: { fromUcId: string; vintage: string; kwh: string; expiresOn: string }[];
          windows: { fromUcId: string; deadline: string; status: string }[];
        }[];
      }>(`/v1/titulares/${documentOf.get(key) ?? key}/credits`);
      expect(view.heldKwh).toBe(t.heldKwh);
      const held = view.holdings.flatMap((h) =>
        h.held.map((l) => ({ sourceUcId: l.fromUcId, vintage: l.vintage, kwh: l.kwh, expiresOn: l.expiresOn })),
      );
      expect(held).toEqual(t.held);
      const open = view.holdings.flatMap((h) =>
        h.windows.filter((w) => w.status === 'open').map((w) => ({ sourceUcId: w.fromUcId, deadline: w.deadline })),
      );
      expect(open).toEqual(t.pendingReallocations);
    }
    // A CNPJ stands for its root: a filial's document finds the matriz's UCs too (examples/09).
    const filial = await ok<{ titularKey: string; ucCount: number }>('/v1/titulares/33.000.167%2F0003-73/credits');
    expect(filial).toMatchObject({ titularKey: '33000167', ucCount: ucsByKey.get('33000167')!.length });
  });

  it("GET /v1/generators/{ucId}/flows: where each cycle's excedente went", async () => {
    let generators = 0;
    for (const [ucId, uc] of Object.entries(report.ucs)) {
      const flows = await all<{
        cycle: string;
        rateioMode: string | null;
        retainedKwh: string;
        byTarget: { ucId: string; kwh: string }[];
      }>(`/v1/generators/${ucId}/flows`, 1);
      if (flows.length > 0) generators += 1;
      for (const [cycle, c] of Object.entries(uc.cycles)) {
        const flow = flows.find((f) => f.cycle === cycle);
        // The report counts the generator's retained share as an allocation to itself when a rateio was in force.
        const targets = new Map((flow?.byTarget ?? []).map((t) => [t.ucId, wh(t.kwh)]));
        if (flow?.rateioMode && flow.retainedKwh !== '0.000')
          targets.set(ucId, (targets.get(ucId) ?? 0n) + wh(flow.retainedKwh));
        const got = Object.fromEntries([...targets].map(([id, v]) => [id, kwh(v)]));
        expect({ ucId, cycle, allocations: got }).toEqual({
          ucId,
          cycle,
          allocations: Object.fromEntries(c.allocations.map((a) => [a.ucId, a.kwh])),
        });
        if (flow) {
          const one = await ok<Page<{ cycle: string }>>(`/v1/generators/${ucId}/flows?cycle=${cycle}`);
          expect(one.items).toEqual([flow]);
        }
      }
    }
    expect(generators).toBeGreaterThanOrEqual(5);
  });

  it('GET /v1/reallocations/pending: the open windows with their days left', async () => {
    const pending = await ok<{
      today: string;
      items: { titularKey: string; fromUcId: string; deadline: string; daysLeft: number; heldKwh: string }[];
    }>('/v1/reallocations/pending');
    const expected = Object.entries(report.titulares).flatMap(([key, t]) =>
      t.pendingReallocations.map((p) => ({ titularKey: key, fromUcId: p.sourceUcId, deadline: p.deadline })),
    );
    expect(pending.items.map(({ titularKey, fromUcId, deadline }) => ({ titularKey, fromUcId, deadline }))).toEqual(
      expected,
    );
    expect(pending.items).toEqual([
      expect.objectContaining({ daysLeft: 21, heldKwh: report.titulares['52998224725'].heldKwh }),
    ]);
    expect(pending.today).toBe(TODAY);
  });

  /** Every lot of every UC balance in the report, with its expiry. */
  const lots = () =>
    Object.entries(report.ucs).flatMap(([ucId, uc]) => uc.balance.vintages.map((v) => ({ ucId, ...v })));

  it('GET /v1/credits/expiring: per UC and month, within the window', async () => {
    for (const withinDays of [90, 1900, 3660]) {
      const until = addDays(TODAY, withinDays);
      const items = await all<{ ucId: string; month: string; kwh: string }>(
        `/v1/credits/expiring?withinDays=${withinDays}`,
        5,
      );
      const expected = new Map<string, bigint>();
      for (const lot of lots().filter((l) => l.expiresOn <= until)) {
        const k = `${lot.expiresOn.slice(0, 7)} ${lot.ucId}`;
        expected.set(k, (expected.get(k) ?? 0n) + wh(lot.kwh));
      }
      const got = Object.fromEntries(items.map((i) => [`${i.month} ${i.ucId}`, i.kwh]));
      expect({ withinDays, got }).toEqual({
        withinDays,
        got: Object.fromEntries([...expected].map(([k, v]) => [k, kwh(v)])),
      });
    }
    const first = await ok<{ withinDays: number; until: string; today: string }>('/v1/credits/expiring');
    expect(first).toMatchObject({ withinDays: 90, today: TODAY, until: addDays(TODAY, 90) });
  });

  it('GET /v1/portfolio and /v1/portfolio/...: totals, expiry calendar, credits over time', async () => {
    const ucs = Object.values(report.ucs);
    const credits = ucs.reduce((sum, uc) => sum + wh(uc.balance.totalKwh), 0n);
    const held = Object.values(report.titulares).reduce((sum, t) => sum + wh(t.heldKwh), 0n);
    const portfolio = await ok<{
      today: string;
      totals: Record<string, unknown>;
      distribuidoras: { distribuidora: string; ucs: number }[];
    }>('/v1/portfolio');
    expect(portfolio.totals).toMatchObject({
      ucs: ucs.length,
      activeUcs: ucs.filter((u) => u.status === 'active').length,
      creditsOutstandingKwh: kwh(credits),
      heldForTitularesKwh: kwh(held),
      pendingReallocations: 1,
    });
    expect(portfolio.distribuidoras.map((d) => [d.distribuidora, d.ucs])).toEqual([['copel', ucs.length]]);

    // 2025-04 to 2026-03: the credits of these scenarios expire in 2029–2030, so a far window checks the sums.
    const calendar = await ok<{ months: { month: string; kwh: string }[] }>('/v1/portfolio/expiring-by-month');
    expect(calendar.months.map((m) => m.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `${i < 9 ? 2025 : 2026}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`),
    );
    const wide = await ok<{ months: { month: string; kwh: string }[] }>('/v1/portfolio/expiring-by-month?months=120');
    const perMonth = new Map<string, bigint>();
    for (const lot of lots()) {
      const month = lot.expiresOn.slice(0, 7) < '2025-04' ? '2025-04' : lot.expiresOn.slice(0, 7);
      perMonth.set(month, (perMonth.get(month) ?? 0n) + wh(lot.kwh));
    }
    expect(Object.fromEntries(wide.months.filter((m) => m.kwh !== '0.000').map((m) => [m.month, m.kwh]))).toEqual(
      Object.fromEntries([...perMonth].sort().map(([m, v]) => [m, kwh(v)])),
    );

    const history = await ok<{ points: { month: string; creditsKwh: string; heldKwh: string }[] }>(
      '/v1/portfolio/credits-history',
    );
    expect(history.points.at(-1)).toEqual({ month: '2025-04', creditsKwh: kwh(credits), heldKwh: kwh(held) });
    expect(history.points[0].month).toBe('2019-01');
    // Examples/05: 5001's 2020 credits were there at the end of 2024, and examples/01's were not yet.
    const end2024 = history.points.find((p) => p.month === '2024-12')!;
    expect(wh(end2024.creditsKwh)).toBeGreaterThan(0n);
  });

  it('lists page with cursor and limit, and say how far behind the head they are', async () => {
    const first = await get<Page<{ cycle: string }>>('/v1/ucs/1001/statements?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items.map((s) => s.cycle)).toEqual(['2025-02']);
    expect(first.headers.get('x-projection-lag')).toBe('0');
    const second = await ok<Page<{ cycle: string }>>(`/v1/ucs/1001/statements?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.items.map((s) => s.cycle)).toEqual(['2025-03']);
    expect(second.nextCursor).toBeNull();
    const whole = await ok<Page<unknown>>('/v1/ucs/1001/statements?limit=500');
    expect(whole.items).toHaveLength(2);
  });

  it('both roles read; no key or an unknown key is 401', async () => {
    expect((await get('/v1/portfolio', AUDITOR_KEY)).status).toBe(200);
    expect((await problem('/v1/portfolio', 401, null)).status).toBe(401);
    await problem('/v1/ucs/1001', 401, 'not-a-key');
  });

  it('an unknown UC, titular or cycle is 404 problem+json', async () => {
    expect(await problem('/v1/ucs/999999', 404)).toMatchObject({
      type: 'urn:compensa:problem:unknown-uc',
      title: 'UC desconhecida',
      detail: 'A UC 999999 não está cadastrada (ou as consultas ainda não foram atualizadas).',
      ucId: '999999',
    });
    for (const path of [
      '/v1/ucs/999999/statements',
      '/v1/ucs/999999/balance',
      '/v1/ucs/999999/balance?asOf=2025-01-01',
      '/v1/ucs/999999/balance/history',
      '/v1/generators/999999/flows',
    ]) {
      expect(await problem(path, 404)).toMatchObject({ type: 'urn:compensa:problem:unknown-uc' });
    }
    expect(await problem('/v1/ucs/1001/statements/2024-01', 404)).toMatchObject({
      type: 'urn:compensa:problem:not-found',
      title: 'Não encontrado',
      detail: 'A UC 1001 não tem extrato no ciclo 2024-01.',
    });
    // A valid CPF that no UC and no held credit names.
    expect(await problem('/v1/titulares/171.097.224-65/credits', 404)).toMatchObject({
      type: 'urn:compensa:problem:unknown-titular',
      title: 'Titular desconhecido',
      detail: expect.stringMatching(/^Nenhuma UC e nenhum crédito mantido pertencem ao titular /) as unknown,
    });
  });

  it.each([
    ['/v1/ucs/12a', 'ucId'],
    ['/v1/ucs/1001/statements?limit=0', 'limit'],
    ['/v1/ucs/1001/statements?limit=501', 'limit'],
    ['/v1/ucs/1001/statements?limit=ten', 'limit'],
    ['/v1/ucs/1001/statements?cursor=%21%21', 'cursor'],
    [`/v1/ucs/1001/statements?cursor=${Buffer.from('{}').toString('base64url')}`, 'cursor'],
    ['/v1/ucs/1001/statements/2025-13', 'cycle'],
    ['/v1/ucs/1001/balance?asOf=2025-02-30', 'date'],
    ['/v1/ucs/1001/balance?asOf=yesterday', 'asOf'],
    ['/v1/ucs/1001/balance?at=2025-01-01', 'at'],
    ['/v1/titulares/529.982.247-24/credits', 'document'],
    ['/v1/titulares/abc/credits', 'document'],
    ['/v1/generators/1001/flows?cycle=2025-3', 'cycle'],
    ['/v1/reallocations/pending?status=moved', 'status'],
    [`/v1/reallocations/pending?cursor=${Buffer.from('["x"]').toString('base64url')}`, 'cursor'],
    ['/v1/credits/expiring?withinDays=-1', 'withinDays'],
    ['/v1/credits/expiring?withinDays=3661', 'withinDays'],
    ['/v1/portfolio/expiring-by-month?months=0', 'months'],
  ])('%s is 422 on %s', async (path, field) => {
    const body = await problem(path, 422);
    expect(body.title).toBe('Dados inválidos');
    const errors = body.errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field)).toContain(field);
    // Every message in pt-BR: class-validator's defaults translated, the DTOs' own written so.
    for (const { message } of errors) expect(message).not.toMatch(/\b(must|should|not)\b/);
  });
});
