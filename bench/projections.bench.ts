/**
 * `npm run bench:projections`: about a million events of a synthetic portfolio (20,000 UCs: 2,000 generators with 9
 * beneficiaries each, 16 cycles) are written to a fresh SQLite store; then, in the same run:
 *  - the raw baseline: a full `readAll` of that store (events/s);
 *  - every projection rebuilt from zero into SQLite, and into PostgreSQL (127.0.0.1:5432, a fresh schema dropped
 *    afterwards), events/s and the ratio to the raw read;
 *  - the audit (pure-domain replay with its checks) of one UC with 60 cycles (a second, small store), and of
 *    everything in the big store (events/s).
 *  - the rebuild in 1 and in 2 partitions (BENCH_PARTITIONS), each partition its own process
 *    (`bench/support/rebuild-partition.ts`, all started at once), into SQLite and PostgreSQL: events/s over the wall
 *    time from the first partition's start to the last one's end (start-up left out), events per CPU-second of the
 *    partition processes (the PostgreSQL server's own CPU not counted), and the ratio of 2 partitions to 1. On a
 *    2-core machine the ratio is bounded: the partitions, PostgreSQL and the reads share the two cores; on SQLite the
 *    partitions' write transactions queue for its one writer.
 * Targets on a 2-core machine: rebuild ≥ 50,000 events/s into SQLite and ≥ 20,000 into PostgreSQL; one UC's audit
 * under 100 ms. Env: BENCH_GROUPS (2000), BENCH_CYCLES (16), READ_MODEL_BENCH_URL (postgres://postgres@127.0.0.1:5432/test),
 * BENCH_PARTITIONS (1,2; empty: skip).
 */
import { auditReplay } from '@compensa/application';
import { SqliteEventStore } from '@compensa/event-store';
import { ALL_PROJECTIONS, openReadModels, ProjectionRunner } from '@compensa/projections';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillStore } from './support/fill-store';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 2000);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 16);
const PG_URL = process.env.READ_MODEL_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PARTITIONS = (process.env.BENCH_PARTITIONS ?? '1,2')
  .split(',')
  .filter((p) => p.trim() !== '')
  .map(Number);

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US');

async function rawReadAll(store: SqliteEventStore): Promise<{ events: number; ms: number }> {
  const t = performance.now();
  let events = 0;
  for await (const _ of store.readAll()) events++;
  return { events, ms: performance.now() - t };
}

async function rebuildInto(
  store: SqliteEventStore,
  url: string,
  schema?: string,
): Promise<{ events: number; eps: number }> {
  const readModels = await openReadModels(url, schema ? { schema } : {});
  try {
    const runner = new ProjectionRunner({ store, readModels });
    const result = await runner.rebuild();
    return { events: result.events, eps: Math.round(result.eventsPerSecond) };
  } finally {
    await readModels.close(schema ? { dropSchema: true } : {});
  }
}

/** What one partition process reported. */
interface PartitionRun {
  events: number;
  startedAt: number;
  endedAt: number;
  cpuSeconds: number;
  finished: boolean;
}

/** Runs `bench/support/rebuild-partition.ts` for one partition; its report. */
function partitionProcess(args: string[]): Promise<PartitionRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--require', './test/support/swc-register.js', 'bench/support/rebuild-partition.ts', ...args],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as PartitionRun)
        : reject(new Error(`partition ${args[3]} exited with ${code}`)),
    );
  });
}

/** Rows per projection table: the runs with 1 and 2 partitions must agree (the tests compare row by row). */
async function rowCounts(url: string, schema?: string): Promise<string> {
  const readModels = await openReadModels(url, schema ? { schema } : {});
  try {
    const counts: string[] = [];
    for (const table of ALL_PROJECTIONS.flatMap((p) => p.tables)) {
      const { n } = await readModels.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      counts.push(`${table}=${Number(n)}`);
    }
    return counts.join(' ');
  } finally {
    await readModels.close();
  }
}

/** A rebuild in `count` partitions, one process each, all started at once after the plan is made. */
async function partitionedRebuild(
  store: SqliteEventStore,
  eventsPath: string,
  url: string,
  count: number,
  schema?: string,
): Promise<{ events: number; eps: number; perCpuSecond: number; counts: string }> {
  const readModels = await openReadModels(url, schema ? { schema } : {});
  let target: number;
  try {
    [{ target }] = await new ProjectionRunner({ store, readModels }).preparePartitions(undefined, count);
  } finally {
    await readModels.close();
  }
  const runs = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      partitionProcess([eventsPath, url, schema ?? '-', `${index}/${count}`]),
    ),
  );
  if (runs.filter((r) => r.finished).length !== 1) throw new Error('no partition finished the rebuild');
  const seconds = (Math.max(...runs.map((r) => r.endedAt)) - Math.min(...runs.map((r) => r.startedAt))) / 1000;
  const cpu = runs.reduce((sum, r) => sum + r.cpuSeconds, 0);
  return {
    events: target,
    eps: Math.round(target / seconds),
    perCpuSecond: Math.round(target / cpu),
    counts: await rowCounts(url, schema),
  };
}

