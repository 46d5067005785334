/**
 * `npm run bench:api -- --instances N`: the command API under load on a store with history, with 1 and then N API
 * instances (`compensa serve --role api` processes) beside one `--role worker` process. Not part of CI.
 *
 * What it measures, honestly:
 * - The store: BENCH_API_UCS UCs (default 60,000: more than the 50,000 streams of the command path's state cache)
 *   with BENCH_API_CYCLES cycles of history each (default 3), built by bench/support/fill-store (the synthetic
 *   portfolio: groups of a generator and 9 beneficiaries), the directory caught up, a snapshot of every UC, the process
 *   managers at the head and the read models projected by a worker (none of it measured). The issue asks 200,000 UCs
 *   × 60 cycles: the estimate to build it here, scaled from this build, is printed. It is built by bench:import
 *   (BENCH_IMPORT_PREPARE_ONLY) and moved in (BENCH_API_HISTORY_FROM), and BENCH_API_IN_PLACE runs on it without a
 *   copy (RELIABILITY.md has the figures). BENCH_API_CACHE=DIR keeps the prepared store for the next runs (per size;
 *   embedded store only).
 * - The processes, by BENCH_API_STORE:
 *   - `sqlite` (the default): the embedded store (SQLite files in one DATA_DIR) shared by every process. The SQLite
 *     store takes the file's write lock per append (BEGIN IMMEDIATE) and reads stream heads from the file, and the
 *     platform state (idempotency keys, directory, leases, checkpoints, snapshots) is platform.db in the same
 *     directory, so several processes on one store is a configuration the roles support. Every append of every
 *     instance waits for the one file's write lock.
 *   - `kurrentdb-double`: the deployment of the fail-over test. The KurrentDB double as a process
 *     (test/support/kurrentdb-double/server.js --port N --data-dir DIR, one fsync'd journal line per append) is the
 *     event store of every process (EVENT_STORE=kurrentdb); the platform state (PLATFORM_DB_URL) and the read models
 *     (READ_MODEL_URL) are two schemas of a PostgreSQL database of the bench's own, created on the server of
 *     BENCH_API_PG_URL (default postgres://postgres@127.0.0.1:5432/test) and dropped at the end; each process has a
 *     DATA_DIR of its own holding only its copy of the prepared snapshots. The history is appended through the double
 *     (its gRPC API, one append per command as the platform appends), which is slow: the default size is 3,000 UCs ×
 *     3 cycles (some 28,000 events, a few minutes to prepare on 2 shared cores), and the estimate for 200,000 × 60
 *     is scaled from it. BENCH_API_DOUBLE_FILL=journal writes the same history into the double's journal in-process
 *     instead (DoubleJournalAppender: the events, hashes, revisions, positions and journal lines the appends through
 *     the client would have written), then the directory, snapshots and read models are prepared through the double
 *     as before. BENCH_API_DIR=/dev/shm puts the double's journal (and every copy) on a tmpfs, where its
 *     fsync per append costs nothing: the figures then leave the disk out. Each run starts from a copy: the double's
 *     journal copied, a database created from the prepared one as its template (CREATE DATABASE … TEMPLATE), both
 *     dropped after the run.
 * - The load: one month (the cycle after the history) of every UC's reading, POSTed from 32 connections spread over the
 *   instances in turn (autocannon with several URLs), each reading once. Each run starts from a fresh copy of the
 *   prepared store (the same state for 1 and for N). Printed: readings/s, p50/p99, readings per CPU-second of the API
 *   processes, the ratio N/1 (on 2 shared cores the instances and the worker compete for the same CPUs: bounded), and
 *   the worker's lag at the last answer (events behind the head per consumer) and how long until it was idle.
 *   BENCH_API_BASELINE=0 skips the first run, of one `--role all` process. BENCH_API_DIR: where the prepared store
 *   and the runs' copies go (default the OS temp dir).
 */
