/**
 * bench:api on the KurrentDB double + PostgreSQL (BENCH_API_STORE=kurrentdb-double): the synthetic portfolio's
 * history appended through the double as a process (test/support/kurrentdb-double/server.js, its journal in a data
 * directory), the platform state (directory, checkpoints, leases, idempotency keys) and the read models in a
 * PostgreSQL database of the bench's own, created here and dropped at the end. Each run starts from a copy: the
 * double's journal copied, the database created from the prepared one as a template.
 */
import {
  KyselyCheckpointStore,
  KyselyDirectoryStore,
  openPlatformState,
  Platform,
  SqliteSnapshotStore,
  SystemClock,
} from '@compensa/application';
import { KurrentDbEventStore } from '@compensa/event-store/kurrentdb';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { DoubleJournalAppender } from '../../test/support/kurrentdb-double';
import { startKurrentDbDoubleProcess, type KurrentDbDoubleProcess } from '../../test/support/kurrentdb-double-process';
import { fillStore } from './fill-store';
import { copyStoreFiles, directoryAndSnapshots } from './prepared-history';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Schemas, in the bench's database, of the platform state (PLATFORM_DB_URL) and the read models (READ_MODEL_URL). */
const PLATFORM_SCHEMA = 'compensa_platform';
const READ_MODELS_SCHEMA = 'compensa_read_models';
/** The double's data directory and the snapshots' file (DATA_DIR/platform.db of every process), in a prepared dir. */
const DOUBLE_DIR = 'kurrentdb';
const SNAPSHOT_FILES = ['platform.db', 'platform.db-wal'] as const;

/** `postgres://…/name`: the server of `serverUrl` (any database on it), database `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  url.search = '';
  return url.toString();
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates database `name` (from `template`, copied whole, when given). */
export const createDatabase = (serverUrl: string, name: string, template?: string) =>
  onServer(serverUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);

/** Drops database `name`, its connections closed. */
export const dropDatabase = (serverUrl: string, name: string) =>
  onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);

/** The environment of a process on the double and the database (`COMPENSA_ROLE` added by the caller). */
export function doubleEnv(connectionString: string, dbUrl: string): Record<string, string> {
  return {
    EVENT_STORE: 'kurrentdb',
    KURRENTDB_CONNECTION_STRING: connectionString,
    PLATFORM_DB_URL: `${dbUrl}?schema=${PLATFORM_SCHEMA}`,
    READ_MODEL_URL: `${dbUrl}?schema=${READ_MODELS_SCHEMA}`,
  };
}

/**
 * How the history gets into the double: `client` (the default), one append at a time through the KurrentDB adapter
 * and the client to the double as a process; `journal`, written in-process into the double's data directory by
 * DoubleJournalAppender (the same events, hashes, revisions, positions and journal lines: test/contract/
 * double-journal-appender.int.spec.ts), without the gRPC hop and the fsync per append.
 */
export type DoubleFill = 'client' | 'journal';

/** What building the prepared history took. */
export interface DoubleHistoryBuilt {
  events: number;
  fillMs: number;
  prepareMs: number;
}

/**
 * The history of `groups` groups × `cycles` cycles appended through a double on `dir`/kurrentdb, the directory and
 * the process managers' checkpoints in database `dbUrl` (which exists), a snapshot of every UC in `dir`/platform.db.
 * The read models are projected afterwards by a worker (the caller's). The double is stopped on return.
 */
export async function prepareDoubleHistory(
  dir: string,
  dbUrl: string,
  groups: number,
  cycles: number,
  fill: DoubleFill = 'client',
): Promise<DoubleHistoryBuilt> {
  let logged = 0;
  const fillStarted = performance.now();
  const progress = (done: number, total: number) => {
    if (process.stderr.isTTY) process.stderr.write(`\rhistory through the double: ${fmt(done)}/${fmt(total)} events`);
    else if (done >= logged + 100_000) {
      logged = done;
      const s = (performance.now() - fillStarted) / 1000;
      console.log(`history: ${fmt(done)}/${fmt(total)} events in ${s.toFixed(0)} s (${fmt(done / s)} events/s)`);
    }
  };
  const journalFilled = fill === 'journal' ? await fillJournal(join(dir, DOUBLE_DIR), groups, cycles, progress) : null;
  const double = await startKurrentDbDoubleProcess(join(dir, DOUBLE_DIR));
  const store = new KurrentDbEventStore(double.connectionString);
  try {
    const filled = journalFilled ?? (await fillStore(store, groups, cycles - 1, progress));
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(
      `history: ${fmt(filled.events)} events (${fmt(filled.events / filled.ucs)} a UC) ${fill === 'journal' ? "written into the double's journal in-process (DoubleJournalAppender)" : 'appended through the double'} in ${(filled.ms / 1000).toFixed(0)} s (${fmt(filled.events / (filled.ms / 1000))} events/s)`,
    );

    const t = performance.now();
    const state = await openPlatformState(`${dbUrl}?schema=${PLATFORM_SCHEMA}`, { poolSize: 2 });
    const db = new DatabaseSync(join(dir, 'platform.db'), { timeout: 5000 });
    db.exec('PRAGMA journal_mode = WAL');
    const snapshots = new SqliteSnapshotStore(db);
    const checkpoints = new KyselyCheckpointStore(state);
    const platform = new Platform({
      store,
      checkpoints,
      directory: new KyselyDirectoryStore(state.db, state.dialect),
      snapshots,
      clock: new SystemClock(),
    });
    try {
      await directoryAndSnapshots({ platform, store, snapshots }, checkpoints, groups);
    } finally {
      await platform.stop();
      db.close();
      await state.close();
    }
    const prepareMs = performance.now() - t;
    console.log(`directory (PostgreSQL) and snapshots prepared in ${(prepareMs / 1000).toFixed(0)} s (not measured)`);
    return { events: filled.events, fillMs: filled.ms, prepareMs };
  } finally {
    await store.close();
    await double.stop('SIGTERM');
  }
}

/** The history written into a double's data directory in-process (DoubleJournalAppender). */
async function fillJournal(
  doubleDir: string,
  groups: number,
  cycles: number,
  progress: (done: number, total: number) => void,
): Promise<Awaited<ReturnType<typeof fillStore>>> {
  const appender = new DoubleJournalAppender(doubleDir);
  try {
    return await fillStore(appender, groups, cycles - 1, progress);
  } finally {
    appender.close();
  }
}

/** Copies a prepared directory's double journal to `to`/kurrentdb and starts a double on the copy. */
export function startDoubleCopy(prepared: string, to: string): Promise<KurrentDbDoubleProcess> {
  cpSync(join(prepared, DOUBLE_DIR), join(to, DOUBLE_DIR), { recursive: true });
  return startKurrentDbDoubleProcess(join(to, DOUBLE_DIR));
}

/** A process's DATA_DIR `to` with the prepared snapshots (platform.db). */
export function dataDirWithSnapshots(prepared: string, to: string): string {
  mkdirSync(to, { recursive: true });
  copyStoreFiles(prepared, to, SNAPSHOT_FILES);
  return to;
}
