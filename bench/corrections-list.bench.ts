/**
 * `npm run bench:corrections-list`: what the distribuidora's list of retificações costs (`GET /v1/corrections`, the
 * dashboard's Retificações page) when the corrected UCs have five years of history.
 *
 * A synthetic history (bench:import's: groups of a generator and 9 beneficiaries, 60 monthly cycles, ~180 events a
 * UC) is built in a temporary folder; the API starts on it (its read models are built from the log at that start:
 * timed, not part of the figures). Then BENCH_CL_CORRECTIONS corrections go through `POST …/correction`, half on a
 * generator's injection (its correction re-bills its 9 beneficiaries) and half on a beneficiary's consumption, each
 * on a different group, cycles 40–54. Measured over HTTP on the same machine (the client shares the 2 cores):
 * - the first page of the list, 20 items (the dashboard's) and 100 (the API's largest), each BENCH_RUNS times: every
 *   item reads its report from the streams (the corrected UC's, and for a generator its beneficiaries'), so this is
 *   the list's N+1 at its real size;
 * - every page of 20 followed by its cursor (the whole list), and again once the API has started again (the totals
 *   kept in the platform state: no stream read);
 * - one report (`GET /v1/corrections/{id}`) of each kind;
 * - for comparison, the time of each correction itself.
 * Printed: median and p90 in ms. Not measured: a history priced in R$ (the synthetic one has a TE only, so each
 * re-billed cycle is in kWh; the invoice totals would add their arithmetic), a portfolio of 100,000 UCs (the list
 * reads the `corrections` read model by its distribuidora and date index and the streams by name: neither grows with
 * the number of UCs, only with the history of the corrected UCs).
 *
 * Env: BENCH_CL_GROUPS (default 200: 2,000 UCs), BENCH_CL_CORRECTIONS (default 100), BENCH_RUNS (default 15);
 * BENCH_CL_PG_URL=postgres://…: the read models in PostgreSQL (READ_MODEL_URL, as in production) instead of SQLite,
 * in a database of their own created on that server and dropped at the end.
 */
