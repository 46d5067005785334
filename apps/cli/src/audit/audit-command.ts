import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import {
  AuditCsvSpool,
  AuditHtmlSpool,
  AuditJsonSpool,
  compareStreamsWith,
  loadVerifyingKey,
  streamAudit,
  type AuditOptions,
  type AuditReport,
  type AuditReportSpool,
  type Mismatch,
} from '@compensa/application';
import { InvalidInput, pluralPtBr, UnknownUc } from '@compensa/domain';
import { sql } from 'kysely';
import type { EventStore } from '@compensa/event-store';
import { openReadModels, ProjectionRunner, type ReadModelStore } from '@compensa/projections';
import { AuditUsageError, parseAuditOptions, type AuditCliOptions, type AuditFormat } from './audit-cli-options';
import { AuditProgressReporter } from './audit-progress';
import { openCliEventStore } from '../open-cli-event-store';

/** Exit codes: every check passed; a check failed; the command line cannot run. */
export const AUDIT_EXIT = { passed: 0, failed: 1, usage: 2 } as const;

/** The buffer the report's spooled sections are read back into (`AuditSpoolFile` reads up to its length). */
const SPOOL_CHUNK = 1 << 20;

/**
 * SQLite's page cache of the audit's connection to the event store (KiB). Small: a whole-log audit reads the streams
 * in a thread of its own connection (verified-stream-reader.ts), and the log in order here, each page once.
 */
export const AUDIT_SQLITE_CACHE_KIB = 4_096;

/** Mismatches listed on stderr before "e mais N". */
const MISMATCHES_SHOWN = 20;

const SPOOL: Record<AuditFormat, () => AuditReportSpool> = {
  json: () => new AuditJsonSpool(),
  csv: () => new AuditCsvSpool(),
  html: () => new AuditHtmlSpool(),
};

/** `compensa audit`: replays DIR/events.db, prints the report, exits 0 (all passed), 1 (a check failed) or 2 (usage). */
export async function auditCommand(options: AuditCliOptions): Promise<void> {
  process.exitCode = await runAudit(options);
}

/** The command's body, returning its exit code (tests call it in-process, and may watch its progress). */
export async function runAudit(options: AuditCliOptions, progress = new AuditProgressReporter()): Promise<number> {
  let store: EventStore | null = null;
  let readModels: ReadModelStore | null = null;
  try {
    const request = parseAuditOptions(options);
    // EVENT_STORE as for `projections rebuild`; a missing SQLite file is a usage error (it would audit nothing).
    // A page cache of 16 MiB, not 64: the audit reads the file once (each stream, then the log in order), so a large
    // cache mostly held pages read once. At 1M events on a quiet 2-core machine: peak RSS 306-308 MB with 64 MiB,
    // 272 with 24, 247 with 16, 221-230 with 8 (which cost about a tenth more CPU) (RELIABILITY.md).
    store = await openCliEventStore(request.dataDir, { cacheKib: AUDIT_SQLITE_CACHE_KIB }).catch((err: Error) => {
      throw new AuditUsageError(err.message);
    });
    readModels = request.readModelUrl ? await caughtUpReadModels(store, request.readModelUrl) : null;
    const replayOptions: AuditOptions = {
      asOf: request.asOf,
      position: request.position,
      onProgress: progress.onProgress,
      checkpoints: {
        publicKey: request.publicKeyFile ? loadVerifyingKey(request.publicKeyFile) : null,
        witnessPath: request.witnessFile,
      },
    };
    // Every format streams: the log is read stream by stream, the report's long sections spooled as it goes and
    // written at the end (bounded memory at any size).
    const spool = SPOOL[request.format]();
    let report: AuditReport;
    try {
      report = await streamAudit(
        store,
        request.selection,
        { ...replayOptions, ...(readModels ? { compareStreams: compareStreamsWith(readModels.db) } : {}) },
        spool,
      );
      progress.stop();
      if (report.summary.streams === 0)
        throw new AuditUsageError(`nenhum fluxo corresponde a ${JSON.stringify(request.selection)}`);
      await writeReport(spool, report, request.out);
    } finally {
      spool.close();
    }
    if (report.summary.passed) return AUDIT_EXIT.passed;
    process.stderr.write(summaryOf(report.mismatches));
    return AUDIT_EXIT.failed;
  } catch (err) {
    progress.stop();
    if (err instanceof AuditUsageError || err instanceof InvalidInput || err instanceof UnknownUc) {
      process.stderr.write(`compensa audit: ${err.message}\n`);
      return AUDIT_EXIT.usage;
    }
    throw err;
  } finally {
    await readModels?.close();
    await store?.close();
  }
}

/**
 * The report as a stream of pieces (never one string: a large log's report exceeds V8's string limit), each written
 * as the file or stdout takes it: the next piece is read from the spools once the last one is written, into the same
 * buffer, so memory holds a piece and the event loop turns between them (a report of 1,000,000 events is about a
 * gigabyte: a buffer a piece left ~60 MB of dead buffers at the peak, freed only when V8 got to them).
 */
async function writeReport(spool: AuditReportSpool, report: AuditReport, out: string | undefined): Promise<void> {
  const sink: Writable = out ? createWriteStream(out) : process.stdout;
  const failed = new Promise<never>((_, reject) => sink.once('error', reject));
  // The pieces below wait on either; an error with no wait pending must not go unhandled.
  failed.catch(() => undefined);
  const buffer = Buffer.allocUnsafeSlow(SPOOL_CHUNK);
  for (const chunk of spool.chunks(report, buffer)) {
    // Written (the callback), not only queued: the spool reads the next piece into the same buffer.
    const written = new Promise<void>((resolve, reject) => sink.write(chunk, (err) => (err ? reject(err) : resolve())));
    await Promise.race([written, failed]);
  }
  if (out) {
    sink.end();
    await Promise.race([finished(sink), failed]);
  }
}

/** The read models, first brought up to the head of the log (as the running platform would). */
async function caughtUpReadModels(store: EventStore, url: string): Promise<ReadModelStore> {
  const readModels = await openReadModels(url);
  const runner = new ProjectionRunner({ store, readModels });
  await runner.start();
  await runner.waitForIdle(120_000);
  await runner.stop();
  // Check 3 then reads each UC's rows once: SQLite's page cache (64 MB for the platform's readers) would only fill
  // with pages never read again; a small one keeps the audit's memory bounded.
  if (readModels.dialect === 'sqlite') await sql`PRAGMA cache_size = -4096`.execute(readModels.db);
  return readModels;
}

function summaryOf(mismatches: Mismatch[]): string {
  const lines = mismatches.slice(0, MISMATCHES_SHOWN).map((m) => {
    const where = `${m.stream}@${m.revision}${m.eventType ? ` ${m.eventType}` : ''}${m.path ? ` ${m.path}` : ''}`;
    return `  [${m.check}] ${where}: esperado ${brief(m.expected)}, registrado ${brief(m.recorded)} (${m.detail})`;
  });
  const more = mismatches.length > MISMATCHES_SHOWN ? [`  … e mais ${mismatches.length - MISMATCHES_SHOWN}`] : [];
  return `compensa audit: ${pluralPtBr(mismatches.length, 'divergência', 'divergências')}\n${[...lines, ...more].join('\n')}\n`;
}

function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
