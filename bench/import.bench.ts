/**
 * `npm run bench:import`: a month of readings imported from CSV on the embedded store, for UCs that already have
 * years of history (BENCH_IMPORT_UCS UCs, default 100,000, each with BENCH_IMPORT_CYCLES cycles, default 60: a real
 * month, not a fresh store). Not part of CI.
 *
 * 1. History: the synthetic portfolio (bench/support) run in memory for CYCLES cycles and appended (not measured).
 *    The snapshots the previous month's import would have left are written by loading every UC once (not measured).
 * 2. Baseline: the first 10% of the groups' readings through the in-process command path
 *    (`platform.commands.execute('RecordReading', …)`, 32 concurrent callers) on a fresh Platform: nothing cached.
 * 3. Import: the other 90% as a CSV file (`;`, decimal comma, one line per posto) through `importReadings`, on a
 *    fresh Platform: readings/s, the ratio to (2), the peak RSS while importing.
 * 4. Memory: the next four months of every UC as one file (4× the rows): its peak RSS beside (3)'s.
 * The process managers run throughout (excedente delivery); the time they need after the last reading is printed.
 */
import { importReadings, platformImportTarget, readingGroupsOf } from '@compensa/application';
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPool } from '../test/support/run-pool';
import { openHistoryPlatform, prepareHistory } from './support/prepared-history';
import { readingCommand, readingsOf, buildGroups, type Reading } from './support/synthetic-portfolio';

const UCS = Number(process.env.BENCH_IMPORT_UCS ?? 100_000);
const CYCLES = Number(process.env.BENCH_IMPORT_CYCLES ?? 60);
const GROUPS = Math.max(2, Math.ceil(UCS / 10));
/**
 * BENCH_IMPORT_CACHE=DIR: the prepared history is kept there (per size) and copied by later runs. The history is
 * generated a slice of groups at a time (memory flat in the number of UCs: about 2.5 GB peak); its size on disk is
 * about 1.25 KB an event (10,000 UCs × 60 cycles: 1.8 million events, 2.2 GB; 100,000 × 60: some 22 GB, twice with the
 * cache while it is prepared).
 */
const CACHE = process.env.BENCH_IMPORT_CACHE;
const DB_FILES = ['events.db', 'events.db-wal', 'platform.db', 'platform.db-wal'];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Readings as the CSV a distribuidora exports: `;`, decimal comma, one line per posto. */
async function writeCsv(path: string, readings: Iterable<Reading>): Promise<number> {
  const out = createWriteStream(path);
  out.write('uc;cycle;reading_date;posto;consumed;injected\n');
  const kwh = (wh: number) => `${Math.floor(wh / 1000)},${String(wh % 1000).padStart(3, '0')}`;
  let rows = 0;
  for (const r of readings) {
    for (const [posto, v] of Object.entries(r.postos)) {
      if (!out.write(`${r.ucId};${r.cycle};${r.readingDate};${posto};${kwh(v!.consumed)};${kwh(v!.injected)}\n`)) {
        await new Promise<void>((res) => out.once('drain', () => res()));
      }
      rows++;
    }
  }
  await new Promise<void>((res) => out.end(() => res()));
  return rows;
}

/** BENCH_IMPORT_PROFILE=1: a CPU profile of each import (not of the history's set-up), kept beside its file. */
const PROFILE = process.env.BENCH_IMPORT_PROFILE === '1';

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