import 'reflect-metadata';
import { Platform, SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../apps/api/src/bootstrap';
import { loadConfig } from '../apps/api/src/config';
import { PROJECTION_RUNNER } from '../apps/api/src/read-models/read-models.tokens';
import { createDatabase, databaseUrl, dropDatabase } from './support/prepared-double-history';
import { prepareHistory } from './support/prepared-history';
import { buildGroups, cycleName, kwhOf, readingsOf, type Reading } from './support/synthetic-portfolio';

const GROUPS = Number(process.env.BENCH_CL_GROUPS ?? 200);
const CORRECTIONS = Math.min(Number(process.env.BENCH_CL_CORRECTIONS ?? 100), GROUPS);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PG_SERVER = process.env.BENCH_CL_PG_URL;
const CYCLES = 60;
const KEY = 'bench-corrections-list-operator-key';
/** After the history's last reading (cycle 59, 2029-11). */
const TODAY = '2029-12-20' as BusinessDate;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const summary = (xs: number[]) => `median ${ms(quantile(xs, 0.5))}, p90 ${ms(quantile(xs, 0.9))} (${xs.length} runs)`;

/** The corrected reading: a generator injected 500 kWh less on its main posto, a beneficiary consumed 40 kWh more. */
function correctedPostos(r: Reading, generator: boolean): Record<string, { consumed: string; injected: string }> {
  const postos: Record<string, { consumed: string; injected: string }> = {};
  for (const [posto, v] of Object.entries(r.postos)) {
    const main = posto === 'unico' || posto === 'fora_ponta';
    postos[posto] = {
      consumed: kwhOf(v!.consumed + (main && !generator ? 40_000 : 0)),
      injected: kwhOf(v!.injected - (main && generator ? 500_000 : 0)),
    };
  }
  return postos;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-bench-corrections-'));
  const pgDatabase = PG_SERVER ? `compensa_bench_cl_${process.pid}` : null;
  console.log(
    `bench:corrections-list: ${GROUPS * 10} UCs × ${CYCLES} cycles, ${CORRECTIONS} corrections (${dir}); read models in ` +
      (pgDatabase ? `PostgreSQL (database ${pgDatabase})` : 'SQLite'),
  );
  let opened: Awaited<ReturnType<typeof createApp>> | null = null;
  try {
    await prepareHistory(dir, GROUPS, CYCLES);
    if (PG_SERVER && pgDatabase) await createDatabase(PG_SERVER, pgDatabase);
    const config = loadConfig({
      DATA_DIR: dir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      COMPENSA_API_KEYS: `${KEY}:operator`,
      ...(PG_SERVER && pgDatabase
        ? { READ_MODEL_URL: `${databaseUrl(PG_SERVER, pgDatabase)}?schema=read_models` }
        : {}),
    });
    const t = performance.now();
    let app = await createApp(config, { clock: new SettableClock(TODAY), logDestination: { write: () => true } });
    opened = app;
    await app.listen(0, '127.0.0.1');
    let url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const settle = async () => {
      await app.get(Platform).waitForIdle();
      // Built from the whole log at the start: minutes with PostgreSQL read models.
      await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle(30 * 60_000);
    };
    await settle();
    console.log(
      `API started, read models built from the log in ${((performance.now() - t) / 1000).toFixed(0)} s (not measured)`,
    );
    const headers = { Authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const timed = async (path: string, init?: RequestInit): Promise<{ ms: number; status: number; body: unknown }> => {
      const start = performance.now();
      const response = await fetch(`${url}${path}`, { headers, ...init });
      const body = (await response.json()) as unknown;
      return { ms: performance.now() - start, status: response.status, body };
    };

    // The corrections, one a group, spread over the portfolio.
    const groups = buildGroups(GROUPS);
    const step = Math.floor(GROUPS / CORRECTIONS);
    const took = { generator: [] as number[], beneficiary: [] as number[] };
    const ids = { generator: '', beneficiary: '' };
    const refused = new Map<string, number>();
    for (let k = 0; k < CORRECTIONS; k++) {
      const g = k * step;
      const generator = k % 2 === 0;
      const c = 40 + (k % 15);
      const ucId = generator ? groups[g].generator : groups[g].beneficiaries[0];
      const reading = readingsOf(groups, c, g, g + 1).find((r) => r.ucId === ucId)!;
      const answer = await timed(`/v1/ucs/${ucId}/readings/${cycleName(c)}/correction`, {
        method: 'POST',
        body: JSON.stringify({
          postos: correctedPostos(reading, generator),
          reason: generator ? 'injeção estimada substituída pela leitura real' : 'consumo digitado errado',
          reference: `BENCH-RET-${k}`,
        }),
      });
      if (answer.status !== 201) {
        const key = `${answer.status} ${(answer.body as { rule?: string }).rule ?? ''}`.trim();
        refused.set(key, (refused.get(key) ?? 0) + 1);
        continue;
      }
      took[generator ? 'generator' : 'beneficiary'].push(answer.ms);
      if ((k + 1) % 10 === 0) console.log(`corrections: ${k + 1}/${CORRECTIONS} (the last took ${ms(answer.ms)})`);
      const events = (answer.body as { events: { type: string; data: { correctionId?: string } }[] }).events;
      const id = events.find((e) => e.type === 'ReadingCorrected')?.data.correctionId;
      if (id && !ids[generator ? 'generator' : 'beneficiary']) ids[generator ? 'generator' : 'beneficiary'] = id;
    }
    await settle();
    console.log(`a generator's correction (re-bills 9 beneficiaries): ${summary(took.generator)}`);
    console.log(`a beneficiary's correction: ${summary(took.beneficiary)}`);
    if (refused.size > 0) console.log(`refused: ${[...refused].map(([k, n]) => `${k}: ${n}`).join(', ')}`);

    type Page = { items: { id: string; rebilledCycles: number }[]; nextCursor: string | null };
    // Every page of 20 by its cursor.
    const everyPage = async (what: string) => {
      const pageMs: number[] = [];
      let items = 0;
      for (let cursor: string | null = null; ;) {
        const r = await timed(`/v1/corrections?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        if (r.status !== 200) throw new Error(`GET /v1/corrections answered ${r.status}`);
        const page = r.body as Page;
        pageMs.push(r.ms);
        items += page.items.length;
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      console.log(
        `${what}, every page of 20 by its cursor: ${items} items in ${pageMs.length} pages, ` +
          `${ms(pageMs.reduce((a, b) => a + b, 0))} in all; a page ${summary(pageMs)}`,
      );
    };
    // First views: each correction's totals read from its streams (then kept in the platform state).
    await everyPage('first view');
    // The same lists again: the totals kept, one query for them and the read model's page.
    for (const limit of [20, 100]) {
      const runs: number[] = [];
      let page: Page | null = null;
      for (let i = 0; i < RUNS; i++) {
        const r = await timed(`/v1/corrections?limit=${limit}`);
        page = r.body as Page;
        runs.push(r.ms);
      }
      const cycles = page!.items.reduce((n, x) => n + x.rebilledCycles, 0);
      console.log(
        `again, GET /v1/corrections?limit=${limit} (${page!.items.length} items, ${cycles} re-billed cycles): ${summary(runs)}`,
      );
    }
    for (const kind of ['generator', 'beneficiary'] as const) {
      const runs: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const r = await timed(`/v1/corrections/${ids[kind]}`);
        if (i > 0) runs.push(r.ms);
      }
      console.log(`GET /v1/corrections/{id}, a ${kind}'s: ${summary(runs)}`);
    }
    // The API started again on the same data: the totals kept in the platform state, no stream read.
    await app.close();
    opened = null;
    app = await createApp(config, { clock: new SettableClock(TODAY), logDestination: { write: () => true } });
    opened = app;
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await settle();
    await everyPage('after a restart, first view');
  } finally {
    // Closed before its database is dropped (DROP … WITH (FORCE) would cut its connections from under it).
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
    if (PG_SERVER && pgDatabase) await dropDatabase(PG_SERVER, pgDatabase);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
