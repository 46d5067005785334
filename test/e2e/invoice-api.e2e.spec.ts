/**
 * The invoice endpoints end to end on SQLite read models: a store with real R$ (test/support/priced-invoice-scenario)
 * and an example whose tariff is missing are run through the command side, the app starts on them, and each invoice
 * answered is the one `compensa simulate` reports for that cycle (invoiceOfCycle on the recorded event). Then the
 * list by range and page, the printable demonstrativo SCEE (pt-BR, no script), and the problems: 401, 404, 422.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, runSimulation, SettableClock, type SimulationReport } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { PRICED_INVOICE_SCENARIO } from '../support/priced-invoice-scenario';

const OPERATOR_KEY = 'operator-key-for-the-invoice-api-e2e';
const AUDITOR_KEY = 'auditor-key-for-the-invoice-api-e2e';
const TODAY = '2025-06-20' as BusinessDate;
const EXAMPLE = join(__dirname, '..', '..', 'examples', '04-minimo-gd1.jsonl');

type Invoice = SimulationReport['ucs'][string]['cycles'][string]['invoice'] & Record<string, unknown>;

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
        const { ucId: u, cycle: k, distribuidora, readingDate, ...invoice } = body;
        expect({ u, k, distribuidora, readingDate }).toEqual({
          u: ucId,
          k: cycle,
          distribuidora: 'copel',
          readingDate: c.readingDate,
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

  it('the OpenAPI document describes both endpoints, JSON and HTML', async () => {
    const doc = (await (await get('/docs-json', null)).json()) as {
      paths: Record<
        string,
        { get?: { responses: Record<string, { content?: Record<string, unknown> }>; parameters?: { name: string }[] } }
      >;
    };
    const one = doc.paths['/v1/ucs/{ucId}/invoices/{cycle}'].get!;
    expect(Object.keys(one.responses['200'].content ?? {})).toEqual(
      expect.arrayContaining(['application/json', 'text/html']),
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
    expect((await problem('/v1/ucs/9001/invoices/2024-01', 404)).detail).toMatch(/no invoice for cycle 2024-01/);
    await problem('/v1/ucs/9001/invoices/2025-13', 422);
    await problem('/v1/ucs/9001/invoices/2025-04?format=pdf', 422);
    await problem('/v1/ucs/9001/invoices?from=2025-6', 422);
    await problem('/v1/ucs/9001/invoices?from=2025-06&to=2025-04', 422);
    await problem('/v1/ucs/9001/invoices?cursor=nope', 422);
    await problem('/v1/ucs/9001/invoices?limit=0', 422);
  });
});
