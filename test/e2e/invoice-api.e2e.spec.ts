/**
 * The invoice endpoints end to end on SQLite read models: a store with real R$ (test/support/priced-invoice-scenario)
 * and an example whose tariff is missing are run through the command side, the app starts on them, and each invoice
 * answered is the one `compensa simulate` reports for that cycle (invoiceOfCycle on the recorded event). Then the
 * list by range and page, the printable demonstrativo SCEE (pt-BR, no script) and its PDF, a generator's SCEE charge
 * by year and the portfolio's money by month and class (both adding up to the invoices), and the problems: 401,
 * 404, 422.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, runSimulation, SettableClock, type SimulationReport } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { pdfText } from '../support/pdf-text';
import { PRICED_INVOICE_SCENARIO } from '../support/priced-invoice-scenario';

const OPERATOR_KEY = 'operator-key-for-the-invoice-api-e2e';
const AUDITOR_KEY = 'auditor-key-for-the-invoice-api-e2e';
const TODAY = '2025-06-20' as BusinessDate;
const EXAMPLE = join(__dirname, '..', '..', 'examples', '04-minimo-gd1.jsonl');
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

type Invoice = SimulationReport['ucs'][string]['cycles'][string]['invoice'] & Record<string, unknown>;
interface Totals {
  kwh: string;
  unpricedKwh: string;
  compensated: string;
  scceCharge: string;
  savings: string;
}

/** Exact sum of R$ amounts with 2 places ("12.30" + "0.05" → "12.35"). */
const sumReais = (xs: readonly (string | null)[]) => {
  const cents = xs.reduce((a, x) => a + BigInt((x ?? '0.00').replace('.', '')), 0n);
  return `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents)
    .toString()
    .padStart(3, '0')
    .replace(/(\d\d)$/, '.$1')}`;
};

let dataDir: string;
let report: SimulationReport;
let app: NestExpressApplication;
let url: string;

const get = (path: string, key: string | null = OPERATOR_KEY) =>
  fetch(`${url}${path}`, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });

async function ok<T>(path: string, key = OPERATOR_KEY): Promise<T> {
  const response = await get(path, key);
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  expect(response.headers.get('x-projection-lag')).toBe('0');
  return (await response.json()) as T;
}

