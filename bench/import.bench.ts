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
 *    fresh Platform: readings/s, the ratio to (2), readings per CPU-second, the peak RSS of the importing process.
 * 4. Memory: the next four months of every UC as one file (4× the rows): its peak RSS beside (3)'s
 *    (BENCH_IMPORT_MEMORY_MONTHS: another number of months, 8 to see where the peak stops).
 * Each of (2), (3) and (4) runs in a child process of its own (support/import-child.ts), one after the other on the
 * same store: a process does not give back the RSS it once held, so a peak measured after another step would carry
 * that step's leftovers. The peak RSS is the kernel's high-water mark of that child up to the end of its import (its
 * start-up included); "before" is its RSS when the import starts.
 * The importing children run with the V8 flags of `compensa import` (bin/import-node-flags.js; BENCH_IMPORT_NODE_FLAGS
 * overrides them, '' for node's defaults), the command path's with node's defaults, as the API runs.
 * The process managers run throughout (excedente delivery); the time they need after the last reading is printed.
 * Each import's line also gives how long the store held its write lock (BEGIN IMMEDIATE to the end of COMMIT, the
 * process managers' appends included) per reading: SQLite lets one writer at a time hold it, so its inverse bounds the
 * readings/s of this store however many processes decide them.
 * On a shared machine, readings per CPU-second is the figure other processes do not move (less than wall time, yet
 * still ±20 % at a load of 2–5 on 2 cores); `NODE_OPTIONS="--require ./bench/support/count-sql.js"` counts the SQLite
 * statements each process runs, which do not move at all.
 */
import type { ImportSummary } from '@compensa/application';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  fsyncSync,
  openSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyStoreFiles, HISTORY_FILES, importCacheDir, prepareHistory } from './support/prepared-history';
import { writeReadingsCsv } from './support/readings-csv';
import { readingsOf, buildGroups } from './support/synthetic-portfolio';

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
function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The months of every UC in step 4's file (default 4). */
const MEMORY_MONTHS = Number(process.env.BENCH_IMPORT_MEMORY_MONTHS ?? 4);

