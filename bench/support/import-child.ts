/**
 * One measured step of bench:import, in a process of its own so that its peak RSS is its own (RSS a process once held
 * is not given back): `node --expose-gc --require swc-register import-child.ts STEP DIR ARG`.
 * - `command DIR GROUPS,CYCLES`: the first 10% of the groups' readings of cycle CYCLES through the in-process command
 *   path (32 concurrent callers), on a fresh Platform.
 * - `import DIR FILE`: FILE through `importReadings`, on a fresh Platform, as `compensa import readings` does it.
 * Prints its line of figures (CPU, appends) to stdout, then one JSON line: what the bench summarizes.
 * BENCH_IMPORT_PROFILE=1: a CPU profile of the import, kept beside FILE.
 */
import { importReadings, platformImportTarget, readingGroupsOf } from '@compensa/application';
import { createReadStream, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { runPool } from '../../test/support/run-pool';
import { openHistoryPlatform } from './prepared-history';
import { loadConfig } from '../../apps/api/src/config';
import { importCaches } from '../../apps/cli/src/import/open-import-platform';
import { buildGroups, readingCommand, readingsOf } from './synthetic-portfolio';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
/** The kernel's share of a CPU time (reads of pages, writes and fsyncs of the WAL). */
const sysShare = (c: NodeJS.CpuUsage) => `${c.system / 1e6 >= 0.05 ? (c.system / 1e6).toFixed(1) : '0'} s of it system`;

/** The kernel's high-water mark of this process's RSS (bytes): no sampling to miss a peak. */
const maxRss = () => process.resourceUsage().maxRSS * 1024;

async function startProfiler(): Promise<{ stop: (path: string) => Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (path) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      return path;
    },
  };
}

async function commandPath(dir: string, groupsCycles: string): Promise<object> {
  const [groupCount, cycle] = groupsCycles.split(',').map(Number);
  const groups = buildGroups(groupCount!);
  const baselineUcs = new Set(
    groups.slice(0, Math.max(1, Math.floor(groupCount! / 10))).flatMap((g) => [g.generator, ...g.beneficiaries]),
  );
  const readings = readingsOf(groups, cycle!).filter((r) => baselineUcs.has(r.ucId));
  const p = openHistoryPlatform(dir);
  await p.platform.start();
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  const cpuBefore = process.cpuUsage();
  const t = performance.now();
  await runPool(readings, 32, async (r) => {
    const { data } = readingCommand(r) as { data: Record<string, unknown> };
    await p.platform.commands.execute('RecordReading', { ...data, ucId: r.ucId } as never, {});
  });
  const seconds = (performance.now() - t) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(cpuBefore));
  const peak = maxRss();
  await p.platform.waitForIdle();
  await p.close();
  return { readings: readings.length, seconds, cpu, before, peak };
}

async function fileImport(dir: string, file: string): Promise<object> {
  // What `compensa import` keeps in memory (its own defaults, or COMPENSA_STATE_CACHE_STREAMS /
  // COMPENSA_DIRECTORY_CACHE_UCS).
  const p = openHistoryPlatform(dir, importCaches(process.env, loadConfig(process.env)));
  await p.platform.start();
  const profiler = process.env.BENCH_IMPORT_PROFILE === '1' ? await startProfiler() : null;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  const stats = { ...p.store.stats };
  const cpuBefore = process.cpuUsage();
  const summary = await importReadings(
    readingGroupsOf(createReadStream(file), 'csv'),
    platformImportTarget(p.platform, p.store),
  );
  const cpuUsage = process.cpuUsage(cpuBefore);
  const cpu = cpuSeconds(cpuUsage);
  // The process's peak up to the end of the import (its start-up included, the process managers' catching up not).
  const peak = maxRss();
  // Where the memory is as the import ends: V8's heap (used of held), and outside it (SQLite's page caches, buffers).
  const m = process.memoryUsage();
  // What of that heap is live (a full collection first): what the import keeps, not what it has yet to collect.
  (globalThis as { gc?: () => void }).gc?.();
  const live = process.memoryUsage().heapUsed;
  if (profiler) console.log(`cpu profile of the import: ${await profiler.stop(`${file}.cpuprofile`)}`);
  const appends = p.store.stats.appends - stats.appends;
  const transactions = p.store.stats.transactions - stats.transactions;
  // The store's write lock: held by one writer at a time, whatever the number of processes deciding.
  const writeSeconds = (p.store.stats.writeMs - stats.writeMs) / 1000;
  const commitSeconds = (p.store.stats.commitMs - stats.commitMs) / 1000;
  const t = performance.now();
  await p.platform.waitForIdle();
  const convergence = performance.now() - t;
  // Until idle: the process managers' deliveries counted too, whether they ran during the import or after it.
  const idleCpu = cpuSeconds(process.cpuUsage(cpuBefore));
  await p.close();
  console.log(
    `  ${fmt(summary.readings / cpu)} readings per CPU-second of this process (${cpu.toFixed(1)} s CPU, ${sysShare(cpuUsage)}, ${summary.seconds.toFixed(1)} s wall); ` +
      `${fmt(summary.readings / idleCpu)} until the process managers are idle (${idleCpu.toFixed(1)} s CPU); ` +
      `${fmt(appends)} appends in ${fmt(transactions)} transactions during the import (process managers' included); ` +
      `the store's write lock held ${writeSeconds.toFixed(2)} s (COMMIT ${commitSeconds.toFixed(2)} s): ` +
      `${Math.round((writeSeconds * 1e6) / summary.readings)} µs a reading, at most ${fmt(summary.readings / writeSeconds)} readings/s for one writer; ` +
      `at its end RSS ${mb(m.rss)}, V8 heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)} (${mb(live)} live), external ${mb(m.external)}`,
  );
  return { summary, cpu, idleCpu, before, peak, convergence };
}

async function main(): Promise<void> {
  const [step, dir, arg] = process.argv.slice(2);
  const result = step === 'command' ? await commandPath(dir!, arg!) : await fileImport(dir!, arg!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
