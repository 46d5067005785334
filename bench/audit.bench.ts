/**
 * `npm run bench:audit`: `compensa audit --all` with every check on (check 0 with the signed checkpoints, the hash
 * chains, every decision re-derived, the read models, check 4) and the JSON report written to a file, on synthetic
 * stores of growing size, each audit in a child process of its own so that its peak RSS is its own. Prints, per size,
 * events/s and peak RSS, and the cost per event, so the curve shows whether it stays flat.
 * Targets (issue 13): ≥ 20,000 events/s and ≤ 300 MB peak RSS at 1,000,000 events.
 * Env:
 * - BENCH_AUDIT_SIZES (events, comma-separated; default 250000,500000,1000000,2000000), BENCH_CYCLES (16). About 31
 *   events per group and cycle: a size becomes round(size / (31 × cycles)) groups of 10 UCs.
 * - BENCH_AUDIT_NODE_FLAGS: V8 flags of the audit's process; default those `compensa audit` runs with
 *   (bin/audit-node-flags.js); '' for node's defaults. Its environment is that of `compensa audit` too (AUDIT_ENV
 *   there: MALLOC_ARENA_MAX), but for variables set in the bench's own environment.
 * - BENCH_AUDIT_DIST=1: audit with the built CLI (`npm run build` first), as `compensa audit` runs; by default the
 *   sources are compiled on the fly, which costs about 50 MB of RSS the CLI does not have.
 * - BENCH_AUDIT_FORMAT: json (default), csv or html.
 * - BENCH_AUDIT_CACHE (a directory): keep each built store (with its keys) there and reuse it on the next run, so
 *   that re-measuring the audit does not rebuild the store (building takes longer than auditing).
 * - BENCH_AUDIT_PROF=DIR: a CPU profile of each audit there. BENCH_AUDIT_WHY=1: the checks' counts, the first
 *   mismatch, and where the memory is at the end.
 * The CPU seconds of the audit are printed beside the wall time: on a shared machine, events per CPU second is the
 * figure other processes do not move.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigningKeyPair, LogCheckpointer, loadSigningKey, silentLogger } from '@compensa/application';
import { SqliteEventStore } from '@compensa/event-store';
import { openReadModels, ProjectionRunner } from '@compensa/projections';
import { fillStore } from './support/fill-store';

const SIZES = (process.env.BENCH_AUDIT_SIZES ?? '250000,500000,1000000,2000000').split(',').map(Number);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 16);
const EVENTS_PER_GROUP_CYCLE = 31;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AUDIT_NODE_FLAGS, AUDIT_ENV } = require('../bin/audit-node-flags') as {
  AUDIT_NODE_FLAGS: string[];
  AUDIT_ENV: Record<string, string>;
};
const NODE_FLAGS = (process.env.BENCH_AUDIT_NODE_FLAGS ?? AUDIT_NODE_FLAGS.join(' ')).split(' ').filter(Boolean);
const CACHE = process.env.BENCH_AUDIT_CACHE;
const DIST = Boolean(process.env.BENCH_AUDIT_DIST);
const FORMAT = process.env.BENCH_AUDIT_FORMAT ?? 'json';
const ROOT = join(__dirname, '..');

/** A store of about `size` events, signed, with its read models caught up (the audit then only compares them). */
async function prepare(size: number, keys: string, cached?: string): Promise<{ dir: string; events: number }> {
  const dir = cached ?? mkdtempSync(join(tmpdir(), 'compensa-bench-audit-'));
  const groups = Math.max(1, Math.round(size / (EVENTS_PER_GROUP_CYCLE * CYCLES)));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  try {
    const filled = await fillStore(store, groups, CYCLES);
    const checkpointer = new LogCheckpointer(
      store,
      {
        key: loadSigningKey(join(keys, 'signing.key')),
        everyEvents: 10_000,
        everyMs: 3_600_000,
        witnessPath: join(keys, 'witness.jsonl'),
      },
      silentLogger,
    );
    await checkpointer.start();
    await checkpointer.waitFor(await store.headPosition());
    await checkpointer.stop();
    const readModels = await openReadModels(`sqlite:${join(dir, 'read-models.db')}`);
    try {
      await new ProjectionRunner({ store, readModels }).rebuild();
    } finally {
      await readModels.close();
    }
    return { dir, events: filled.events };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `audit bench: sizes ${SIZES.map(fmt).join(', ')} events, ${CYCLES} cycles, node ${process.version}, flags: ${NODE_FLAGS.join(' ') || 'none'}, ${FORMAT} report, CLI from ${DIST ? 'dist/' : 'the sources (swc)'}`,
  );
  console.log('events      audit s   events/s   peak RSS MB   µs/event   KB RSS/event   exit   cpu s   events/cpu-s');
  for (const size of SIZES) {
    const cached = CACHE ? join(CACHE, `${size}-${CYCLES}`) : undefined;
    const keys = cached ? join(cached, 'keys') : mkdtempSync(join(tmpdir(), 'compensa-bench-keys-'));
    const built = cached ? join(cached, 'built.json') : undefined;
    let dir: string;
    let events: number;
    if (built && existsSync(built)) {
      dir = cached!;
      events = (JSON.parse(readFileSync(built, 'utf8')) as { events: number }).events;
    } else {
      if (cached) rmSync(cached, { recursive: true, force: true });
      mkdirSync(keys, { recursive: true });
      createSigningKeyPair(join(keys, 'signing.key'));
      ({ dir, events } = await prepare(size, keys, cached));
      if (built) writeFileSync(built, JSON.stringify({ events }));
    }
    try {
      const dbMb = statSync(join(dir, 'events.db')).size / 1024 / 1024;
      const out = execFileSync(
        process.execPath,
        [
          ...NODE_FLAGS,
          ...(process.env.BENCH_AUDIT_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_AUDIT_PROF}`] : []),
          // BENCH_AUDIT_DIST=1: the built CLI (as `compensa audit` runs), not the sources compiled on the fly.
          ...(DIST ? [] : ['--require', join(ROOT, 'test', 'support', 'swc-register.js')]),
          join(__dirname, 'support', 'audit-child.js'),
          DIST
            ? join(ROOT, 'dist', 'apps', 'cli', 'src', 'audit', 'audit-command.js')
            : join(ROOT, 'apps', 'cli', 'src', 'audit', 'audit-command.ts'),
          dir,
          keys,
          FORMAT,
        ],
        // The environment `compensa audit` runs with (bin/audit-node-flags.js), but for variables already set.
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
          maxBuffer: 1 << 20,
          env: { ...AUDIT_ENV, ...process.env },
        },
      );
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
        code: number;
        ms: number;
        cpuMs: number;
        maxRssMb: number;
        first?: unknown;
        end: unknown;
      };
      if (r.first) console.log(JSON.stringify(r.first));
      if (process.env.BENCH_AUDIT_WHY) console.log(`memory at the end (MB): ${JSON.stringify(r.end)}`);
      console.log(
        `${fmt(events).padStart(9)}  ${(r.ms / 1000).toFixed(1).padStart(8)}  ${fmt(events / (r.ms / 1000)).padStart(9)}  ${fmt(r.maxRssMb).padStart(12)}  ${((r.ms * 1000) / events).toFixed(1).padStart(9)}  ${((r.maxRssMb * 1024) / events).toFixed(2).padStart(13)}   ${r.code}   ${(r.cpuMs / 1000).toFixed(1).padStart(6)}   ${fmt(events / (r.cpuMs / 1000)).padStart(12)}   (store ${dbMb.toFixed(0)} MB)`,
      );
    } catch (err) {
      console.log(`${fmt(events).padStart(9)}  the audit failed: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      if (!cached) {
        rmSync(dir, { recursive: true, force: true });
        rmSync(keys, { recursive: true, force: true });
      }
    }
  }
  console.log('targets at 1,000,000 events: ≥ 20,000 events/s, ≤ 300 MB peak RSS');
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