import autocannon, { type AutocannonResult } from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiApp, type ApiAppProcess } from '../test/support/api-app-process';
import { consumerLag, waitUntilCaughtUp, type ConsumerLag } from '../test/support/consumer-lag';
import { cycleReadings, type ApiRequest } from './support/http-portfolio';
import {
  createDatabase,
  databaseUrl,
  dataDirWithSnapshots,
  doubleEnv,
  dropDatabase,
  prepareDoubleHistory,
  startDoubleCopy,
  type DoubleFill,
} from './support/prepared-double-history';
import { copyStoreFiles, isReady, markReady, prepareHistory } from './support/prepared-history';
import { buildGroups, type Group } from './support/synthetic-portfolio';

const argInstances = process.argv.indexOf('--instances');
const INSTANCES = Number(
  (argInstances >= 0 ? process.argv[argInstances + 1] : undefined) ?? process.env.BENCH_API_INSTANCES ?? 2,
);
/** Where the processes keep events and platform state: `sqlite` (the embedded store) or `kurrentdb-double`. */
const STORE = process.env.BENCH_API_STORE ?? 'sqlite';
const ON_DOUBLE = STORE === 'kurrentdb-double';
/** The PostgreSQL server of the double mode (its database is only where the bench connects to create its own). */
const PG_SERVER = process.env.BENCH_API_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const UCS = Number(process.env.BENCH_API_UCS ?? (ON_DOUBLE ? 3_000 : 60_000));
/**
 * Where the prepared store and the runs' copies go (default: the OS temp dir). On a tmpfs (/dev/shm) the double's
 * fsync per append costs nothing: what the processes cost without the disk.
 */
const WORK_DIR = process.env.BENCH_API_DIR ?? tmpdir();
const CYCLES = Number(process.env.BENCH_API_CYCLES ?? 3);
const GROUPS = Math.max(1, Math.ceil(UCS / 10));
const CACHE = ON_DOUBLE ? undefined : process.env.BENCH_API_CACHE;
/**
 * BENCH_API_HISTORY_FROM=DIR (embedded store, with BENCH_API_CACHE): a history `bench:import` prepared for the same
 * size (its cache entry, e.g. `$BENCH_IMPORT_CACHE/import-100000x60`: the same `prepareHistory`, directory caught up,
 * a snapshot of every UC) is **moved** into this bench's cache instead of being built again (at 100,000 UCs × 60
 * cycles it took 23 min and 22 GB here; a copy would need 22 GB more); the read models are then projected as for a
 * history built here. Its build time is bench:import's, not known here: the estimate for the issue's size is not printed.
 */
const HISTORY_FROM = ON_DOUBLE ? undefined : process.env.BENCH_API_HISTORY_FROM;
/**
 * BENCH_API_DOUBLE_FILL=journal writes the double's history into its journal in-process (DoubleJournalAppender: what
 * the appends through the client would have written, without the gRPC hop); default `client`, through the client.
 */
const DOUBLE_FILL: DoubleFill = process.env.BENCH_API_DOUBLE_FILL === 'journal' ? 'journal' : 'client';
/**
 * BENCH_API_IN_PLACE=1 (embedded store, with BENCH_API_CACHE): the runs record on the prepared store itself instead of
 * on a copy of it, each run the next month (the first the cycle after the history, the next one cycle later, …; the
 * `ready` mark counts the months recorded, so a later run goes on from there). What it is for: the issue's 200,000 UCs
 * × 60 cycles is about 44 GB of events and 24 GB of read models, and a copy per run does not fit beside them on this
 * disk. Runs are then compared one month apart (a history of 60 cycles against one of 61: under 2 % more events a
 * UC), not on the same state. A run that does not finish leaves the store without its mark: the next one builds it again.
 */
const IN_PLACE = process.env.BENCH_API_IN_PLACE === '1';
/** BENCH_API_BASELINE=0 skips the run of one `--role all` process. */
const BASELINE = process.env.BENCH_API_BASELINE !== '0';
/** BENCH_API_PROFILE=1 runs every app process with --cpu-prof (profiles kept in the run's data directory). */
const PROFILE = process.env.BENCH_API_PROFILE === '1';
const CONNECTIONS = 32;
const LOG_LEVEL = process.env.BENCH_API_LOG_LEVEL ?? 'warn';
const OPERATOR_KEY = 'bench-api-operator-key-0123456789abcdef';
const STORE_FILES = [
  'events.db',
  'events.db-wal',
  'platform.db',
  'platform.db-wal',
  'read-models.db',
  'read-models.db-wal',
] as const;
/** The store the issue asks for. */
const ASKED = { ucs: 200_000, cycles: 60 };
/** The targets of issue 7 on a 2-core machine. */
const TARGET = { readingsPerSecond: 1500, p99Ms: 100 };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What building the prepared store took (kept with the cache, for the estimate of a larger one). */
interface BuildCost {
  events: number;
  ms: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** `{ "201": 20000 }`: answers by status code. */
function statusCounts(result: AutocannonResult): string {
  return JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])));
}

