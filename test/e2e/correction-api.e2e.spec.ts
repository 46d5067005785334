/**
 * Retificação end to end: the readings of examples/16-retificacao-leitura.jsonl are recorded through the command
 * side, the app starts on them, and the corrections are sent over HTTP. The correction's answer, its re-billing
 * report (GET /v1/corrections/{id}) and the re-billed invoice are what `compensa simulate` reports for the same
 * file; the same correction again appends nothing; a generator's correction re-bills its beneficiary; the refusals are problem+json (404, 422).
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
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';
import type { EventStore } from '@compensa/event-store';

const OPERATOR_KEY = 'operator-key-for-the-correction-api-e2e';
const EXAMPLES = join(__dirname, '..', '..', 'examples');
const LINES = readFileSync(join(EXAMPLES, '16-retificacao-leitura.jsonl'), 'utf8').split('\n');
const EXPECTED = JSON.parse(
  readFileSync(join(EXAMPLES, '16-retificacao-leitura.expected.json'), 'utf8'),
) as SimulationReport;

let dataDir: string;
let app: NestExpressApplication;
let url: string;

const headers = { Authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' };
const get = (path: string) => fetch(`${url}${path}`, { headers });
const post = (path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

/** The body of a CorrectReading line of the example, for POST …/correction. */
function correctionOf(ucId: string): { path: string; body: Record<string, unknown> } {
  const line = LINES.find((l) => l.includes('"CorrectReading"') && l.includes(`"ucId":"${ucId}"`))!;
  const { command: _command, ucId: _ucId, cycle, ...body } = JSON.parse(line) as Record<string, unknown>;
  return { path: `/v1/ucs/${ucId}/readings/${String(cycle)}/correction`, body };
}

async function settle(): Promise<void> {
  await app.get(Platform).waitForIdle();
  await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'compensa-corrections-e2e-'));
  await runSimulation(
    LINES.filter((l) => !l.includes('"CorrectReading"')),
    { dataDir },
  );
  await startApp();
}, 60_000);

/** The API on the data directory (again: a restart). */
async function startApp(): Promise<void> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
  });
  app = await createApp(config, {
    clock: new SettableClock('2026-07-08' as BusinessDate),
    logDestination: { write: () => undefined },
  });
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  await settle();
}

afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('corrections API (e2e, SQLite)', () => {
  it('POST …/readings/{cycle}/correction re-bills; GET /v1/corrections/{id} is the report simulate gives', async () => {
    for (const ucId of ['17001', '17002']) {
      const { path, body } = correctionOf(ucId);
      const response = await post(path, body);
      expect(response.status).toBe(201);
      const answer = (await response.json()) as { events: { type: string; data: { correctionId?: string } }[] };
      expect(answer.events[0].type).toBe('ReadingCorrected');
      const id = answer.events[0].data.correctionId!;
      await settle();
      const report = await get(`/v1/corrections/${id}`);
      expect(report.status).toBe(200);
      expect(await report.json()).toEqual(EXPECTED.corrections![id]);
      // The invoice read model holds the re-billed cycle.
      for (const cycle of EXPECTED.corrections![id].cycles) {
        const invoice = (await (await get(`/v1/ucs/${ucId}/invoices/${cycle.cycle}`)).json()) as { total: string };
        expect(invoice.total).toBe(cycle.after.total);
      }
      // The generator's flows hold the re-billed cycle's excedente.
      for (const cycle of EXPECTED.corrections![id].cycles) {
        const flows = (await (await get(`/v1/generators/${ucId}/flows?cycle=${cycle.cycle}`)).json()) as {
          items: { excedenteKwh: string }[];
        };
        const excedente = cycle.after.excedenteKwh;
        expect(flows.items.map((f) => f.excedenteKwh)).toEqual(excedente === '0.000' ? [] : [excedente]);
      }
      // The same correction again appends nothing.
      const again = await post(path, body);
      expect(again.status).toBe(201);
      expect(((await again.json()) as { events: unknown[] }).events).toEqual([]);
    }
  });

  it("R5 R7: a generator's correction re-bills its beneficiary (17004) in the same answer; the report spans both", async () => {
    const { path, body } = correctionOf('17003');
    const response = await post(path, body);
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { events: { type: string; data: { correctionId?: string } }[] };
    const id = answer.events[0].data.correctionId!;
    await settle();
    const report = (await (await get(`/v1/corrections/${id}`)).json()) as { cycles: { ucId: string }[] };
    expect(report).toEqual(EXPECTED.corrections![id]);
    expect(new Set(report.cycles.map((c) => c.ucId))).toEqual(new Set(['17003', '17004']));
  });

  it("GET /v1/corrections lists them newest first, each with its report's totals; filters, pages, 422s", async () => {
    type Item = { id: string; ucId: string; date: string; rebilledUcs: number; rebilledCycles: number } & Record<
      string,
      unknown
    >;
    const list = async (query: string) => {
      const response = await get(`/v1/corrections${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Item[]; nextCursor: string | null };
    };
    // The three corrections the tests above made (same date: by id, descending).
    const ids = Object.keys(EXPECTED.corrections!).sort().reverse();
    const everything = await list('');
    expect(everything.items.map((i) => i.id)).toEqual(ids);
    expect(everything.nextCursor).toBeNull();
    for (const item of everything.items) {
      const report = EXPECTED.corrections![item.id];
      expect(item).toEqual({
        id: report.id,
        ucId: report.ucId,
        distribuidora: 'light',
        cycle: report.cycle,
        readingDate: report.readingDate,
        date: report.date,
        reason: report.reason,
        reference: report.reference,
        rebilledUcs: new Set(report.cycles.map((c) => c.ucId)).size,
        rebilledCycles: report.cycles.length,
        unpricedCycles: report.cycles.filter((c) => c.action === 'unpriced').length,
        totalDifference: report.totalDifference,
      });
    }
    // The generator's correction re-billed its beneficiary too.
    expect(everything.items.find((i) => i.ucId === '17003')!.rebilledUcs).toBe(2);
    // A correction's totals are read from the streams once (its events, appended together, never change): the same
    // list again is the same, and reads no stream.
    const reads = jest.spyOn(app.get<EventStore>(EVENT_STORE), 'readStream');
    expect(await list('')).toEqual(everything);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    // Kept in the platform state, for every instance and every restart: the API started again reads no stream either.
    await app.close();
    await startApp();
    const readsAfterRestart = jest.spyOn(app.get<EventStore>(EVENT_STORE), 'readStream');
    expect(await list('')).toEqual(everything);
    expect(readsAfterRestart).not.toHaveBeenCalled();
    readsAfterRestart.mockRestore();
    // Pages of one, by cursor: the same list.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(ids);
    expect((await list('?distribuidora=LIGHT&from=2026-07-08&to=2026-07-08')).items.map((i) => i.id)).toEqual(ids);
    expect((await list('?distribuidora=copel')).items).toEqual([]);
    expect((await list('?from=2026-07-09')).items).toEqual([]);
    for (const [query, field] of [
      ['?from=08/07/2026', 'from'],
      ['?limit=101', 'limit'],
      ['?limit=0', 'limit'],
      ['?from=2026-02-30', 'from'],
      ['?to=2026-13-01', 'to'],
      ['?from=2026-07-09&to=2026-07-08', 'to'],
      ['?cursor=bm9wZQ', 'cursor'],
      ['?distribuidora=a', 'distribuidora'],
    ]) {
      const refused = await get(`/v1/corrections${query}`);
      expect({ query, status: refused.status }).toEqual({ query, status: 422 });
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await refused.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([field]);
    }
  });

  it('refuses with problem+json and appends nothing: an unknown cycle (404), no reference (422)', async () => {
    const refused = async (path: string, body: unknown, status: number) => {
      const response = await post(path, body);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return (await response.json()) as { rule?: string };
    };
    await refused('/v1/ucs/17002/readings/2026-02/correction', correctionOf('17002').body, 404);
    await refused(correctionOf('17002').path, { ...correctionOf('17002').body, reference: undefined }, 422);
    const unknown = await get('/v1/corrections/retif-17003-2026-04-000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      title: 'Não encontrado',
      detail: 'Não existe a retificação retif-17003-2026-04-000000000000.',
    });
    const malformed = await get('/v1/corrections/nope');
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as { errors: unknown }).errors).toEqual([
      { field: 'id', message: 'id deve ser o id de uma retificação: retif-<uc>-<AAAA-MM>-<12 dígitos hexadecimais>' },
    ]);
  });
});
