import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  ImportInterrupted,
  importReadings,
  Platform,
  platformImportTarget,
  readingGroupsOf,
  type ImportFormat,
  type ImportOutcome,
  type ImportSummary,
  type LeaseKeeper,
  type PlatformState,
} from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { API_CONFIG, type ApiConfig } from '../config';
import { EVENT_STORE } from '../event-store/event-store.token';
import { PLATFORM_STATE, WORKER_LEASE } from '../platform/platform.tokens';
import { NO_PROGRESS, type ImportJob, type ImportJobListed } from './import-job';
import { IMPORT_JOB_HEARTBEAT_MS, IMPORT_JOB_SILENT_MS, ImportJobRecords } from './import-job-records';
import { JobProgressWriter } from './job-progress-writer';

const DAY_MS = 86_400_000;
/** The last save of an ended job: tried again this many times, a second apart, before the heartbeat says it died. */
const LAST_SAVE_TRIES = 5;

/** What this instance keeps of a job it runs, besides what the platform state holds. */
interface RunningJob {
  readonly job: ImportJob;
  readonly writer: JobProgressWriter;
  /** Stops this job alone (its progress could not be written); the shutdown stops them all. */
  readonly stop: AbortController;
}

/**
 * The HTTP import jobs. The request body is streamed to a file in DATA_DIR/imports (never held in memory), the job is
 * answered 202, and the file runs through the same import as `compensa import readings`. The job, its progress and
 * every refused reading are written to the platform state as it runs (PLATFORM_DB_URL, else DATA_DIR/platform.db), so
 * any API instance answers for it, and it outlives this process: a shutdown stops running jobs between two batches
 * (the readings decided so far stay recorded) and says so on the job; a job whose instance died shows that too, once
 * that instance has been silent for a minute. Posting the file again is safe either way (idempotent by UC and cycle:
 * what was recorded is a duplicate). Jobs are forgotten COMPENSA_IMPORT_JOB_DAYS after they started.
 */
