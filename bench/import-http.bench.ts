/**
 * `npm run bench:import-http`: a month imported over HTTP (`POST /v1/imports/readings`, the job polled until done) by
 * an API that serves other requests meanwhile. Printed per batch size: the job's readings/s, and what its batches
 * cost the other requests (a `GET /v1/ucs/{ucId}/balance` every 100 ms, p50/p90/max during the import against the
 * same GETs idle just before). Not part of CI.
 *
 * The store: bench:import's prepared history for BENCH_IMPORT_UCS UCs (default 10,000) × 60 cycles in
 * BENCH_IMPORT_CACHE (prepare it first: `BENCH_IMPORT_PREPARE_ONLY=1 BENCH_IMPORT_CACHE=DIR BENCH_IMPORT_UCS=10000
 * npm run bench:import`), copied. The API runs from the sources as one `--role all` process (the embedded default:
 * the import, the process managers and the projections in it) and first builds its read models from that history
 * (not measured; about 2.5 minutes at 10,000 UCs). Then one month of every UC per batch size in BENCH_IH_BATCHES
 * (default "1000,250": the CLI's default and the API's), each the cycle after the previous one, posted with
 * `?batchSize=`. Each month's import has more history behind it than the one before: alternate the sizes
 * (BENCH_IH_BATCHES=250,1000,250) to see that it is not the order.
 *
 * BENCH_IH_ROLES=split: a `--role worker` process (the directory, the process managers, the projections) and a
 * `--role api` one on the same data directory instead of one `all` process, so that the GETs wait for the import's
 * batches alone, not for the read models and the process managers following it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiApp } from '../test/support/api-app-process';
import { waitUntilCaughtUp } from '../test/support/consumer-lag';
import { copyStoreFiles, HISTORY_FILES, importCacheDir, isReady } from './support/prepared-history';
import { writeReadingsCsv } from './support/readings-csv';
import { buildGroups, readingsOf } from './support/synthetic-portfolio';

const UCS = Number(process.env.BENCH_IMPORT_UCS ?? 10_000);
const CYCLES = 60;
const GROUPS = Math.max(2, Math.ceil(UCS / 10));
const CACHE = process.env.BENCH_IMPORT_CACHE;
const BATCHES = (process.env.BENCH_IH_BATCHES ?? '1000,250').split(',').map(Number);
const KEY = 'bench-import-http-operator-key';
const SPLIT = process.env.BENCH_IH_ROLES === 'split';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const latencies = (xs: number[]) =>
  `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p90 ${quantile(xs, 0.9).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} GETs)`;

interface Job {
  id: string;
  status: 'running' | 'done' | 'failed';
  progress: { readings: number; accepted: number; refused: number; readingsPerSecond: number };
  failure: string | null;
}

async function main(): Promise<void> {
  if (!CACHE) throw new Error('BENCH_IMPORT_CACHE=DIR: the folder of bench:import’s prepared histories');
  const prepared = importCacheDir(CACHE, GROUPS * 10, CYCLES);
  if (!isReady(prepared))
    throw new Error(
      `${prepared} is not prepared: BENCH_IMPORT_PREPARE_ONLY=1 BENCH_IMPORT_CACHE=${CACHE} ` +
        `BENCH_IMPORT_UCS=${GROUPS * 10} npm run bench:import`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'compensa-bench-import-http-'));
  console.log(
    `bench:import-http: ${GROUPS * 10} UCs × ${CYCLES} cycles of history (${dir}), batches ${BATCHES.join(', ')}, ` +
      (SPLIT ? 'an api process and a worker process' : 'one all process'),
  );
  const headers = { Authorization: `Bearer ${KEY}` };
  let stopped = false;
  const started: Awaited<ReturnType<typeof startApiApp>>[] = [];
  try {
    copyStoreFiles(prepared, dir, HISTORY_FILES);
    const start = async (role: 'all' | 'api' | 'worker') => {
      const app = await startApiApp({
        dataDir: dir,
        operatorKey: KEY,
        logFile: join(dir, `${role}.log`),
        env: { LOG_LEVEL: 'warn', COMPENSA_ROLE: role },
      });
      started.push(app);
      return app;
    };
    // The consumers' lag is the worker's (or the all process's) to tell.
    const consumers = await start(SPLIT ? 'worker' : 'all');
    const t = performance.now();
    await waitUntilCaughtUp(consumers.url, 60 * 60_000, 1000);
    const app = SPLIT ? await start('api') : consumers;
    console.log(
      `API started, read models built from the log in ${((performance.now() - t) / 1000).toFixed(0)} s (not measured)`,
    );

    const groups = buildGroups(GROUPS);
    const probed = groups.filter((_, i) => i % Math.ceil(GROUPS / 20) === 0).map((g) => g.beneficiaries[0]);
    // The other requests: one GET at a time, every 100 ms, from before the first import to the end.
    let taken: number[] = [];
    const prober = (async () => {
      for (let i = 0; !stopped; i++) {
        const start = performance.now();
        const res = await fetch(`${app.url}/v1/ucs/${probed[i % probed.length]}/balance`, { headers });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`GET balance answered ${res.status}`);
        taken.push(performance.now() - start);
        await sleep(100);
      }
    })();

    for (const [k, batch] of BATCHES.entries()) {
      const cycle = CYCLES + k;
      const file = join(dir, `month-${cycle}.csv`);
      const rows = await writeReadingsCsv(file, readingsOf(groups, cycle));
      taken = [];
      await sleep(3000);
      const idle = taken;
      taken = [];
      const began = performance.now();
      const posted = await fetch(`${app.url}/v1/imports/readings?batchSize=${batch}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: await readFile(file),
      });
      if (posted.status !== 202) throw new Error(`POST answered ${posted.status}: ${await posted.text()}`);
      let job = (await posted.json()) as Job;
      while (job.status === 'running') {
        await sleep(250);
        job = (await (await fetch(`${app.url}/v1/imports/${job.id}`, { headers })).json()) as Job;
      }
      const seconds = (performance.now() - began) / 1000;
      const during = taken;
      if (job.status !== 'done') throw new Error(`the import failed: ${job.failure}`);
      const p = job.progress;
      console.log(
        `batch ${batch}: ${p.readings} readings (${rows} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB; ${p.accepted} accepted, ` +
          `${p.refused} refused) in ${seconds.toFixed(1)} s from the POST: ${Math.round(p.readings / seconds)} readings/s` +
          ` (${Math.round(p.readingsPerSecond)} by the job)`,
      );
      console.log(`  GET balance meanwhile: ${latencies(during)}; idle just before: ${latencies(idle)}`);
      await waitUntilCaughtUp(consumers.url, 30 * 60_000, 500);
    }
    stopped = true;
    await prober;
  } finally {
    stopped = true;
    for (const app of started.reverse()) await app.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
