/**
 * The dashboard in a real browser: Playwright (playwright-core) driving Debian's Chromium against the app started on
 * the embedded store with the demo portfolio (`npm run demo`'s). Each view loads and shows the numbers the query
 * API gives; search finds a UC and a titular; a refused key goes back to sign-in; nothing is fetched from another
 * origin (the page works offline). Screenshots of each view go to test-artifacts/.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, SettableClock, silentLogger } from '@compensa/application';
import type { ProjectionRunner } from '@compensa/projections';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import {
  formatCount,
  formatDate,
  formatKwh,
  formatKwhNumber,
  formatMonth,
  formatReais,
} from '../../apps/dashboard/src/format/pt-br';
import { refusalReasonText, refusedByText, stallText } from '../../apps/dashboard/src/views/import-words';
import { loadDemoPortfolio } from '../../apps/demo/src/demo-portfolio';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const OPERATOR_KEY = 'operator-key-for-the-dashboard-browser-test';
const AUDITOR_KEY = 'auditor-key-for-the-dashboard-browser-test';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

jest.setTimeout(60_000);

describe('dashboard in Chromium (browser)', () => {
  let dataDir: string;
  let profileDir: string;
  let app: NestExpressApplication;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  const foreignRequests: string[] = [];

  /** The query API's answer, as the page gets it. */
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${OPERATOR_KEY}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const text = (testId: string) => page.getByTestId(testId).first().innerText();
  const texts = (testId: string) => page.getByTestId(testId).allInnerTexts();
  const screenshot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
  /** Waits for every chart of the view to be drawn, its animation finished (locators pierce shadow roots). */
  const chartsDrawn = async () => {
    await page.locator('e-chart').first().waitFor();
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(100)) {
      const [charts, drawn] = await Promise.all([
        page.locator('e-chart').count(),
        page.locator('e-chart[data-rendered]').count(),
      ]);
      if (charts > 0 && drawn === charts) return;
    }
    throw new Error('charts not drawn within 10 s');
  };
  const signIn = async (key: string) => {
    await page.getByTestId('api-key').fill(key);
    await page.getByTestId('sign-in-submit').click();
  };
  const search = async (query: string) => {
    await page.getByTestId('search').fill(query);
    await page.getByTestId('search-submit').click();
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    if (!existsSync(join(ROOT, 'dist', 'dashboard', 'index.html'))) {
      // `npm run build` (run by `npm ci` through prepare) builds it; a bare checkout builds it here.
      const built = spawnSync(
        join(ROOT, 'node_modules', '.bin', 'vite'),
        ['build', '--config', 'apps/dashboard/vite.config.mts'],
        { cwd: ROOT, encoding: 'utf8' },
      );
      if (built.status !== 0) throw new Error(`vite build failed: ${built.stderr}`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-dashboard-'));
    profileDir = mkdtempSync(join(tmpdir(), 'compensa-chromium-'));
    const demo = await loadDemoPortfolio(dataDir, silentLogger);
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator,${AUDITOR_KEY}:auditor`,
    });
    app = await createApp(config, { clock: new SettableClock(demo.today), logDestination: { write: () => undefined } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await app.get(Platform).waitForIdle();
    await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();

    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1360, height: 900 },
      locale: 'pt-BR',
    });
    page = context.pages()[0] ?? (await context.newPage());
    context.on('request', (request) => {
      const target = new URL(request.url());
      if (!['blob:', 'data:'].includes(target.protocol) && target.origin !== url) foreignRequests.push(request.url());
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    for (const dir of [dataDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a key, refuses a wrong one, and opens the Carteira with the API figures', async () => {
    await page.goto(`${url}/`);
    await page.getByTestId('sign-in').waitFor();
    await signIn('not-a-valid-key');
    expect(await text('sign-in-error')).toBe('Chave inválida.');
    await screenshot('sign-in');
    await signIn(OPERATOR_KEY);
    await page.getByTestId('credits').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('compensa.apiKey'))).toBe(OPERATOR_KEY);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    const portfolio = await api<{ today: string; totals: Record<string, string & number> }>('/v1/portfolio');
    const t = portfolio.totals;
    expect({
      today: await text('today'),
      ucs: await text('ucs'),
      generators: await text('generators'),
      credits: await text('credits'),
      expiring: await text('expiring-90'),
      held: await text('held'),
      pending: await text('pending-count'),
      parked: await text('parked-count'),
    }).toEqual({
      today: formatDate(portfolio.today),
      ucs: formatCount(t.ucs),
      generators: formatCount(t.generators),
      credits: formatKwh(t.creditsOutstandingKwh),
      expiring: formatKwh(t.expiringWithin90DaysKwh),
      held: formatKwh(t.heldForTitularesKwh),
      pending: formatCount(t.pendingReallocations),
      parked: '0', // the demo portfolio's deliveries all went through (Eventos parados: 0, from /health)
    });
    // pt-BR: thousands with dots, the decimals that matter after a comma (none on whole kWh).
    expect(await text('credits')).toMatch(/^\d{1,3}(\.\d{3})*(,\d{0,2}[1-9])? kWh$/);

    const calendar = await api<{ months: { month: string; kwh: string }[] }>(
      '/v1/portfolio/expiring-by-month?months=12',
    );
    const cells = await page.getByTestId('expiring-table').locator('td').allInnerTexts();
    expect(cells).toEqual(calendar.months.map((m) => formatKwhNumber(m.kwh)));
    expect(calendar.months.some((m) => m.kwh !== '0.000')).toBe(true);

    const pending = await api<{ items: { deadline: string; daysLeft: number; heldKwh: string }[] }>(
      '/v1/reallocations/pending',
    );
    expect(pending.items).toHaveLength(1);
    expect(await texts('pending-days')).toEqual(pending.items.map((p) => `${p.daysLeft} dias`));
    expect(await texts('pending-deadline')).toEqual(pending.items.map((p) => formatDate(p.deadline)));
    expect(await texts('pending-kwh')).toEqual(pending.items.map((p) => formatKwh(p.heldKwh)));
    await chartsDrawn();
    await screenshot('carteira');
  });

  it('search finds a UC; the UC view shows its balance, vintages and statements with their invoice labels', async () => {
    await search('1001');
    await page.waitForURL(/#\/uc\/1001$/);
    await page.getByTestId('uc-balance').waitFor();
    const uc = await api<{ balance: { totalKwh: string; vintages: unknown[] } }>('/v1/ucs/1001');
    const statements = await api<{ items: { cycle: string; compensatedKwh: string; lines: { label: string }[] }[] }>(
      '/v1/ucs/1001/statements',
    );
    expect(await text('uc-balance')).toBe(formatKwh(uc.balance.totalKwh));
    expect(await page.getByTestId('vintage-row').count()).toBe(uc.balance.vintages.length);
    // Newest cycle first, each with its figures and its invoice labels.
    const newestFirst = [...statements.items].reverse();
    expect(
      await page.getByTestId('statement').evaluateAll((els) => els.map((e) => e.getAttribute('data-cycle'))),
    ).toEqual(newestFirst.map((s) => s.cycle));
    expect(await texts('compensated')).toEqual(newestFirst.map((s) => formatKwh(s.compensatedKwh)));
    expect(await texts('invoice-label')).toEqual(newestFirst.flatMap((s) => s.lines.map((l) => l.label)));
    // The audit trail is an auditor's: an operator is not offered a link that can only refuse.
    expect(await page.getByTestId('audit-link').count()).toBe(0);
    await chartsDrawn();
    await screenshot('uc');
  });

  it('the Gerador view draws where the excedente went, with the API figures', async () => {
    await page.getByTestId('to-generator').click();
    await page.waitForURL(/#\/gerador\/1001$/);
    await page.getByTestId('flows-table').waitFor();
    const flows = await api<{
      items: { cycle: string; excedenteKwh: string; allocatedKwh: string; retainedKwh: string }[];
    }>('/v1/generators/1001/flows');
    const newest = [...flows.items].reverse(); // newest cycle first
    expect(await texts('flow-excedente')).toEqual(newest.map((f) => formatKwhNumber(f.excedenteKwh)));
    expect(await texts('flow-allocated')).toEqual(newest.map((f) => formatKwhNumber(f.allocatedKwh)));
    expect(await texts('flow-retained')).toEqual(newest.map((f) => formatKwhNumber(f.retainedKwh)));
    await chartsDrawn();
    // The Sankey names each cycle and each beneficiary.
    const labels = await page
      .getByTestId('sankey')
      .evaluate((chart) => chart.shadowRoot!.querySelector('svg')!.textContent);
    expect(labels).toContain(`Ciclo ${formatMonth(flows.items[0].cycle)}`);
    expect(labels).toContain('UC 1002');
    await screenshot('gerador');
  });

  it('search finds a titular by CPF; the Titular view lists its UCs and the credits held for it', async () => {
    await search('529.982.247-25');
    await page.waitForURL(/#\/titular\/52998224725$/);
    await page.getByTestId('titular-credits').waitFor();
    const titular = await api<{
      ucCount: number;
      creditsKwh: string;
      heldKwh: string;
      items: { ucId: string; creditsKwh: string }[];
    }>('/v1/titulares/52998224725/credits?limit=500');
    expect({
      name: await text('titular-name'),
      ucs: await text('titular-ucs'),
      credits: await text('titular-credits'),
      held: await text('titular-held'),
    }).toEqual({
      name: 'Ana Souza',
      ucs: formatCount(titular.ucCount),
      credits: formatKwh(titular.creditsKwh),
      held: formatKwh(titular.heldKwh),
    });
    expect(
      await page.getByTestId('titular-uc').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-uc'))),
    ).toEqual(titular.items.map((u) => u.ucId));
    expect(await texts('titular-uc-credits')).toEqual(titular.items.map((u) => formatKwh(u.creditsKwh)));
    expect(await page.getByTestId('held-table').count()).toBe(1);
    await screenshot('titular');

    // A CNPJ with its punctuation finds the matriz and its filiais.
    await search('33.000.167/0001-01');
    await page.waitForURL(/#\/titular\/33000167000101$/);
    await page.getByTestId('titular-uc').first().waitFor();
    expect(await page.getByTestId('titular-uc').count()).toBeGreaterThan(1);

    await search('424242');
    expect(await text('search-error')).toContain('Nada encontrado');
  });

  it('R20: a 30-day window a retificação closed stays on the Titular view, closed, naming the correction; the re-billed invoices say so (example 20)', async () => {
    await search('827.440.196-40');
    await page.waitForURL(/#\/titular\/82744019640$/);
    await page.getByTestId('windows-table').waitFor();
    const credits = await api<{
      holdings: { windows: { fromUcId: string; status: string; closedBy: string | null }[] }[];
    }>('/v1/titulares/82744019640/credits');
    const [window] = credits.holdings.flatMap((h) => h.windows);
    expect(window).toMatchObject({
      fromUcId: '21001',
      status: 'closed',
      closedBy: expect.stringMatching(/^retif-21001-/),
    });
    expect(await texts('window-status')).toEqual([`encerrada por retificação\n${window.closedBy}`]);
    expect(await text('titular-held')).toBe(formatKwh('0'));
    await screenshot('titular-prazo-encerrado');

    // The UC the indication gave the credits to: its April and May invoices say they were re-billed, and what they
    // replaced, as the invoices API gives them.
    await page.goto(`${url}/#/uc/21002`);
    await page.getByTestId('invoice-row').first().waitFor();
    const invoices = await api<{
      items: { cycle: string; rebilled: { correctionId: string; date: string; previousTotal: string } | null }[];
    }>('/v1/ucs/21002/invoices');
    const rebilled = invoices.items.filter((i) => i.rebilled !== null).reverse();
    expect(rebilled.map((i) => i.cycle)).toEqual(['2026-05', '2026-04']);
    expect(await texts('invoice-rebilled')).toEqual(
      rebilled.map((i) => `refaturada em ${formatDate(i.rebilled!.date)}`),
    );
    expect(await texts('invoice-previous-total')).toEqual(
      rebilled.map((i) => `antes ${formatReais(i.rebilled!.previousTotal)}`),
    );
    await screenshot('uc-refaturada');

    // Its link opens the correction's report: each re-billed cycle with what to charge or refund, as the API says.
    await page.getByTestId('invoice-rebilled').last().getByRole('link').click();
    const id = rebilled[rebilled.length - 1].rebilled!.correctionId;
    await page.waitForURL(new RegExp(`#/retificacao/${id}$`));
    await page.getByTestId('correction-cycle').first().waitFor();
    const report = await api<{
      cycles: { ucId: string; cycle: string; action: string; difference: string | null }[];
      totalDifference: string;
    }>(`/v1/corrections/${id}`);
    expect(await text('correction-id')).toBe(id);
    expect(await texts('correction-action')).toEqual(
      report.cycles.map(
        (c) => `${c.action === 'refund' ? 'devolver' : 'cobrar'} ${formatReais(c.difference!.replace('-', ''))}`,
      ),
    );
    expect(await text('correction-total')).toBe(`Total: cobrar ${formatReais(report.totalDifference)}`);
    await screenshot('retificacao');
    // The search box finds a correction by its id.
    await page.goto(`${url}/#/carteira`);
    await search(id);
    await page.waitForURL(new RegExp(`#/retificacao/${id}$`));
    await page.getByTestId('correction-cycle').first().waitFor();
    // The corrected UC's page lists its retificações, each linking to its report; a UC with none shows no such card.
    await page.goto(`${url}/#/uc/21001`);
    await page.getByTestId('uc-correction').first().waitFor();
    const own = await api<{ items: { id: string; totalDifference: string }[] }>('/v1/ucs/21001/corrections');
    expect(own.items.map((r) => r.id)).toEqual([id]);
    expect(await texts('uc-correction-total')).toEqual([`cobrar ${formatReais(report.totalDifference)}`]);
    await page.getByTestId('uc-correction').getByRole('link').click();
    await page.waitForURL(new RegExp(`#/retificacao/${id}$`));
    const answered = page.waitForResponse((r) => r.url().endsWith('/v1/ucs/21002/corrections'));
    await page.goto(`${url}/#/uc/21002`);
    expect((await (await answered).json()) as unknown).toEqual({ ucId: '21002', items: [] });
    await page.getByTestId('invoice-row').first().waitFor();
    expect(await page.getByTestId('uc-corrections').count()).toBe(0);
    // An id no correction has says so, in pt-BR.
    await page.goto(`${url}/#/retificacao/retif-21002-2026-04-000000000000`);
    expect(await text('not-found')).toBe('Não existe a retificação retif-21002-2026-04-000000000000.');
  });

  it('Retificações lists every correction, newest first, with what each re-billed as GET /v1/corrections says; it filters by date and opens a report', async () => {
    type Entry = {
      id: string;
      ucId: string;
      date: string;
      rebilledUcs: number;
      rebilledCycles: number;
      totalDifference: string;
    };
    const shown = page.waitForResponse((r) => /\/v1\/corrections\?/.test(r.url()));
    await page.getByTestId('nav-corrections').click();
    await page.waitForURL(/#\/retificacoes$/);
    await shown;
    await page.getByTestId('correction-row').first().waitFor();
    const all = await api<{ items: Entry[]; nextCursor: string | null }>('/v1/corrections?limit=100');
    expect(all.items.length).toBeGreaterThan(5);
    expect(all.items.length).toBeLessThanOrEqual(20);
    const rows = await page
      .getByTestId('correction-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
    const rebilled = (e: Entry) =>
      e.rebilledCycles === 0
        ? 'nenhuma fatura muda'
        : `${e.rebilledUcs} ${e.rebilledUcs === 1 ? 'UC' : 'UCs'}, ${e.rebilledCycles} ${e.rebilledCycles === 1 ? 'fatura' : 'faturas'}`;
    const total = (d: string) =>
      d.startsWith('-')
        ? `devolver ${formatReais(d.slice(1))}`
        : /[1-9]/.test(d)
          ? `cobrar ${formatReais(d)}`
          : 'sem diferença em R$';
    expect(rows.map((r) => r.slice(0, 5))).toEqual(
      all.items.map((e) => [formatDate(e.date), e.ucId, expect.any(String), rebilled(e), total(e.totalDifference)]),
    );
    await screenshot('retificacoes');
    // A period: only the corrections dated in it (examples 19 and 21 are in June 2026).
    const june = all.items.filter((e) => e.date >= '2026-06-01' && e.date <= '2026-06-30');
    expect(june.length).toBeGreaterThan(0);
    expect(june.length).toBeLessThan(all.items.length);
    await page.getByTestId('corrections-from').fill('01/06/2026');
    await page.getByTestId('corrections-to').fill('30/06/2026');
    const filtered = page.waitForResponse((r) => r.url().includes('from=2026-06-01'));
    await page.getByTestId('corrections-apply').click();
    await filtered;
    const rowsAre = (n: number) =>
      page.waitForFunction((count) => {
        const view = document.querySelector('compensa-app')?.shadowRoot?.querySelector('corrections-view');
        return view?.shadowRoot?.querySelectorAll('[data-testid="correction-row"]').length === count;
      }, n);
    await rowsAre(june.length);
    // The filter is the URL's: a reload (or a bookmark) shows the same list and fields, and Back the whole list.
    await page.waitForURL(/#\/retificacoes\?de=2026-06-01&ate=2026-06-30$/);
    await page.reload();
    await rowsAre(june.length);
    expect(await page.getByTestId('corrections-from').inputValue()).toBe('01/06/2026');
    expect(await page.getByTestId('corrections-to').inputValue()).toBe('30/06/2026');
    await page.goBack();
    await page.waitForURL(/#\/retificacoes$/);
    await rowsAre(all.items.length);
    expect(await page.getByTestId('corrections-from').inputValue()).toBe('');
    await page.goForward();
    await rowsAre(june.length);
    // A hand-edited URL whose date is not a day says what is wrong, as the typed field does.
    await page.goto(`${url}/#/retificacoes?de=2026-02-30`);
    expect(await text('corrections-error')).toBe(
      'De: escreva a data como dd/mm/aaaa (por exemplo 05/06/2026), ou deixe em branco.',
    );
    expect(await page.getByTestId('corrections-from').inputValue()).toBe('2026-02-30');
    expect(await page.getByTestId('correction-row').count()).toBe(0);
    // A distribuidora in the URL is the select's, and the list is the API's for it (example 14's Celesc has none).
    expect((await api<{ items: Entry[] }>('/v1/corrections?distribuidora=celesc')).items).toEqual([]);
    await page.goto(`${url}/#/retificacoes?distribuidora=celesc`);
    await page.getByTestId('corrections-empty').waitFor();
    expect(await page.getByTestId('corrections-distribuidora').inputValue()).toBe('celesc');
    await page.goBack();
    await page.goBack();
    await rowsAre(june.length);
    // A date that is not one says how to write it, and the list stays as it was.
    await page.getByTestId('corrections-from').fill('31/06/2026');
    await page.getByTestId('corrections-apply').click();
    expect(await text('corrections-error')).toBe(
      'De: escreva a data como dd/mm/aaaa (por exemplo 05/06/2026), ou deixe em branco.',
    );
    expect(await page.getByTestId('correction-row').count()).toBe(june.length);
    // A period that ends before it starts says so instead of an empty list with no reason.
    await page.getByTestId('corrections-from').fill('01/07/2026');
    await page.getByTestId('corrections-to').fill('01/06/2026');
    await page.getByTestId('corrections-apply').click();
    expect(await text('corrections-error')).toBe(
      'A data inicial é depois da final: nenhuma retificação cabe nesse período.',
    );
    // The first row's date opens its report.
    await page.getByTestId('corrections-from').fill('01/06/2026');
    await page.getByTestId('corrections-to').fill('30/06/2026');
    await page.getByTestId('corrections-apply').click();
    await page.getByTestId('correction-row').first().getByRole('link').first().click();
    await page.waitForURL(new RegExp(`#/retificacao/${june[0].id}$`));
    expect(await text('correction-id')).toBe(june[0].id);
    // A UC with no credits (20005, whose May the corrections re-billed twice) says so, with no empty chart under it;
    // its May invoice says it was re-billed twice and what it was first issued for.
    await page.goto(`${url}/#/uc/20005`);
    await page.getByTestId('invoice-row').first().waitFor();
    expect(await text('uc-balance')).toBe(formatKwh('0'));
    const balanceCard = page.locator('.card', { has: page.getByTestId('uc-balance') });
    expect(await balanceCard.locator('e-chart').count()).toBe(0);
    const may = await api<{ rebilled: { date: string; issuedTotal: string; times: number } }>(
      '/v1/ucs/20005/invoices/2026-05',
    );
    expect(may.rebilled.times).toBe(2);
    const mayRow = page.getByTestId('invoice-row').filter({ hasText: '05/2026' });
    expect(await mayRow.getByTestId('invoice-rebilled').innerText()).toBe(
      `refaturada em ${formatDate(may.rebilled.date)} (2ª vez)`,
    );
    expect(await mayRow.getByTestId('invoice-issued-total').innerText()).toBe(
      `emitida ${formatReais(may.rebilled.issuedTotal)}`,
    );
  });

  it('Importações: the clerk sends the July CSV, follows the job to its end with the API counts, and downloads its refusals', async () => {
    await page.goto(`${url}/#/importacoes`);
    await page.getByTestId('import-form').waitFor();
    // Another kind of file is refused before it is sent, saying what to do.
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'leituras.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('x') });
    await page.getByTestId('import-submit').click();
    expect(await text('import-error')).toBe(
      'O arquivo leituras.xlsx não é .csv nem .jsonl: exporte as leituras num desses formatos.',
    );
    await page.getByTestId('import-file').setInputFiles(join(ROOT, 'examples', 'leituras-2026-07.csv'));
    expect(await text('import-file-name')).toBe('leituras-2026-07.csv');
    await page.getByTestId('import-submit').click();
    expect(await text('import-sent')).toBe('leituras-2026-07.csv recebido (330 B): a importação começou.');
    // The job just posted heads the list (the last started first).
    const id = (await page.getByTestId('import-job').first().getAttribute('data-job'))!;
    const [latest] = (await api<{ jobs: { id: string }[] }>('/v1/imports?limit=1')).jobs;
    expect(id).toBe(latest!.id);
    const done = page.locator(`[data-job="${id}"][data-status="done"]`);
    await done.waitFor({ timeout: 20_000 });
    const job = await api<{
      progress: {
        readings: number;
        accepted: number;
        duplicates: number;
        refused: number;
        refusedBy: Record<string, number>;
      };
    }>(`/v1/imports/${id}`);
    const p = job.progress;
    expect(p).toMatchObject({ readings: 6, refused: 2 });
    expect(await done.getByTestId('import-status').innerText()).toBe('Concluída');
    expect(await done.getByTestId('import-counts').innerText()).toBe(
      `Leituras: ${formatCount(p.readings)}\tAceitas: ${formatCount(p.accepted)}\tDuplicadas: ${formatCount(p.duplicates)}\tRecusadas: ${formatCount(p.refused)}`.replace(
        /\t/g,
        '\n',
      ),
    );
    expect(await done.getByTestId('import-refused-by').innerText()).toBe(
      `Recusadas por: ${refusedByText(p.refusedBy)}`,
    );
    const download = page.waitForEvent('download');
    await done.getByTestId('import-errors').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`recusas-importacao-${id.slice(0, 8)}.csv`);
    const served = await fetch(`${url}/v1/imports/${id}/errors`, {
      headers: { Authorization: `Bearer ${OPERATOR_KEY}` },
    });
    expect(readFileSync((await file.path())!)).toEqual(Buffer.from(await served.arrayBuffer()));
    // The refused lines on the page: where, which UC and cycle, and why, as the API lists them.
    await done.getByTestId('import-show-refusals').click();
    const rows = done.getByTestId('import-refusal');
    await rows.first().waitFor();
    const listed = await api<{
      errors: { line: number; ucId: string; cycle: string; rule: string | null; status: number; detail: string }[];
    }>(`/v1/imports/${id}?errors=20`);
    expect(await rows.allInnerTexts()).toEqual(
      listed.errors.map((o) =>
        [formatCount(o.line), o.ucId, formatMonth(o.cycle), refusalReasonText(o.rule, o.status), o.detail].join('\t'),
      ),
    );
    expect(listed.errors.map((o) => o.line)).toEqual([7, 8]);
    await screenshot('importacoes');
    await done.getByTestId('import-show-refusals').click();
    expect(await rows.count()).toBe(0);

    // A job mid-run, as GET /v1/imports gives one: how much of the file is read, and the time left; and a job that
    // stopped, with the API's words for why.
    const shape = (await api<{ jobs: object[] }>('/v1/imports?limit=1')).jobs[0];
    const failure =
      'a importação parou 3 vezes junto com a API que a executava (a última, com 2500 leituras contadas): ela não é ' +
      'retomada de novo. Veja no registro da API por que ela parou e envie o arquivo de novo: as leituras já ' +
      'gravadas contam como duplicadas';
    const failed = { ...shape, id: 'failed-job', status: 'failed', failure };
    const running = {
      ...shape,
      id: 'running-job',
      status: 'running',
      receivedBytes: 4_000_000,
      readBytes: 1_600_000,
      etaSeconds: 65,
      finishedAt: null,
    };
    // A job whose API went silent 20 s ago (died, or stuck): the API gives no time left, and when it goes on.
    const silentSince = Date.now() - 20_000;
    const stalled = {
      ...running,
      id: 'stalled-job',
      readBytes: 1_000_000,
      etaSeconds: null,
      stalled: {
        lastSignalAt: new Date(silentSince).toISOString(),
        resumeBy: new Date(silentSince + 65_000).toISOString(),
      },
    };
    await page.route('**/v1/imports?limit=20', (route) =>
      route.fulfill({ json: { jobs: [running, stalled, failed] } }),
    );
    await page.goto(`${url}/#/carteira`);
    await page.goto(`${url}/#/importacoes`);
    const shown = page.locator('[data-job="running-job"]');
    await shown.waitFor();
    expect(await shown.getByTestId('import-status').innerText()).toBe('Em andamento');
    expect(await shown.getByTestId('import-how').innerText()).toBe('40% do arquivo lido · faltam cerca de 1 min 5 s');
    expect(await shown.locator('progress').evaluate((e: HTMLProgressElement) => [e.value, e.max])).toEqual([
      1_600_000, 4_000_000,
    ]);
    expect(await shown.getByTestId('import-stalled').count()).toBe(0);
    const still = page.locator('[data-job="stalled-job"]');
    expect(await still.getByTestId('import-status').innerText()).toBe('Aguardando retomada');
    expect(await still.getByTestId('import-how').innerText()).toBe('25% do arquivo lido');
    const stallWords = await still.getByTestId('import-stalled').innerText();
    expect(stallWords).toBe(stallText(stalled.stalled, Date.now()));
    expect(stallWords).toMatch(
      /^Sem sinal da API que executava esta importação desde \d\d:\d\d:\d\d\. Se ela não voltar, outra instância da API a retoma até \d\d:\d\d:\d\d, do ponto em que parou/,
    );
    const stopped = page.locator('[data-job="failed-job"]');
    expect(await stopped.getByTestId('import-status').innerText()).toBe('Interrompida');
    // The API's clause, as a sentence.
    expect(await stopped.getByTestId('import-failure').innerText()).toBe(`A${failure.slice(1)}.`);
    await screenshot('importacoes-andamento');
    await page.unroute('**/v1/imports?limit=20');
  });

  it('a key the API no longer accepts sends the user back to sign-in', async () => {
    await page.goto(`${url}/#/carteira`);
    await page.getByTestId('credits').waitFor();
    // The key of this tab stops being valid (revoked, or expired): the next request answers 401.
    await page.evaluate(() => sessionStorage.setItem('compensa.apiKey', 'an-expired-key'));
    await page.goto(`${url}/#/uc/1002`);
    await page.getByTestId('sign-in-message').waitFor();
    expect(await text('sign-in-message')).toContain('expirou');
    expect(await page.evaluate(() => sessionStorage.getItem('compensa.apiKey'))).toBeNull();
    await screenshot('expired-key');
    // Signing in again goes on from there.
    await signIn(AUDITOR_KEY);
    await page.getByTestId('credits').waitFor();
    // An auditor is offered the UC's audit trail.
    await page.goto(`${url}/#/uc/1001`);
    await page.getByTestId('audit-link').waitFor();
  });

  it('an auditor is not offered Importações, and the page says imports take an operator key', async () => {
    // Signed in as the auditor (the test before).
    await page.goto(`${url}/#/carteira`);
    await page.getByTestId('credits').waitFor();
    expect(await page.getByTestId('nav-imports').count()).toBe(0);
    await page.goto(`${url}/#/importacoes`);
    expect(await text('imports-forbidden')).toContain('As importações são feitas com uma chave de operador');
    expect(await page.getByTestId('import-form').count()).toBe(0);
  });

  it('loads nothing from another origin (works offline)', () => {
    expect(foreignRequests).toEqual([]);
  });
});
