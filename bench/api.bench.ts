/**
 * `npm run bench:api`: the command API under load, on the embedded store. Starts the real app (a child process on
 * a fresh DATA_DIR), registers a portfolio (BENCH_API_GROUPS groups of a generator and 9 beneficiaries; 2,000 =
 * 20,000 UCs; not measured), then posts one cycle of readings (every UC's RecordReading) from 32 connections with
 * autocannon and reports readings/s, p50 and p99 latency, non-2xx answers, and how long after the last answer the
 * process managers had delivered every excedente and the projections had caught up (the app's /metrics lags at 0).
 *
 * Baseline, measured first in the same run: the same readings through the platform's command path in this process,
 * without HTTP (`platform.commands.execute('RecordReading', …)` from 32 concurrent callers, on a fresh Platform over a
 * fresh SQLite store holding the same portfolio, its process managers running). The HTTP readings/s are printed as a
 * ratio to it.
 *
 * BENCH_API_PROFILE=1 runs the app with --cpu-prof (profile written to the data directory, which is then kept).
 * BENCH_API_LOG_LEVEL sets the app's LOG_LEVEL (default info, as in production).
 */
import { Platform, SystemClock } from '@compensa/application';
import { SqliteCheckpointStore, SqliteEventStore } from '@compensa/event-store';
import autocannon, { type AutocannonResult } from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiApp } from '../test/support/api-app-process';
import { consumerLag, waitUntilCaughtUp } from '../test/support/consumer-lag';
import { runPool } from '../test/support/run-pool';
import { sendApiRequest } from '../test/support/send-api-request';
import { cycleReadings, platformCommandOf, setupPhases, type ApiRequest } from './support/http-portfolio';
import { buildGroups, type Group } from './support/synthetic-portfolio';

const GROUPS = Number(process.env.BENCH_API_GROUPS ?? 2000);
const CONNECTIONS = 32;
const SETUP_CONCURRENCY = 64;
const PROFILE = process.env.BENCH_API_PROFILE === '1';
const LOG_LEVEL = process.env.BENCH_API_LOG_LEVEL ?? 'info';
const OPERATOR_KEY = 'bench-api-operator-key-0123456789abcdef';
/** The targets of issue 7 on a 2-core machine. */
const TARGET = { readingsPerSecond: 1500, p99Ms: 100, convergenceMs: 10_000 };

function runAutocannon(
  url: string,
  requests: { method: string; path: string; body: unknown }[],
): Promise<AutocannonResult> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        amount: requests.length,
        timeout: 30,
        headers: { 'content-type': 'application/json', 'x-api-key': OPERATOR_KEY },
        requests: [
          {
            // One shared cursor: every connection takes the next reading, so each is posted exactly once.
            setupRequest: (request) => {
              const r = requests[Math.min(next++, requests.length - 1)];
              return { ...request, method: r.method, path: r.path, body: JSON.stringify(r.body) };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** `{ "201": 20000 }`: answers by status code. */
function statusCounts(result: AutocannonResult): string {
  return JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])));
}

/** Runs API requests as the platform's verbs, in this process, from `concurrency` callers; throws on a refusal. */
async function executeInProcess(
  platform: Platform,
  requests: readonly ApiRequest[],
  concurrency: number,
): Promise<void> {
  await runPool(requests, concurrency, async (request) => {
    const { name, body } = platformCommandOf(request);
    await platform.commands.execute(name, body as never, { commandId: randomUUID() });
  });
}