const maxOf = (values: Record<string, number>) => Math.max(0, ...Object.values(values));
const describeLag = (lag: ConsumerLag) =>
  Object.entries({ ...lag.processManagers, ...lag.projections })
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

function start(
  dataDir: string,
  name: string,
  role: 'api' | 'worker' | 'all',
  profile = false,
  env: Record<string, string> = {},
): Promise<ApiAppProcess> {
  return startApiApp({
    dataDir,
    operatorKey: OPERATOR_KEY,
    logFile: join(dataDir, `${name}.log`),
    env: { COMPENSA_ROLE: role, LOG_LEVEL, ...env },
    nodeArgs: profile
      ? ['--cpu-prof', `--cpu-prof-dir=${dataDir}`, '--require', join(__dirname, 'support', 'exit-on-sigusr2.ts')]
      : [],
  });
}

/** A prepared store: where it is, what it took, and how to remove it when the bench ends. */
interface Prepared {
  dir: string;
  cost: BuildCost;
  /** The history came from bench:import (BENCH_API_HISTORY_FROM): `cost` is the read models' projection only. */
  historyMoved?: boolean;
  /** The double mode's prepared database (the runs' template). */
  database?: string;
  /** Months the runs recorded on the prepared store itself (BENCH_API_IN_PLACE), after its history. */
  monthsRecorded: number;
  remove(): Promise<void>;
}

/** The processes of one run, on a fresh copy of the prepared store. */
interface RunSite {
  /** Where the run's files (logs, profiles) are. */
  dir: string;
  start(name: string, role: 'api' | 'worker' | 'all', profile: boolean): Promise<ApiAppProcess>;
  /** The event store's own process (the double), whose CPU is printed too. */
  storePid?: number;
  /** Removes the copy (PROFILE keeps the files); `finished`: the run recorded its whole month. */
  close(finished: boolean): Promise<void>;
}

/** One run's copy of the embedded store: every process on the same DATA_DIR. */
function sqliteSite(prepared: Prepared, instances: number): Promise<RunSite> {
  if (IN_PLACE) return Promise.resolve(inPlaceSite(prepared));
  const dir = mkdtempSync(join(WORK_DIR, `compensa-bench-api-${instances}-`));
  copyStoreFiles(prepared.dir, dir, STORE_FILES);
  return Promise.resolve({
    dir,
    start: (name, role, profile) => start(dir, name, role, profile),
    close: async () => {
      if (!PROFILE) rmSync(dir, { recursive: true, force: true });
    },
  });
}

/**
 * BENCH_API_IN_PLACE: the run's processes on the prepared store itself. Its `ready` mark is taken away while they run
 * and given back, one month more, once they stopped.
 */
function inPlaceSite(prepared: Prepared): RunSite {
  const note = readFileSync(join(prepared.dir, 'ready'), 'utf8');
  rmSync(join(prepared.dir, 'ready'));
  return {
    dir: prepared.dir,
    start: (name, role, profile) => start(prepared.dir, name, role, profile),
    close: (finished) => {
      if (!finished) {
        console.log(`  ${prepared.dir} holds part of a month now: left without its ready mark (built again next time)`);
        return Promise.resolve();
      }
      prepared.monthsRecorded++;
      markReady(
        prepared.dir,
        JSON.stringify({ ...(JSON.parse(note) as object), monthsRecorded: prepared.monthsRecorded }),
      );
      return Promise.resolve();
    },
  };
}

