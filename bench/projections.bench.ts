/**
 * `npm run bench:projections`: about a million events of a synthetic portfolio (20,000 UCs: 2,000 generators with 9
 * beneficiaries each, 16 cycles) are written to a fresh SQLite store; then, in the same run:
 *  - the raw baseline: a full `readAll` of that store (events/s);
 *  - every projection rebuilt from zero into SQLite, and into PostgreSQL (127.0.0.1:5432, a fresh schema dropped
 *    afterwards), events/s and the ratio to the raw read;
 *  - the audit (pure-domain replay with its checks) of one UC with 60 cycles (a second, small store), and of
 *    everything in the big store (events/s).
 * Targets on a 2-core machine: rebuild ≥ 50,000 events/s into SQLite and ≥ 20,000 into PostgreSQL; one UC's audit
 * under 100 ms. Env: BENCH_GROUPS (2000), BENCH_CYCLES (16), READ_MODEL_BENCH_URL (postgres://postgres@127.0.0.1:5432/test).
 */
import { auditReplay } from '@compensa/application';
import { SqliteEventStore } from '@compensa/event-store';
import { openReadModels, ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillStore } from './support/fill-store';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 2000);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 16);
const PG_URL = process.env.READ_MODEL_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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