/** The baseline: the set-up (not measured), then the readings' readings/s through `platform.commands.execute`. */
async function inProcessBaseline(
  groups: Group[],
  readings: readonly ApiRequest[],
): Promise<{ perSecond: number; seconds: number; deliveredMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-bench-api-baseline-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const checkpoints = new SqliteCheckpointStore(join(dir, 'platform.db'));
  const platform = new Platform({ store, checkpoints, clock: new SystemClock() });
  try {
    await platform.start();
    for (const phase of setupPhases(groups)) {
      await executeInProcess(platform, phase, SETUP_CONCURRENCY);
      await platform.waitForIdle();
    }
    const started = Date.now();
    await executeInProcess(platform, readings, CONNECTIONS);
    const finished = Date.now();
    await platform.waitForIdle();
    const seconds = (finished - started) / 1000;
    return { perSecond: readings.length / seconds, seconds, deliveredMs: Date.now() - finished };
  } finally {
    await platform.stop();
    checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const groups = buildGroups(GROUPS, 9);
  const ucs = GROUPS * 10;
  const readings = cycleReadings(groups, 1).map((r) => r.request);

  const baseline = await inProcessBaseline(groups, readings);
  console.log(
    `baseline, in process (platform.commands.execute, no HTTP): ${readings.length} readings from ${CONNECTIONS} callers in ${baseline.seconds.toFixed(2)} s`,
  );
  console.log(
    `  readings/s : ${baseline.perSecond.toFixed(0)}  (excedente delivered ${(baseline.deliveredMs / 1000).toFixed(2)} s after the last)`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'compensa-bench-api-'));
  const app = await startApiApp({
    dataDir,
    operatorKey: OPERATOR_KEY,
    logFile: join(dataDir, 'app.log'),
    env: { LOG_LEVEL },
    nodeArgs: PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${dataDir}`, '--require', join(__dirname, 'support', 'exit-on-sigusr2.ts')]
      : [],
  });
  try {
    const setupStarted = Date.now();
    for (const phase of setupPhases(groups)) {
      await runPool(phase, SETUP_CONCURRENCY, async (request) => {
        const { status, text } = await sendApiRequest(app.url, OPERATOR_KEY, request);
        if (status >= 300) throw new Error(`set-up ${request.method} ${request.path} answered ${status}: ${text}`);
      });
    }
    await waitUntilCaughtUp(app.url, 600_000);
    console.log(
      `set-up: ${ucs} UCs (${GROUPS} groups) registered and projected in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    const started = Date.now();
    const peak = { processManagers: 0, projections: 0 };
    let loading = true;
    // How far behind the consumers fall during the load (one scrape every 250 ms).
    const sampling = (async () => {
      while (loading) {
        const lag = await consumerLag(app.url);
        peak.processManagers = Math.max(peak.processManagers, ...Object.values(lag.processManagers));
        peak.projections = Math.max(peak.projections, ...Object.values(lag.projections));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const result = await runAutocannon(app.url, readings);
    const lastResponse = Date.now();
    loading = false;
    await sampling;
    const convergedAt = await waitUntilCaughtUp(app.url, 300_000, 50);
    const seconds = (lastResponse - started) / 1000;
    const perSecond = result['2xx'] / seconds;
    const convergenceMs = Math.max(0, convergedAt - lastResponse);
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

    console.log(
      `readings posted: ${readings.length} from ${CONNECTIONS} connections in ${seconds.toFixed(2)} s (LOG_LEVEL=${LOG_LEVEL})`,
    );
    console.log(
      `  readings/s : ${perSecond.toFixed(0)}  ratio to the in-process baseline ${(perSecond / baseline.perSecond).toFixed(2)}  (target >= ${TARGET.readingsPerSecond}: ${verdict(perSecond >= TARGET.readingsPerSecond)})`,
    );
    console.log(
      `  latency p50: ${result.latency.p50} ms, p90: ${result.latency.p90} ms, p99: ${result.latency.p99} ms, max: ${result.latency.max} ms  (p99 target < ${TARGET.p99Ms}: ${verdict(result.latency.p99 < TARGET.p99Ms)})`,
    );
    console.log(
      `  2xx: ${result['2xx']}, non-2xx: ${result.non2xx}, errors: ${result.errors}, timeouts: ${result.timeouts}  status codes: ${statusCounts(result)}`,
    );
    console.log(
      `  peak lag during the load: process managers ${peak.processManagers} events, projections ${peak.projections} events`,
    );
    console.log(
      `  delivered + projected: ${(convergenceMs / 1000).toFixed(2)} s after the last response  (target <= ${TARGET.convergenceMs / 1000} s: ${verdict(convergenceMs <= TARGET.convergenceMs)})`,
    );
  } finally {
    await app.stop(PROFILE ? 'SIGUSR2' : 'SIGTERM');
    if (PROFILE) {
      console.log(
        `cpu profile: ${readdirSync(dataDir)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(dataDir, f))
          .join(', ')}`,
      );
    } else {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