/** Samples the RSS every 50 ms while `run` runs; its result and the peak. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ result: T; peak: number; before: number }> {
  // A settled heap first: the history's generation leaves a large one behind.
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const result = await run();
    return { result, before, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-bench-import-'));
  try {
    console.log(`import bench: ${fmt(GROUPS * 10)} UCs × ${CYCLES} cycles of history, node ${process.version}`);
    const cached = CACHE ? join(CACHE, `import-${GROUPS * 10}x${CYCLES}`) : null;
    if (cached && existsSync(join(cached, 'ready'))) {
      for (const f of DB_FILES) if (existsSync(join(cached, f))) copyFileSync(join(cached, f), join(dir, f));
      console.log(`history and snapshots copied from ${cached} (BENCH_IMPORT_CACHE)`);
    } else {
      await prepareHistory(dir, GROUPS, CYCLES);
      if (cached) {
        mkdirSync(cached, { recursive: true });
        for (const f of DB_FILES) if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(cached, f));
        writeFileSync(join(cached, 'ready'), '');
        console.log(`history and snapshots kept in ${cached} for the next run (BENCH_IMPORT_CACHE)`);
        // BENCH_IMPORT_PREPARE_ONLY=1: only the cache, so that the runs to compare both start from a copy.
        if (process.env.BENCH_IMPORT_PREPARE_ONLY === '1') return;
      }
    }

    const groups = buildGroups(GROUPS);
    const month = readingsOf(groups, CYCLES);
    const baselineUcs = new Set(
      groups.slice(0, Math.max(1, Math.floor(GROUPS / 10))).flatMap((g) => [g.generator, ...g.beneficiaries]),
    );
    const baseReadings = month.filter((r) => baselineUcs.has(r.ucId));
    const importReadingsList = month.filter((r) => !baselineUcs.has(r.ucId));

    // 2. The in-process command path, nothing cached.
    let commandRate = 0;
    {
      const p = openHistoryPlatform(dir);
      await p.platform.start();
      const t = performance.now();
      await runPool(baseReadings, 32, async (r) => {
        const { data } = readingCommand(r) as { data: Record<string, unknown> };
        await p.platform.commands.execute('RecordReading', { ...data, ucId: r.ucId } as never, {});
      });
      const s = (performance.now() - t) / 1000;
      commandRate = baseReadings.length / s;
      await p.platform.waitForIdle();
      await p.close();
      console.log(
        `command path (baseline): ${fmt(commandRate)} readings/s (${fmt(baseReadings.length)} readings, 32 callers)`,
      );
    }

    // 3. The import, nothing cached.
    const file = join(dir, 'month.csv');
    const rows = await writeCsv(file, importReadingsList);
    const runImport = async (path: string) => {
      const p = openHistoryPlatform(dir);
      await p.platform.start();
      const profiler = PROFILE ? await startProfiler() : null;
      const stats = { ...p.store.stats };
      const cpuBefore = process.cpuUsage();
      const { result, peak, before } = await withPeakRss(() =>
        importReadings(readingGroupsOf(createReadStream(path), 'csv'), platformImportTarget(p.platform, p.store)),
      );
      if (profiler) console.log(`cpu profile of the import: ${await profiler.stop(`${path}.cpuprofile`)}`);
      const cpu = process.cpuUsage(cpuBefore);
      const appends = p.store.stats.appends - stats.appends;
      const transactions = p.store.stats.transactions - stats.transactions;
      const t = performance.now();
      await p.platform.waitForIdle();
      const convergence = performance.now() - t;
      const cpuUntilIdle = process.cpuUsage(cpuBefore);
      await p.close();
      const seconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
      const cpuSeconds = seconds(cpu);
      // Until idle: the process managers' deliveries counted too, whether they ran during the import or after it.
      const idleSeconds = seconds(cpuUntilIdle);
      console.log(
        `  ${fmt(result.readings / cpuSeconds)} readings per CPU-second of this process (${cpuSeconds.toFixed(1)} s CPU, ${result.seconds.toFixed(1)} s wall); ` +
          `${fmt(result.readings / idleSeconds)} until the process managers are idle (${idleSeconds.toFixed(1)} s CPU); ` +
          `${fmt(appends)} appends in ${fmt(transactions)} transactions during the import (process managers' included)`,
      );
      return { summary: result, peak, before, convergence };
    };
    const month1 = await runImport(file);
    const s = month1.summary;
    console.log(
      `import: ${fmt(s.readingsPerSecond)} readings/s (${fmt(s.readings)} readings, ${fmt(rows)} rows, ${mb(statSync(file).size)} file; ` +
        `${fmt(s.accepted)} accepted, ${fmt(s.refused)} refused) = ${(s.readingsPerSecond / commandRate).toFixed(2)}× the command path; ` +
        `peak RSS ${mb(month1.peak)} (${mb(month1.before)} before); process managers idle ${(month1.convergence / 1000).toFixed(1)} s after the last reading`,
    );

    // 4. Four months in one file: memory flat in the file's size.
    const big = join(dir, 'four-months.csv');
    const bigRows = await writeCsv(
      big,
      (function* () {
        for (let c = CYCLES + 1; c <= CYCLES + 4; c++) yield* readingsOf(groups, c);
      })(),
    );
    const month4 = await runImport(big);
    console.log(
      `import of ${fmt(bigRows)} rows (${mb(statSync(big).size)}): ${fmt(month4.summary.readingsPerSecond)} readings/s, peak RSS ${mb(month4.peak)} (${mb(month4.before)} before) ` +
        `(${fmt(rows)} rows: ${mb(month1.peak)})`,
    );
    console.log(`goal: 20,000 readings/s at 100,000 UCs with 60 cycles of history`);
  } finally {
    if (PROFILE) console.log(`kept ${dir} (profiles)`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
