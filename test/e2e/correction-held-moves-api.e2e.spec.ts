/**
 * R20 retificação end to end: the history of examples/19-retificacao-creditos-movidos.jsonl is recorded through the
 * command side (credits held for Elisa and Fábio, moved by an indication to 20002 and by the default to 20005, used by
 * their later bills), the app starts on it, and its corrections are sent over HTTP. Each answer holds the receiving
 * UC's HeldCreditsReceiptCorrected; GET /v1/corrections/{id} is the report `compensa simulate` gives for the same
 * file (the receiving UC's re-billed cycles, `heldMoves`, `defaults`); the receiving UC's invoice and balance follow;
 * a default that now chooses another UC re-bills both UCs (the one it chose before, the one it chooses now) in the
 * same answer.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { formatDatePtBr, Platform, runSimulation, SettableClock, type SimulationReport } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { formatReais, sumReais } from '../../apps/api/src/queries/invoices/pt-br-invoice-format';

const OPERATOR_KEY = 'operator-key-for-the-held-moves-e2e';
const EXAMPLES = join(__dirname, '..', '..', 'examples');
const LINES = readFileSync(join(EXAMPLES, '19-retificacao-creditos-movidos.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const EXPECTED = JSON.parse(
  readFileSync(join(EXAMPLES, '19-retificacao-creditos-movidos.expected.json'), 'utf8'),
) as SimulationReport;
const CORRECTIONS = LINES.filter((l) => l.includes('"CorrectReading"')).map((l) => {
  const { command: _command, ucId, cycle, ...body } = JSON.parse(l) as Record<string, unknown>;
  return { ucId: String(ucId), path: `/v1/ucs/${String(ucId)}/readings/${String(cycle)}/correction`, body };
});

let dataDir: string;
let app: NestExpressApplication;
let url: string;

const headers = { Authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' };
const get = (path: string) => fetch(`${url}${path}`, { headers });
const post = (path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

async function settle(): Promise<void> {
  await app.get(Platform).waitForIdle();
  await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'compensa-held-moves-e2e-'));
  await runSimulation(
    LINES.filter((l) => !l.includes('"CorrectReading"')),
    { dataDir },
  );
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
  });
  app = await createApp(config, {
    clock: new SettableClock('2026-07-03' as BusinessDate),
    logDestination: { write: () => undefined },
  });
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  await settle();
}, 60_000);

/** The corrections the tests applied, in the order they were applied. */
const applied: string[] = [];

afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('corrections of held credits already moved (R20, e2e, SQLite)', () => {
  it('R20 the receiving UC is re-billed in the same answer; GET /v1/corrections/{id} is the report simulate gives', async () => {
    for (const [i, receiving] of [
      [0, '20002'],
      [1, '20005'],
    ] as const) {
      const { path, body } = CORRECTIONS[i];
      const response = await post(path, body);
      expect(response.status).toBe(201);
      const answer = (await response.json()) as { events: { type: string; data: { correctionId?: string } }[] };
      const id = answer.events[0].data.correctionId!;
      applied.push(id);
      await settle();
      const report = (await (await get(`/v1/corrections/${id}`)).json()) as {
        heldMoves?: { ucId: string }[];
        cycles: { ucId: string; cycle: string; before: { total: string | null }; after: { total: string | null } }[];
      };
      expect(report).toEqual(EXPECTED.corrections![id]);
      expect(report.heldMoves?.map((m) => m.ucId)).toEqual([receiving]);
      // The receiving UC's invoice read model holds its re-billed cycle, naming the correction and the total it
      // replaced, and its balance is the corrected one.
      const rebilled = report.cycles.filter((c) => c.ucId === receiving);
      expect(rebilled.length).toBeGreaterThan(0);
      for (const cycle of rebilled) {
        const invoice = (await (await get(`/v1/ucs/${receiving}/invoices/${cycle.cycle}`)).json()) as {
          total: string;
          rebilled: unknown;
        };
        expect(invoice).toMatchObject({
          total: cycle.after.total,
          rebilled: { correctionId: id, date: body.date, previousTotal: cycle.before.total },
        });
        // The demonstrativo says so first among its observations: before, now, what to charge or refund.
        const page = await (await get(`/v1/ucs/${receiving}/invoices/${cycle.cycle}?format=html`)).text();
        const difference = sumReais([cycle.after.total!, `-${cycle.before.total!}`]);
        const outcome = difference.startsWith('-')
          ? `a devolver ${formatReais(difference.slice(1))}`
          : `a cobrar ${formatReais(difference)}`;
        expect(page).toContain(
          `<ul class="notes"><li>Fatura refaturada em ${formatDatePtBr(String(body.date))} pela retificação ${id}: ` +
            `antes ${formatReais(cycle.before.total)}, agora ${formatReais(cycle.after.total)} (${outcome}).</li>`,
        );
      }
      const balance = (await (await get(`/v1/ucs/${receiving}/balance`)).json()) as { totalKwh: string };
      expect(balance.totalKwh).toBe(EXPECTED.ucs[receiving].balance.totalKwh);
      // The same correction again appends nothing.
      const again = await post(path, body);
      expect(((await again.json()) as { events: unknown[] }).events).toEqual([]);
    }
  });

  it('R20 a default re-decided to the same UC is in the report; one that now chooses another UC re-bills both UCs in the same answer', async () => {
    const kept = await post(CORRECTIONS[2].path, CORRECTIONS[2].body);
    expect(kept.status).toBe(201);
    const id = ((await kept.json()) as { events: { data: { correctionId?: string } }[] }).events[0].data.correctionId!;
    applied.push(id);
    await settle();
    expect(await (await get(`/v1/corrections/${id}`)).json()).toEqual(EXPECTED.corrections![id]);
    // 20005's May corrected to 450 kWh: the default of 05/06 now gives Fábio's credits to 20006 (500 kWh)
    const other = await post(CORRECTIONS[3].path, CORRECTIONS[3].body);
    expect(other.status).toBe(201);
    const otherId = ((await other.json()) as { events: { data: { correctionId?: string } }[] }).events[0].data
      .correctionId!;
    applied.push(otherId);
    await settle();
    const report = (await (await get(`/v1/corrections/${otherId}`)).json()) as {
      heldMoves?: { ucId: string }[];
      defaults?: { decisions: { toUcIds: string[]; previousToUcIds?: string[] }[] }[];
      cycles: {
        ucId: string;
        cycle: string;
        after: { total: string | null; compensatedKwh: string; billedKwh: string };
      }[];
    };
    expect(report).toEqual(EXPECTED.corrections![otherId]);
    expect(report.heldMoves?.map((m) => m.ucId)).toEqual(['20005', '20006']);
    expect(report.defaults?.[0].decisions[0]).toMatchObject({ toUcIds: ['20006'], previousToUcIds: ['20005'] });
    // Both UCs' invoices and balances follow (what recording 450 kWh from the start gives: the example's output)
    for (const c of report.cycles) {
      const invoice = (await (await get(`/v1/ucs/${c.ucId}/invoices/${c.cycle}`)).json()) as { total: string };
      expect(invoice.total).toBe(c.after.total);
      const statement = (await (await get(`/v1/ucs/${c.ucId}/statements/${c.cycle}`)).json()) as {
        compensatedKwh: string;
        billedKwh: string;
      };
      expect(statement).toMatchObject({ compensatedKwh: c.after.compensatedKwh, billedKwh: c.after.billedKwh });
    }
    for (const ucId of ['20005', '20006']) {
      const balance = (await (await get(`/v1/ucs/${ucId}/balance`)).json()) as { totalKwh: string };
      expect(balance.totalKwh).toBe(EXPECTED.ucs[ucId].balance.totalKwh);
    }
    // The OpenAPI document describes the re-decided decision's UCs before (previousToUcIds)
    const docs = (await (await get('/docs-json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
    };
    const decision = docs.components.schemas.DefaultDecisionResponse;
    expect(Object.keys(decision.properties)).toEqual(['date', 'fromUcId', 'toUcIds', 'previousToUcIds']);
    expect(decision.required ?? []).not.toContain('previousToUcIds');
  });

  it('an invoice re-billed by several corrections keeps the total first issued and counts them; its demonstrativo says so', async () => {
    type Cycle = { ucId: string; cycle: string; before: { total: string | null }; after: { total: string | null } };
    const byInvoice = new Map<string, { id: string; date: string; cycle: Cycle }[]>();
    for (const id of applied) {
      const report = (await (await get(`/v1/corrections/${id}`)).json()) as { date: string; cycles: Cycle[] };
      for (const c of report.cycles) {
        const key = `${c.ucId}/${c.cycle}`;
        byInvoice.set(key, [...(byInvoice.get(key) ?? []), { id, date: report.date, cycle: c }]);
      }
    }
    // 20005's May: the default's move re-billed it, then both of its own corrections.
    expect(Math.max(...[...byInvoice.values()].map((r) => r.length))).toBeGreaterThan(1);
    for (const [key, rebillings] of byInvoice) {
      const [ucId, cycle] = key.split('/');
      const first = rebillings[0];
      const last = rebillings[rebillings.length - 1];
      const invoice = (await (await get(`/v1/ucs/${ucId}/invoices/${cycle}`)).json()) as { total: string };
      expect({ key, ...invoice }).toMatchObject({
        key,
        total: last.cycle.after.total,
        rebilled: {
          correctionId: last.id,
          date: last.date,
          previousTotal: last.cycle.before.total,
          issuedTotal: first.cycle.before.total,
          times: rebillings.length,
        },
      });
      if (rebillings.length < 2) continue;
      const page = await (await get(`/v1/ucs/${ucId}/invoices/${cycle}?format=html`)).text();
      expect(page).toContain(
        `<li>Fatura refaturada em ${formatDatePtBr(last.date)} pela retificação ${last.id}, a ` +
          `${rebillings.length}ª deste ciclo (emitida originalmente com ${formatReais(first.cycle.before.total)}): ` +
          `antes ${formatReais(last.cycle.before.total)}, agora ${formatReais(last.cycle.after.total)} (`,
      );
    }
  });

  it("GET /v1/ucs/{ucId}/corrections: each UC's own retificações, oldest first, each the report GET /v1/corrections/{id} gives", async () => {
    for (const ucId of new Set(CORRECTIONS.map((c) => c.ucId))) {
      const list = (await (await get(`/v1/ucs/${ucId}/corrections`)).json()) as {
        ucId: string;
        items: { id: string; cycle: string }[];
      };
      const own = CORRECTIONS.filter((c) => c.ucId === ucId);
      expect(list.ucId).toBe(ucId);
      expect(list.items.map((r) => r.cycle)).toEqual(own.map((c) => c.path.split('/')[5]));
      for (const item of list.items) expect(item).toEqual(await (await get(`/v1/corrections/${item.id}`)).json());
    }
    // A UC with no correction of its own lists none (its cycles re-billed by others' are in their reports).
    expect(((await (await get('/v1/ucs/20002/corrections')).json()) as { items: unknown[] }).items).toEqual([]);
    const unknown = await get('/v1/ucs/99999/corrections');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