@Injectable()
export class ImportJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Imports');
  private readonly records: ImportJobRecords;
  /** Stops the running jobs at shutdown. */
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly platform: Platform,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(PLATFORM_STATE) state: PlatformState,
    /** Its holder name is this process's name, in the logs and on the jobs it runs. */
    @Inject(WORKER_LEASE) private readonly lease: LeaseKeeper,
  ) {
    this.records = new ImportJobRecords(state);
  }

  private get dir(): string {
    return join(this.config.dataDir, 'imports');
  }

  /** Forgets jobs past their days, and removes the spooled files a killed instance left behind. */
  async onApplicationBootstrap(): Promise<void> {
    await this.purge();
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return; // no import yet
    }
    // `<id>.csv`, `<id>.jsonl` (and the `<id>.erros.csv` of earlier versions). Another process may share DATA_DIR: a
    // file still being written, or of a job still alive, stays, and one it removes meanwhile is passed over.
    const quiet = names.filter((n) => {
      const stat = statSync(join(this.dir, n), { throwIfNoEntry: false });
      return stat !== undefined && Date.now() - stat.mtimeMs > IMPORT_JOB_SILENT_MS;
    });
    const alive = await this.records.alive([...new Set(quiet.map((n) => n.split('.')[0]!))]);
    const left = quiet.filter((n) => !alive.has(n.split('.')[0]!));
    for (const name of left) rmSync(join(this.dir, name), { force: true });
    if (left.length > 0) this.logger.log(`removed ${left.length} file(s) of imports that ended with their process`);
  }

  async startReadings(
    body: IncomingMessage,
    format: ImportFormat,
    distribuidora: string | undefined,
    batchSize: number,
  ): Promise<ImportJob> {
    const id = randomUUID();
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, `${id}.${format}`);
    let receivedBytes = 0;
    body.on('data', (chunk: Buffer) => (receivedBytes += chunk.length));
    try {
      await pipeline(body, createWriteStream(file));
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
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
      progress: NO_PROGRESS,
      errors: [],
      errorsTruncated: false,
      failure: null,
    };
    try {
      await this.records.create(job, this.lease.holder);
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
    this.logger.log(
      `import ${id} received (${format}, ${receivedBytes} bytes${distribuidora ? `, ${distribuidora} only` : ''})`,
    );
    const stop = new AbortController();
    const writer = new JobProgressWriter(job, this.records, {
      failedSave: (error, inARow) =>
        this.logger.warn(
          `import ${id}: its progress could not be written (${(error as Error).message}), try ${inARow}`,
        ),
      gaveUp: () => stop.abort(),
    });
    const run: RunningJob = { job, writer, stop };
    // Alive while it runs, even through a long batch's silence.
    const heartbeat = setInterval(() => writer.beat(), IMPORT_JOB_HEARTBEAT_MS);
    heartbeat.unref();
    const input = createReadStream(file);
    input.on('data', (chunk) => (job.readBytes += chunk.length));
    const result = importReadings(readingGroupsOf(input, format), platformImportTarget(this.platform, this.store), {
      distribuidora,
      batchSize,
      source: `http:${id}`,
      onOutcome: (o) => {
        if (o.outcome === 'refused') writer.refusedOne(o);
      },
      onProgress: (s) => {
        job.progress = s;
        if (job.readBytes > 0 && s.seconds > 0)
          job.etaSeconds = Math.round(((receivedBytes - job.readBytes) * s.seconds) / job.readBytes);
        writer.progressed();
      },
      signal: AbortSignal.any([this.stopping.signal, stop.signal]),
    }).then(
      (summary) => ({ ok: true as const, summary }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const tracked = result.then(async (outcome) => {
      clearInterval(heartbeat);
      rmSync(file, { force: true });
      this.ended(run, outcome);
      let written = await writer.save();
      for (let i = 1; !written && i < LAST_SAVE_TRIES; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        written = await writer.save();
      }
      if (!written)
        this.logger.error(`import ${id} ended ${job.status}, and that could not be written: it will show as died`);
      this.running.delete(tracked);
      await this.purge();
    });
    this.running.add(tracked);
    return { ...job };
  }

  /** The job as the platform state holds it (any instance's), or null for an unknown id. */
  get(id: string): Promise<ImportJob | null> {
    return this.records.get(id);
  }

  /** Whether any instance ever ran this job (and it is not forgotten yet). */
  exists(id: string): Promise<boolean> {
    return this.records.exists(id);
  }

  /** The latest jobs of every instance, the last started first. */
  latest(limit: number): Promise<ImportJobListed[]> {
    return this.records.latest(limit);
  }

  /** Every refused reading of the job so far, in file order. */
  errors(id: string): AsyncIterable<ImportOutcome> {
    return this.records.errors(id);
  }

  /** Stops running imports at their next batch and waits for them to write how they ended. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.running]);
  }

  /** A job's end: its status, its summary, and a log line saying what happened and why. */
  private ended(run: RunningJob, result: { ok: true; summary: ImportSummary } | { ok: false; error: unknown }): void {
    const { job } = run;
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
    const again = 'envie o arquivo de novo: as leituras já gravadas contam como duplicadas';
    if (result.error instanceof ImportInterrupted && run.writer.gaveUpOn !== null) {
      job.progress = result.error.summary;
      job.failure =
        `interrompida porque não foi possível gravar o andamento da importação (${(run.writer.gaveUpOn as Error).message}), ` +
        `depois de ${job.progress.readings} leituras; ${again}`;
      this.logger.error(`import ${job.id} stopped after ${counts(job.progress)}: its progress could not be written`);
      return;
    }
    if (result.error instanceof ImportInterrupted) {
      job.progress = result.error.summary;
      job.failure = `interrompida porque a API parou, depois de ${job.progress.readings} leituras; ${again}`;
      this.logger.warn(
        `import ${job.id} stopped by the shutdown after ${counts(job.progress)}; posted again, it records the rest`,
      );
      return;
    }
    job.failure = (result.error as Error).message;
    this.logger.error(`import ${job.id} failed (${job.failure}) after ${counts(job.progress)}`);
  }

  /** Forgets the jobs started more than COMPENSA_IMPORT_JOB_DAYS ago. */
  private async purge(): Promise<void> {
    try {
      const before = new Date(Date.now() - this.config.importJobDays * DAY_MS).toISOString();
      const forgotten = await this.records.purgeStartedBefore(before);
      if (forgotten > 0) this.logger.log(`forgot ${forgotten} import job(s) started before ${before}`);
    } catch (error) {
      this.logger.error(`old import jobs could not be forgotten (${(error as Error).message}); tried again later`);
    }
  }
}