/** BENCH_IMPORT_PROFILE=1 (read by the child): a CPU profile of each import, kept beside its file. */
const PROFILE = process.env.BENCH_IMPORT_PROFILE === '1';
const ROOT = join(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { IMPORT_NODE_FLAGS } = require('../bin/import-node-flags') as { IMPORT_NODE_FLAGS: string[] };
/**
 * BENCH_IMPORT_NODE_FLAGS: the V8 flags of the importing processes; default those `compensa import` runs with
 * (bin/import-node-flags.js), '' for node's defaults. The command path's process has node's defaults, as the API.
 */
const IMPORT_FLAGS = (process.env.BENCH_IMPORT_NODE_FLAGS ?? IMPORT_NODE_FLAGS.join(' ')).split(' ').filter(Boolean);

/**
 * One measured step in a child process of its own (support/import-child.ts), so that its peak RSS is not the
 * leftovers of the steps before it. Its own lines are passed through; its last line is its figures.
 */
function inChild<T>(flags: readonly string[], ...args: string[]): T {
  const out = execFileSync(
    process.execPath,
    [
      ...flags,
      '--expose-gc',
      '--require',
      join(ROOT, 'test', 'support', 'swc-register.js'),
      join(__dirname, 'support', 'import-child.ts'),
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  const lines = out.trimEnd().split('\n');
  for (const line of lines.slice(0, -1)) console.log(line);
  return JSON.parse(lines.at(-1)!) as T;
}

interface ImportFigures {
  summary: ImportSummary;
  before: number;
  peak: number;
  convergence: number;
}

/**
 * BENCH_IMPORT_PREPARE_ONLY=1 (with BENCH_IMPORT_CACHE): only the cache is prepared, so that the runs to compare both
 * start from a copy. The history is then built inside the cache's folder, not built elsewhere and copied there: at
 * 200,000 UCs × 60 cycles (about 44 GB) a second copy would not fit beside it on this disk.
 */
const PREPARE_ONLY = process.env.BENCH_IMPORT_PREPARE_ONLY === '1';

async function main(): Promise<void> {
  const cacheDir = CACHE ? importCacheDir(CACHE, GROUPS * 10, CYCLES) : null;
  if (PREPARE_ONLY && !cacheDir) throw new Error('BENCH_IMPORT_PREPARE_ONLY=1 needs BENCH_IMPORT_CACHE');
  if (PREPARE_ONLY && existsSync(join(cacheDir!, 'ready'))) {
    console.log(`${cacheDir} is already prepared (BENCH_IMPORT_CACHE)`);
    return;
  }
  if (PREPARE_ONLY) {
    rmSync(cacheDir!, { recursive: true, force: true });
    mkdirSync(cacheDir!, { recursive: true });
  }
  const dir = PREPARE_ONLY ? cacheDir! : mkdtempSync(join(tmpdir(), 'compensa-bench-import-'));
  try {
    console.log(
      `import bench: ${fmt(GROUPS * 10)} UCs × ${CYCLES} cycles of history, node ${process.version}, ` +
        `imports with ${IMPORT_FLAGS.join(' ') || "node's default flags"}`,
    );
    const cached = cacheDir;
    if (PREPARE_ONLY) {
      await prepareHistory(dir, GROUPS, CYCLES);
      for (const f of HISTORY_FILES) if (existsSync(join(dir, f))) fsyncFile(join(dir, f));
      writeFileSync(join(dir, 'ready'), '');
      console.log(`history and snapshots prepared in ${dir} for the next runs (BENCH_IMPORT_CACHE)`);
      return;
    }
    if (cached && existsSync(join(cached, 'ready'))) {
      copyStoreFiles(cached, dir, HISTORY_FILES);
      // On disk before measuring: the copy's writeback would otherwise run beside the imports' own writes and fsyncs.
      for (const f of HISTORY_FILES) if (existsSync(join(dir, f))) fsyncFile(join(dir, f));
      console.log(`history and snapshots copied from ${cached} (BENCH_IMPORT_CACHE)`);
    } else {
      await prepareHistory(dir, GROUPS, CYCLES);
      if (cached) {
        copyStoreFiles(dir, cached, HISTORY_FILES);
        writeFileSync(join(cached, 'ready'), '');
        console.log(`history and snapshots kept in ${cached} for the next run (BENCH_IMPORT_CACHE)`);
      }
    }

    const groups = buildGroups(GROUPS);
    const month = readingsOf(groups, CYCLES);
    // The child of (2) takes the same first 10% of the groups.
    const baselineUcs = new Set(
      groups.slice(0, Math.max(1, Math.floor(GROUPS / 10))).flatMap((g) => [g.generator, ...g.beneficiaries]),
    );
    const importReadingsList = month.filter((r) => !baselineUcs.has(r.ucId));

    // 2. The in-process command path, nothing cached.
    const base = inChild<{ readings: number; seconds: number; cpu: number; before: number; peak: number }>(
      [],
      'command',
      dir,
      `${GROUPS},${CYCLES}`,
    );
    const commandRate = base.readings / base.seconds;
    console.log(
      `command path (baseline): ${fmt(commandRate)} readings/s (${fmt(base.readings)} readings, 32 callers; ` +
        `${fmt(base.readings / base.cpu)} per CPU-second, ${base.cpu.toFixed(1)} s CPU; peak RSS ${mb(base.peak)})`,
    );

    // 3. The import, nothing cached.
    const file = join(dir, 'month.csv');
    const rows = await writeReadingsCsv(file, importReadingsList);
    const runImport = (path: string) => inChild<ImportFigures>(IMPORT_FLAGS, 'import', dir, path);
    const month1 = runImport(file);
    const s = month1.summary;
    console.log(
      `import: ${fmt(s.readingsPerSecond)} readings/s (${fmt(s.readings)} readings, ${fmt(rows)} rows, ${mb(statSync(file).size)} file; ` +
        `${fmt(s.accepted)} accepted, ${fmt(s.refused)} refused) = ${(s.readingsPerSecond / commandRate).toFixed(2)}× the command path; ` +
        `peak RSS ${mb(month1.peak)} (${mb(month1.before)} before); process managers idle ${(month1.convergence / 1000).toFixed(1)} s after the last reading`,
    );

    // 4. Four months (MEMORY_MONTHS) in one file: memory flat in the file's size.
    const big = join(dir, `${MEMORY_MONTHS}-months.csv`);
    const bigRows = await writeReadingsCsv(
      big,
      (function* () {
        for (let c = CYCLES + 1; c <= CYCLES + MEMORY_MONTHS; c++) yield* readingsOf(groups, c);
      })(),
    );
    const month4 = runImport(big);
    console.log(
      `import of ${fmt(bigRows)} rows (${mb(statSync(big).size)}): ${fmt(month4.summary.readingsPerSecond)} readings/s, peak RSS ${mb(month4.peak)} (${mb(month4.before)} before) ` +
        `(${fmt(rows)} rows: ${mb(month1.peak)})`,
    );
    console.log(`goal: 20,000 readings/s at 100,000 UCs with 60 cycles of history`);
  } finally {
    if (PROFILE) console.log(`kept ${dir} (profiles)`);
    // PREPARE_ONLY built in the cache: kept (a folder without its "ready" mark is built again by the next run).
    else if (!PREPARE_ONLY) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