async function problem(
  path: string,
  status: number,
  key: string | null = OPERATOR_KEY,
): Promise<Record<string, unknown>> {
  const response = await get(path, key);
  expect({ path, status: response.status }).toEqual({ path, status });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'compensa-invoices-e2e-'));
  await runSimulation(readFileSync(EXAMPLE, 'utf8').split('\n'), { dataDir });
  report = await runSimulation([...PRICED_INVOICE_SCENARIO], { dataDir });
  expect(report.rejected).toEqual([]);
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator,${AUDITOR_KEY}:auditor`,
  });
  app = await createApp(config, { clock: new SettableClock(TODAY), logDestination: { write: () => undefined } });
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  await app.get(Platform).waitForIdle();
  await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();
}, 60_000);

afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('invoice API (e2e, SQLite)', () => {
  it('R22–R28: GET /v1/ucs/{ucId}/invoices/{cycle} is the invoice the simulation derives from the recorded cycle', async () => {
    for (const [ucId, uc] of Object.entries(report.ucs)) {
      for (const [cycle, c] of Object.entries(uc.cycles)) {
        const body = await ok<Invoice>(`/v1/ucs/${ucId}/invoices/${cycle}`);
        const { ucId: u, cycle: k, distribuidora, readingDate, rebilled, ...invoice } = body;
        expect({ u, k, distribuidora, readingDate, rebilled }).toEqual({
          u: ucId,
          k: cycle,
          distribuidora: 'copel',
          readingDate: c.readingDate,
          rebilled: null,
        });
        expect(invoice).toEqual(c.invoice);
      }
    }
    const may = await ok<Invoice>('/v1/ucs/9001/invoices/2025-05');
    expect(may.status).toBe('priced');
    expect(may.lines.map((l) => l.label)).toEqual(
      expect.arrayContaining(['Consumo', 'Energia compensada GD II', 'Encargo SCEE (Fio B) GD II']),
    );
    // R28: the total is the sum of the rounded lines; the savings, what the cycle would cost without the SCEE less it.
    const cents = (x: string | null) => Math.round(Number(x) * 100);
    expect(may.lines.reduce((a, l) => a + cents(l.amount), 0)).toBe(cents(may.total));
    expect(cents(may.withoutScee) - cents(may.total)).toBe(cents(may.savings));
  });

  it('R10: a cycle without a published tariff answers its kWh lines, no R$, and says what is missing', async () => {
    const body = await ok<Invoice>('/v1/ucs/4001/invoices/2025-02');
    expect(body.status).toBe('tariff-missing');
    expect(body.total).toBeNull();
    expect(body.lines.length).toBeGreaterThan(0);
    expect(body.notes.join(' ')).toMatch(/Tarifa em R\$ não publicada/);
  });

  it('GET /v1/ucs/{ucId}/invoices: by range of cycles, oldest first, paged with cursor and limit', async () => {
    type Page = { items: Invoice[]; nextCursor: string | null };
    const all = await ok<Page>('/v1/ucs/9002/invoices');
    expect(all.items.map((i) => i.cycle)).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(all.items[1]).toEqual(await ok('/v1/ucs/9002/invoices/2025-05'));
    const first = await ok<Page>('/v1/ucs/9002/invoices?from=2025-05&to=2025-06&limit=1');
    expect(first.items.map((i) => i.cycle)).toEqual(['2025-05']);
    const second = await ok<Page>(`/v1/ucs/9002/invoices?from=2025-05&to=2025-06&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.cycle)).toEqual(['2025-06']);
    expect(second.nextCursor).toBeNull();
    expect((await ok<Page>('/v1/ucs/9002/invoices?to=2025-03')).items).toEqual([]);
  });

  it('?format=html: the printable demonstrativo SCEE in pt-BR, with the credits by vintage and no script', async () => {
    const response = await get('/v1/ucs/9001/invoices/2025-05?format=html', AUDITOR_KEY);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-projection-lag')).toBe('0');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await response.text();
    const may = report.ucs['9001'].cycles['2025-05'].invoice;
    const reais = (x: string) => `R$ ${x.replace('.', ',')}`;
    expect(html).toContain('Demonstrativo SCEE');
    expect(html).toContain('<html lang="pt-BR">');
    expect(html).toContain('Encargo SCEE (Fio B) GD&nbsp;II');
    expect(html).toContain(reais(may.total!));
    expect(html).toContain(reais(may.savings!));
    expect(html).toContain('Único'); // the posto, as people read it
    expect(html).toContain('12/05/2025'); // the reading date, dd/mm/aaaa
    expect(html).toMatch(/350 kWh/); // whole kWh without ",000"
    expect(html).toContain('Saldo de créditos em 20/06/2025');
    expect(html).toContain('A expirar até 20/12/2025');
    for (const note of may.notes) expect(html).toContain(note.replace(/&/g, '&amp;'));
    expect(html).not.toMatch(/<script|\son\w+=/i);
    // The missing tariff is said, not invented.
    const missing = await (await get('/v1/ucs/4001/invoices/2025-02?format=html')).text();
    expect(missing).toContain('Valores em R$ pendentes');
  });

  it('?format=pdf: the same demonstrativo as a PDF file named after the UC and cycle', async () => {
    const response = await get('/v1/ucs/9001/invoices/2025-05?format=pdf', AUDITOR_KEY);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="demonstrativo-9001-2025-05.pdf"');
    expect(response.headers.get('x-projection-lag')).toBe('0');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    // Kept to look at (test-artifacts/ is not committed).
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'demonstrativo-9001-2025-05.pdf'), pdf);
  });

  it('the PDF says what the printable page says: UC, cycle, lines, total, savings, credits by vintage, notes', async () => {
    // The renderer the endpoint uses, uncompressed so that its text can be read back; same view model as the page.
    const { renderDemonstrativoPdf } = await import('../../apps/api/src/queries/invoices/demonstrativo-pdf');
    const { invoiceOf, ucState } = await import('@compensa/projections');
    const { READ_MODELS } = await import('../../apps/api/src/read-models/read-models.tokens');
    const db = app.get<{ db: Parameters<typeof invoiceOf>[0] }>(READ_MODELS).db;
    const invoice = (await invoiceOf(db, '9001', '2025-05'))!;
    const uc = (await ucState(db, '9001'))!;
    const text = pdfText(
      await renderDemonstrativoPdf(
        { invoice, uc, today: TODAY, expiring: [uc.balance.vintages[0]], expiringUntil: '2025-12-20' },
        { compress: false },
      ),
    );
    const may = report.ucs['9001'].cycles['2025-05'].invoice;
    const reais = (x: string) => `R$ ${x.replace('.', ',')}`;
    expect(text).toContain('Demonstrativo SCEE');
    expect(text).toContain('9001');
    expect(text).toContain('Ana Souza');
    expect(text).toContain('05/2025'); // the cycle
    expect(text).toContain('12/05/2025'); // the reading date
    for (const line of may.lines) expect(text).toContain(line.label);
    expect(text).toContain('Encargo SCEE (Fio B) GD II');
    expect(text).toContain(reais(may.total!));
    expect(text).toContain(reais(may.savings!));
    expect(text).toContain('Único');
    expect(text).toContain('Saldo de créditos em 20/06/2025');
    // Each credit lot by vintage, with its kWh and expiry date.
    expect(uc.balance.vintages.length).toBe(3);
    for (const lot of uc.balance.vintages) {
      const [y, m, d] = lot.vintage.split('-');
      expect(text).toContain(`${d}/${m}/${y}`);
      expect(text).toContain(lot.expiresOn.split('-').reverse().join('/'));
    }
    expect(text).toContain('A expirar até 20/12/2025 (próximos 6 meses)');
    for (const note of may.notes) expect(text.replace(/\n/g, ' ')).toContain(note.split(' ').slice(0, 4).join(' '));
    // A missing tariff is said, not invented.
    const missing = Buffer.from(await (await get('/v1/ucs/4001/invoices/2025-02?format=pdf')).arrayBuffer());
    expect(missing.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('R23: GET /v1/generators/{ucId}/scce-charges is the SCEE charge its energy paid, by year, as the invoices say', async () => {
    const body = await ok<{
      ucId: string;
      years: (Totals & {
        year: string;
        byClass: (Totals & { gdClass: string })[];
        byUc: (Totals & { ucId: string })[];
      })[];
    }>('/v1/generators/9001/scce-charges');
    expect(body.ucId).toBe('9001');
    expect(body.years.map((y) => y.year)).toEqual(['2025']);
    const [year] = body.years;
    // 9001 is the only source of 9001 and 9002: the charge on its energy is all of their invoices' charge.
    const invoices = ['9001', '9002'].flatMap((u) => Object.values(report.ucs[u].cycles).map((c) => c.invoice));
    expect(year.scceCharge).toBe(sumReais(invoices.map((i) => i.scceCharge)));
    expect(year.savings).toBe(sumReais(invoices.map((i) => i.savings)));
    expect(Number(year.scceCharge)).toBeGreaterThan(0);
    expect(year.unpricedKwh).toBe('0.000');
    expect(year.byClass.map((c) => [c.gdClass, c.scceCharge])).toEqual([['GD_II', year.scceCharge]]);
    expect(year.byUc.map((u) => u.ucId)).toEqual(['9001', '9002']);
    expect(sumReais(year.byUc.map((u) => u.scceCharge))).toBe(year.scceCharge);
    // A generator without tariffs: kWh, no R$.
    const unpriced = await ok<{ years: Totals[] }>('/v1/generators/4001/scce-charges');
    for (const y of unpriced.years) expect([y.scceCharge, y.unpricedKwh]).toEqual(['0.00', y.kwh]);
  });

  it('R23, R28: GET /v1/portfolio/money-by-month: savings and SCEE charge per month and class, as the invoices say', async () => {
    type Month = Totals & { month: string; byClass: (Totals & { gdClass: string })[] };
    const body = await ok<{ months: Month[] }>(
      '/v1/portfolio/money-by-month?from=2025-04&to=2025-06&distribuidora=COPEL',
    );
    expect(body.months.map((m) => m.month)).toEqual(['2025-04', '2025-05', '2025-06']);
    for (const m of body.months) {
      const invoices = Object.values(report.ucs).flatMap((u) => (u.cycles[m.month] ? [u.cycles[m.month].invoice] : []));
      expect(m.scceCharge).toBe(sumReais(invoices.map((i) => i.scceCharge)));
      expect(m.savings).toBe(sumReais(invoices.map((i) => i.savings)));
      expect(m.byClass.map((c) => c.gdClass)).toEqual(['GD_II']);
    }
    const all = await ok<{ months: Month[] }>('/v1/portfolio/money-by-month');
    expect(all.months.length).toBeGreaterThan(3);
    expect((await ok<{ months: Month[] }>('/v1/portfolio/money-by-month?distribuidora=celesc')).months).toEqual([]);
  });

  it('the OpenAPI document describes both endpoints, JSON and HTML', async () => {
    const doc = (await (await get('/docs-json', null)).json()) as {
      paths: Record<
        string,
        { get?: { responses: Record<string, { content?: Record<string, unknown> }>; parameters?: { name: string }[] } }
      >;
    };
    const one = doc.paths['/v1/ucs/{ucId}/invoices/{cycle}'].get!;
    expect(Object.keys(one.responses['200'].content ?? {})).toEqual(
      expect.arrayContaining(['application/json', 'text/html', 'application/pdf']),
    );
    expect(one.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['ucId', 'cycle', 'format']));
    const list = doc.paths['/v1/ucs/{ucId}/invoices'].get!;
    expect(list.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'cursor', 'limit']));
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '422']));
  });

  it('both roles read; no key is 401; an unknown UC or a cycle without invoice is 404; bad parameters are 422', async () => {
    await ok('/v1/ucs/9001/invoices/2025-04', AUDITOR_KEY);
    await problem('/v1/ucs/9001/invoices/2025-04', 401, null);
    await problem('/v1/ucs/9001/invoices', 401, null);
    expect((await problem('/v1/ucs/123456/invoices/2025-04', 404)).ucId).toBe('123456');
    await problem('/v1/ucs/123456/invoices/2025-04?format=html', 404);
    await problem('/v1/ucs/123456/invoices', 404);
    expect((await problem('/v1/ucs/9001/invoices/2024-01', 404)).detail).toBe(
      'A UC 9001 não tem fatura no ciclo 2024-01.',
    );
    await problem('/v1/ucs/9001/invoices/2025-13', 422);
    await problem('/v1/ucs/9001/invoices/2025-04?format=xml', 422);
    await problem('/v1/ucs/123456/invoices/2025-04?format=pdf', 404);
    await problem('/v1/generators/123456/scce-charges', 404);
    await problem('/v1/generators/9001/scce-charges', 401, null);
    await problem('/v1/portfolio/money-by-month', 401, null);
    await problem('/v1/portfolio/money-by-month?from=2025-6', 422);
    await problem('/v1/portfolio/money-by-month?from=2025-06&to=2025-04', 422);
    await problem('/v1/portfolio/money-by-month?distribuidora=co pel', 422);
    await problem('/v1/ucs/9001/invoices?from=2025-6', 422);
    await problem('/v1/ucs/9001/invoices?from=2025-06&to=2025-04', 422);
    await problem('/v1/ucs/9001/invoices?cursor=nope', 422);
    await problem('/v1/ucs/9001/invoices?limit=0', 422);
  });
});