/** Prints the rebuild in 1 and 2 (BENCH_PARTITIONS) partitions into one engine, and the ratio. */
async function partitionedRebuilds(
  engine: string,
  store: SqliteEventStore,
  eventsPath: string,
  urlFor: (count: number) => { url: string; schema?: string; drop?: () => Promise<void> },
): Promise<void> {
  const rates = new Map<number, number>();
  let counts: string | null = null;
  for (const count of PARTITIONS) {
    (globalThis as { gc?: () => void }).gc?.();
    const { url, schema, drop } = urlFor(count);
    try {
      const r = await partitionedRebuild(store, eventsPath, url, count, schema);
      rates.set(count, r.eps);
      const same =
        counts === null ? '' : `  row counts as with ${PARTITIONS[0]}: ${r.counts === counts ? 'yes' : 'NO'}`;
      counts ??= r.counts;
      console.log(
        `rebuild in ${count} partition${count > 1 ? 's' : ''} (processes), ${engine}: ${fmt(r.eps)} events/s  ${fmt(r.perCpuSecond)} events per CPU-second of the partitions  load ${loadavg()[0].toFixed(1)}${same}`,
      );
    } finally {
      await drop?.();
    }
  }
  if (rates.has(1) && rates.has(2))
    console.log(`  ${engine}: 2 partitions / 1 = ${(rates.get(2)! / rates.get(1)!).toFixed(2)} (2 cores, shared)`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-bench-projections-'));
  try {
    console.log(`projections bench: ${fmt(GROUPS * 10)} UCs × ${CYCLES} cycles, node ${process.version}`);
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    const filled = await fillStore(store, GROUPS, CYCLES, (done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\rwriting events ${fmt(done)}/${fmt(total)}`);
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(
      `store: ${fmt(filled.events)} events written in ${(filled.ms / 1000).toFixed(1)} s (generation in memory + appends)`,
    );

    // Each phase starts on a settled heap: the generation above leaves a large one behind.
    (globalThis as { gc?: () => void }).gc?.();
    const raw = await rawReadAll(store);
    const rawEps = rate(raw.events, raw.ms);
    console.log(
      `raw readAll (baseline):          ${fmt(rawEps)} events/s  (${fmt(raw.events)} events in ${(raw.ms / 1000).toFixed(2)} s)`,
    );

    const sqlite = await rebuildInto(store, `sqlite:${join(dir, 'read-models.db')}`);
    console.log(
      `rebuild all projections, SQLite: ${fmt(sqlite.eps)} events/s  ratio to raw ${(sqlite.eps / rawEps).toFixed(2)}  target ≥ 50,000: ${sqlite.eps >= 50_000 ? 'met' : 'NOT met'}`,
    );

    try {
      const pg = await rebuildInto(store, PG_URL, `bench_${process.pid}`);
      console.log(
        `rebuild all projections, PostgreSQL: ${fmt(pg.eps)} events/s  ratio to raw ${(pg.eps / rawEps).toFixed(2)}  target ≥ 20,000: ${pg.eps >= 20_000 ? 'met' : 'NOT met'}`,
      );
    } catch (err) {
      console.log(`rebuild into PostgreSQL skipped: ${(err as Error).message} (is PostgreSQL running at ${PG_URL}?)`);
    }

    if (PARTITIONS.length > 0) {
      const eventsPath = join(dir, 'events.db');
      await partitionedRebuilds('SQLite', store, eventsPath, (count) => ({
        url: `sqlite:${join(dir, `read-models-${count}p.db`)}`,
      }));
      try {
        await partitionedRebuilds('PostgreSQL', store, eventsPath, (count) => {
          const schema = `bench_${process.pid}_${count}p`;
          return {
            url: PG_URL,
            schema,
            drop: async () => (await openReadModels(PG_URL, { schema })).close({ dropSchema: true }),
          };
        });
      } catch (err) {
        console.log(`rebuild in partitions into PostgreSQL skipped: ${(err as Error).message}`);
      }
    }

    // One UC with 60 cycles, in a small store of its own (one generator and its 9 beneficiaries).
    const small = new SqliteEventStore({ path: join(dir, 'one-uc.db') });
    await fillStore(small, 1, 60);
    const timings: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const report = await auditReplay(small, { uc: '100000' });
      timings.push(performance.now() - t);
      if (!report.summary.passed) throw new Error('the audit of the one-UC store did not pass');
    }
    timings.sort((a, b) => a - b);
    const median = timings[3];
    console.log(
      `audit of one UC with 60 cycles:  ${median.toFixed(1)} ms (median of 7)  target < 100 ms: ${median < 100 ? 'met' : 'NOT met'}`,
    );
    await small.close();

    const t = performance.now();
    const all = await auditReplay(store, { all: true });
    const ms = performance.now() - t;
    console.log(
      `audit of everything:             ${fmt(rate(all.summary.eventsReplayed, ms))} events/s  (${fmt(all.summary.eventsReplayed)} events, ${all.summary.streams} streams, ${(ms / 1000).toFixed(1)} s, passed: ${all.summary.passed})`,
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