/** One run's copy on the double: the journal copied, a database from the prepared one, a DATA_DIR per process. */
async function doubleSite(prepared: Prepared, instances: number): Promise<RunSite> {
  const dir = mkdtempSync(join(WORK_DIR, `compensa-bench-api-double-${instances}-`));
  const database = `bench_api_run_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await createDatabase(PG_SERVER, database, prepared.database);
  const double = await startDoubleCopy(prepared.dir, dir);
  const env = doubleEnv(double.connectionString, databaseUrl(PG_SERVER, database));
  return {
    dir,
    start: (name, role, profile) =>
      start(dataDirWithSnapshots(prepared.dir, join(dir, name)), name, role, profile, env),
    storePid: double.child.pid,
    close: async () => {
      await double.stop('SIGTERM');
      await dropDatabase(PG_SERVER, database);
      if (!PROFILE) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The double mode's prepared store: a database of its own (dropped at the end), the history appended through a
 * double, then a worker on the double and the database projects the read models.
 */
async function preparedDouble(): Promise<Prepared> {
  const dir = mkdtempSync(join(WORK_DIR, 'compensa-bench-api-double-history-'));
  const database = `bench_api_prep_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await createDatabase(PG_SERVER, database);
  const remove = async () => {
    await dropDatabase(PG_SERVER, database);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const t = performance.now();
    const dbUrl = databaseUrl(PG_SERVER, database);
    const built = await prepareDoubleHistory(dir, dbUrl, GROUPS, CYCLES, DOUBLE_FILL);
    const projecting = performance.now();
    // On a copy, as a run: the prepared journal stays as it was (the worker appends nothing, but its double might).
    const site = mkdtempSync(join(WORK_DIR, 'compensa-bench-api-double-prepare-'));
    const double = await startDoubleCopy(dir, site);
    try {
      const worker = await start(
        dataDirWithSnapshots(dir, join(site, 'prepare-worker')),
        'prepare-worker',
        'worker',
        false,
        doubleEnv(double.connectionString, dbUrl),
      );
      try {
        await waitUntilCaughtUp(worker.url, 3_600_000, 500);
      } finally {
        await worker.stop('SIGTERM');
      }
    } finally {
      await double.stop('SIGTERM');
      rmSync(site, { recursive: true, force: true });
    }
    console.log(
      `read models projected into PostgreSQL by a worker in ${seconds(performance.now() - projecting)} (not measured)`,
    );
    return { dir, database, cost: { events: built.events, ms: performance.now() - t }, monthsRecorded: 0, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** The prepared store: from the cache, or built (history, snapshots, then a worker projects the read models). */
async function preparedStore(): Promise<Prepared> {
  if (ON_DOUBLE) return preparedDouble();
  const dir = CACHE
    ? join(CACHE, `api-${GROUPS * 10}x${CYCLES}`)
    : mkdtempSync(join(WORK_DIR, 'compensa-bench-api-history-'));
  if (CACHE && isReady(dir)) {
    console.log(`prepared store copied from ${dir} (BENCH_API_CACHE)`);
    const cost = JSON.parse(readFileSync(join(dir, 'ready'), 'utf8')) as BuildCost & {
      historyMoved?: boolean;
      monthsRecorded?: number;
    };
    const monthsRecorded = cost.monthsRecorded ?? 0;
    if (monthsRecorded > 0)
      console.log(`  it holds ${monthsRecorded} month(s) recorded by earlier BENCH_API_IN_PLACE runs`);
    return { dir, cost, historyMoved: cost.historyMoved, monthsRecorded, remove: () => Promise.resolve() };
  }
  const t = performance.now();
  let built: { events: number };
  if (HISTORY_FROM) {
    if (!CACHE) throw new Error('BENCH_API_HISTORY_FROM needs BENCH_API_CACHE (the history is moved there)');
    if (!isReady(HISTORY_FROM)) throw new Error(`${HISTORY_FROM} holds no prepared history (no "ready" mark)`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(HISTORY_FROM, dir);
    rmSync(join(dir, 'ready'));
    const db = new DatabaseSync(join(dir, 'events.db'), { readOnly: true });
    built = { events: Number((db.prepare('SELECT max(position) AS n FROM events').get() as { n: number }).n) };
    db.close();
    console.log(`history of ${fmt(built.events)} events moved from ${HISTORY_FROM} (BENCH_API_HISTORY_FROM)`);
  } else {
    mkdirSync(dir, { recursive: true });
    built = await prepareHistory(dir, GROUPS, CYCLES);
  }
  const projecting = performance.now();
  const worker = await start(dir, 'prepare-worker', 'worker');
  try {
    await waitUntilCaughtUp(worker.url, 3_600_000, 500);
  } finally {
    await worker.stop('SIGTERM');
  }
  console.log(`read models projected by a worker in ${seconds(performance.now() - projecting)} (not measured)`);
  const cost = { events: built.events, ms: performance.now() - t };
  const historyMoved = HISTORY_FROM !== undefined;
  if (CACHE) {
    markReady(dir, JSON.stringify({ ...cost, historyMoved }));
    console.log(`prepared store kept in ${dir} for the next runs (BENCH_API_CACHE)`);
  }
  return {
    dir,
    cost,
    historyMoved,
    monthsRecorded: 0,
    remove: async () => (CACHE ? undefined : rmSync(dir, { recursive: true, force: true })),
  };
}

function runAutocannon(urls: string[], requests: readonly ApiRequest[]): Promise<AutocannonResult> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: urls,
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

interface RunResult {
  perSecond: number;
  p99: number;
}

/**
 * One run: a fresh copy of the prepared store, a worker and `instances` API processes (0: one `--role all` process,
 * the embedded default, serving and running the consumers), the month's readings.
 */
async function run(prepared: Prepared, instances: number, groups: Group[]): Promise<RunResult> {
  // The cycle after the history, and after the months earlier runs recorded on this store (BENCH_API_IN_PLACE).
  const readings = cycleReadings(groups, CYCLES + prepared.monthsRecorded).map((r) => r.request);
  const site = await (ON_DOUBLE ? doubleSite : sqliteSite)(prepared, instances);
  const processes: ApiAppProcess[] = [];
  let finished = false;
  try {
    if (IN_PLACE) console.log(`in place: this run records cycle ${CYCLES + prepared.monthsRecorded + 1} of the store`);
    const worker = await site.start(instances === 0 ? 'all' : 'worker', instances === 0 ? 'all' : 'worker', PROFILE);
    processes.push(worker);
    // One at a time: the first start of a store is not the measured part.
    for (let i = 0; i < instances; i++) processes.push(await site.start(`api-${i}`, 'api', PROFILE));
    const apis = instances === 0 ? [worker] : processes.slice(1);
    await waitUntilCaughtUp(worker.url, 600_000);

    const cpuBefore = apis.map((a) => cpuSecondsOf(a.child.pid));
    const workerCpuBefore = instances === 0 ? 0 : cpuSecondsOf(worker.child.pid);
    const storeCpuBefore = cpuSecondsOf(site.storePid);
    const started = Date.now();
    const result = await runAutocannon(
      apis.map((a) => a.url),
      readings,
    );
    const lastAnswer = Date.now();
    const lag = await consumerLag(worker.url);
    const apiCpu = apis.reduce((sum, a, i) => sum + cpuSecondsOf(a.child.pid) - cpuBefore[i], 0);
    const idleAt = await waitUntilCaughtUp(worker.url, 1_800_000, 50);
    const workerCpu = instances === 0 ? 0 : cpuSecondsOf(worker.child.pid) - workerCpuBefore;
    const storeCpu = cpuSecondsOf(site.storePid) - storeCpuBefore;

    const wall = (lastAnswer - started) / 1000;
    const perSecond = result['2xx'] / wall;
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    console.log(
      instances === 0
        ? '1 process --role all (the embedded default, one process):'
        : `${instances} API instance${instances > 1 ? 's' : ''} + 1 worker:`,
    );
    console.log(
      `  readings/s : ${fmt(perSecond)}  (${fmt(result['2xx'])} of ${fmt(readings.length)} in ${wall.toFixed(1)} s; target >= ${TARGET.readingsPerSecond}: ${verdict(perSecond >= TARGET.readingsPerSecond)})`,
    );
    console.log(
      `  latency    : p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms  (p99 target < ${TARGET.p99Ms}: ${verdict(result.latency.p99 < TARGET.p99Ms)})`,
    );
    console.log(
      `  CPU        : API processes ${apiCpu.toFixed(1)} s = ${fmt(result['2xx'] / apiCpu)} readings per API CPU-second; worker ${workerCpu.toFixed(1)} s until idle${site.storePid === undefined ? '' : `; the double ${storeCpu.toFixed(1)} s`}`,
    );
    console.log(
      `  answers    : 2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}  status codes: ${statusCounts(result)}`,
    );
    console.log(
      `  worker lag at the last answer: ${maxOf(lag.processManagers)} events (process managers), ${maxOf(lag.projections)} events (projections) behind the head [${describeLag(lag)}]; idle ${seconds(Math.max(0, idleAt - lastAnswer))} after the last answer`,
    );
    finished = result['2xx'] === readings.length;
    return { perSecond, p99: result.latency.p99 };
  } finally {
    for (const p of processes.reverse()) await p.stop(PROFILE ? 'SIGUSR2' : 'SIGTERM').catch(() => undefined);
    if (PROFILE) {
      const profiles = readdirSync(site.dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith('.cpuprofile'),
      );
      console.log(`  cpu profiles: ${profiles.map((f) => join(site.dir, f)).join(', ')}`);
    }
    await site.close(finished);
  }
}

async function main(): Promise<void> {
  if (!Number.isInteger(INSTANCES) || INSTANCES < 1) throw new Error(`--instances must be a positive integer`);
  if (STORE !== 'sqlite' && !ON_DOUBLE) throw new Error(`BENCH_API_STORE must be sqlite or kurrentdb-double`);
  if (IN_PLACE && (ON_DOUBLE || !CACHE))
    throw new Error('BENCH_API_IN_PLACE=1 needs the embedded store and BENCH_API_CACHE');
  console.log(
    `api bench: ${fmt(GROUPS * 10)} UCs × ${CYCLES} cycles of history, ${BASELINE ? 'one --role all process, then ' : ''}${INSTANCES > 1 ? `1 and ${INSTANCES} API instances` : '1 API instance'} + 1 worker, ${ON_DOUBLE ? 'on the KurrentDB double (a process) + PostgreSQL' : 'on the embedded store'}, ${CONNECTIONS} connections, node ${process.version}`,
  );
  const prepared = await preparedStore();
  try {
    const perUcCycle = prepared.cost.ms / (GROUPS * 10 * CYCLES);
    if (prepared.historyMoved)
      console.log(
        `prepared store: ${fmt(prepared.cost.events)} events, the history bench:import's, read models projected in ${seconds(prepared.cost.ms)}`,
      );
    else
      console.log(
        `prepared store: ${fmt(prepared.cost.events)} events, built in ${seconds(prepared.cost.ms)}. The issue's ${fmt(ASKED.ucs)} UCs × ${ASKED.cycles} cycles would take about ${((perUcCycle * ASKED.ucs * ASKED.cycles) / 3_600_000).toFixed(1)} h to build here at this rate (~${fmt((prepared.cost.events * ASKED.ucs * ASKED.cycles) / (GROUPS * 10 * CYCLES))} events${ON_DOUBLE ? ', appended through the double' : ''}), so it was not built`,
      );
    const groups = buildGroups(GROUPS);
    // The embedded default first: what splitting the roles into processes costs on this store.
    const all = BASELINE ? await run(prepared, 0, groups) : null;
    const one = await run(prepared, 1, groups);
    if (INSTANCES > 1) {
      const many = await run(prepared, INSTANCES, groups);
      console.log(
        `ratio ${INSTANCES}/1 instances: readings/s ${(many.perSecond / one.perSecond).toFixed(2)}×, p99 ${(many.p99 / one.p99).toFixed(2)}× (the processes share the machine's cores${ON_DOUBLE ? ' and the one double' : " and the store's one write lock"}${IN_PLACE ? '; in place, so the second run is a month later on the same store' : ''})`,
      );
    }
    if (all)
      console.log(
        `1 api + 1 worker vs one --role all process: readings/s ${(one.perSecond / all.perSecond).toFixed(2)}×, p99 ${(one.p99 / all.p99).toFixed(2)}×`,
      );
  } finally {
    await prepared.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
