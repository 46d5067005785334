import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import {
  ERROR_FILE_HEADER,
  errorFileLine,
  ImportInterrupted,
  importReadings,
  Platform,
  platformImportTarget,
  readingGroupsOf,
  type ImportFormat,
  type ImportOutcome,
  type ImportSummary,
} from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { API_CONFIG, type ApiConfig } from '../config';
import { EVENT_STORE } from '../event-store/event-store.token';

/**
 * Refused readings a job keeps in memory for GET /v1/imports/{id} (the counts are always complete; the error file of a
 * finished job, GET /v1/imports/{id}/errors, has every one).
 */
export const MAX_JOB_ERRORS = 10_000;

/** An import job as GET /v1/imports/{id} shows it. */
export interface ImportJob {
  id: string;
  kind: 'readings';
  format: ImportFormat;
  status: 'running' | 'done' | 'failed';
  receivedBytes: number;
  /** Of those, the bytes the import has read so far (a little ahead of the readings decided): its progress. */
  readBytes: number;
  /** Seconds left at the rate so far, by the bytes read (null before the first batch, and once ended). */
  etaSeconds: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** Counts so far while running; the summary once done. */
  progress: ImportSummary;
  /** Refused readings (line, uc, cycle, status, rule, detail), the first MAX_JOB_ERRORS; all in the error file. */
  errors: ImportOutcome[];
  errorsTruncated: boolean;
  /** Why a failed job stopped (a store failure, a file without the CSV columns); readings done so far stay. */
  failure: string | null;
}

const EMPTY: ImportSummary = {
  readings: 0,
  rows: 0,
  accepted: 0,
  duplicates: 0,
  refused: 0,
  refusedBy: {},
  seconds: 0,
  readingsPerSecond: 0,
};

/**
 * Import jobs of this API instance. The request body is streamed to a file in DATA_DIR/imports (never held in
 * memory), the job is answered 202, and the file runs through the same import as `compensa import readings`. Each
 * refused reading is written, as it comes, to the job's error file beside it (`<id>.erros.csv`, the CLI's format), so
 * a file with more refusals than a job keeps in memory loses none. A shutdown stops running jobs between two batches
 * (the readings decided so far stay recorded). Jobs live in memory, and their error files go with them at shutdown:
 * after a restart, posting the file again is safe (idempotent by UC and cycle: what was recorded is a duplicate).
 */
@Injectable()
export class ImportJobs implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Imports');
  private readonly jobs = new Map<string, ImportJob>();
  /** Stops the running jobs at shutdown. */
  private readonly stopping = new AbortController();
  /** The error file of each job that refused a reading (written while it runs, complete once it has ended). */
  private readonly errorFiles = new Map<string, string>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly platform: Platform,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async startReadings(
    body: IncomingMessage,
    format: ImportFormat,
    distribuidora: string | undefined,
    batchSize: number,
  ): Promise<ImportJob> {
    const id = randomUUID();
    const dir = join(this.config.dataDir, 'imports');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${id}.${format}`);
    const spool = createWriteStream(file);
    let receivedBytes = 0;
    body.on('data', (chunk: Buffer) => (receivedBytes += chunk.length));
    await pipeline(body, spool);
    const job: ImportJob = {
      id,
      kind: 'readings',
      format,
      status: 'running',
      receivedBytes,
      readBytes: 0,
      etaSeconds: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: EMPTY,
      errors: [],
      errorsTruncated: false,
      failure: null,
    };
    this.jobs.set(id, job);
    this.logger.log(
      `import ${id} received (${format}, ${receivedBytes} bytes${distribuidora ? `, ${distribuidora} only` : ''})`,
    );
    const errorsPath = join(dir, `${id}.erros.csv`);
    // Created at the first refusal: a clean import leaves no file behind.
    let errorFile: WriteStream | null = null;
    const input = createReadStream(file);
    input.on('data', (chunk) => (job.readBytes += chunk.length));
    const run = importReadings(readingGroupsOf(input, format), platformImportTarget(this.platform, this.store), {
      distribuidora,
      batchSize,
      source: `http:${id}`,
      onOutcome: (o) => {
        if (o.outcome !== 'refused') return;
        if (!errorFile) {
          errorFile = createWriteStream(errorsPath);
          errorFile.write(`\uFEFF${ERROR_FILE_HEADER}\n`);
          this.errorFiles.set(id, errorsPath);
        }
        errorFile.write(`${errorFileLine(o)}\n`);
        if (job.errors.length < MAX_JOB_ERRORS) job.errors.push(o);
        else job.errorsTruncated = true;
      },
      onProgress: (s) => {
        job.progress = s;
        if (job.readBytes > 0 && s.seconds > 0)
          job.etaSeconds = Math.round(((receivedBytes - job.readBytes) * s.seconds) / job.readBytes);
      },
      signal: this.stopping.signal,
    }).then(
      (summary) => ({ ok: true as const, summary }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const tracked = run.then(async (result) => {
      const open = errorFile as WriteStream | null;
      // The error file complete on disk before the job says it has ended.
      if (open) await new Promise((r) => open.end(r));
      job.errors.sort((a, b) => a.line - b.line);
      rmSync(file, { force: true });
      this.ended(job, result);
      this.running.delete(tracked);
    });
    this.running.add(tracked);
    return job;
  }

  /** A job's end: its status, its summary, and a log line saying what happened and why. */
  private ended(job: ImportJob, result: { ok: true; summary: ImportSummary } | { ok: false; error: unknown }): void {
    job.finishedAt = new Date().toISOString();
    job.etaSeconds = null;
    const counts = ({ readings, accepted, duplicates, refused }: ImportSummary) =>
      `${readings} readings: ${accepted} accepted, ${duplicates} duplicates, ${refused} refused`;
    if (result.ok) {
      job.progress = result.summary;
      job.status = 'done';
      this.logger.log(`import ${job.id} done in ${job.progress.seconds.toFixed(1)} s, ${counts(job.progress)}`);
      return;
    }
    job.status = 'failed';
    if (result.error instanceof ImportInterrupted) {
      job.progress = result.error.summary;
      job.failure =
        `interrompida porque a API parou, depois de ${job.progress.readings} leituras; envie o arquivo de novo: as ` +
        'leituras já gravadas contam como duplicadas';
      this.logger.warn(
        `import ${job.id} stopped by the shutdown after ${counts(job.progress)}; posted again, it records the rest`,
      );
      return;
    }
    job.failure = (result.error as Error).message;
    this.logger.error(`import ${job.id} failed (${job.failure}) after ${counts(job.progress)}`);
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** The whole error file of a job that has ended and refused something (null: none, or still running). */
  errorFileOf(id: string): string | null {
    const job = this.jobs.get(id);
    return job && job.finishedAt !== null ? (this.errorFiles.get(id) ?? null) : null;
  }

  /** Stops running imports at their next batch and waits for them (the store closes after, in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.running]);
  }

  /** The jobs' error files go with the jobs (they have ended: beforeApplicationShutdown waited for them). */
  onApplicationShutdown(): void {
    for (const path of this.errorFiles.values()) rmSync(path, { force: true });
  }
}
