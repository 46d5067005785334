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
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { API_CONFIG, type ApiConfig } from '../config';
import { EVENT_STORE } from '../event-store/event-store.token';
import { PLATFORM_STATE, WORKER_LEASE } from '../platform/platform.tokens';
import { NO_PROGRESS, type ImportJob, type ImportJobListed } from './import-job';
import {
  heartbeatOf,
  ImportJobRecords,
  SILENT_RUNS_TOLERATED,
  type ImportRunOptions,
  type ResumableJob,
} from './import-job-records';
import { JobProgressWriter } from './job-progress-writer';
import { secondsLeft, type RateFrom } from './time-left';

const DAY_MS = 86_400_000;
/** The last save of an ended job: tried again this many times, a second apart, before the heartbeat says it died. */
const LAST_SAVE_TRIES = 5;
/** A job's body is kept in the platform state in chunks of this many bytes (one row each). */
const BODY_CHUNK_BYTES = 1 << 20;

/** What this instance keeps of a job it runs, besides what the platform state holds. */
interface RunningJob {
  readonly job: ImportJob;
  readonly writer: JobProgressWriter;
  /** Stops this job alone (its progress could not be written); the shutdown stops them all. */
  readonly stop: AbortController;
}

/**
 * The HTTP import jobs. The request body is streamed into the platform state (PLATFORM_DB_URL, else
 * DATA_DIR/platform.db) in chunks, never held whole in memory; the job is answered 202, and the body runs through the
 * same import as `compensa import readings`. The job, its progress and every refused reading are written there as it
 * runs, so any API instance answers for it, and any instance goes on with it: a shutdown stops a running job between
 * two batches (the readings decided so far stay recorded) and leaves it to the first instance that looks (this one
 * started again, or another), which resumes it after the readings it counted; so does an instance once the one running
 * a job has been silent for COMPENSA_IMPORT_JOB_SILENT_MS (killed, its host lost), the readings decided after its last
 * save then counting as duplicates (idempotent by UC and cycle). Every instance looks every heartbeat (a twelfth of
 * COMPENSA_IMPORT_JOB_SILENT_MS, a minute by default: 5 s). Jobs are forgotten COMPENSA_IMPORT_JOB_DAYS after they
 * started.
 */
@Injectable()
export class ImportJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Imports');
  private readonly records: ImportJobRecords;
  /** Stops the running jobs at shutdown. */
  private readonly stopping = new AbortController();
  /**
   * The jobs this instance runs, by id, each until it has written how it ended. Never taken over by this same
   * instance: after a long stall of its event loop it looks silent to itself too, and its claim would pass its own
   * fence (the same name).
   */
  private readonly running = new Map<string, Promise<void>>();
  private lookout: NodeJS.Timeout | undefined;
  /** How often a running job says it is alive, and this instance looks for jobs left running. */
  private readonly heartbeatMs: number;
  private looking: Promise<void> = Promise.resolve();

  constructor(
    private readonly platform: Platform,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(PLATFORM_STATE) state: PlatformState,
    /** Its holder name is this process's name, in the logs and on the jobs it runs. */
    @Inject(WORKER_LEASE) private readonly lease: LeaseKeeper,
  ) {
    this.records = new ImportJobRecords(state, Date.now, config.importJobSilentMs);
    this.heartbeatMs = heartbeatOf(config.importJobSilentMs);
  }

  /** Forgets jobs past their days, resumes the jobs left running, and looks for such jobs from then on. */
  async onApplicationBootstrap(): Promise<void> {
    await this.purge();
    this.lookForLeftJobs();
    this.lookout = setInterval(() => this.lookForLeftJobs(), this.heartbeatMs);
    this.lookout.unref();
  }

  async startReadings(
    body: IncomingMessage,
    format: ImportFormat,
    distribuidora: string | undefined,
    batchSize: number,
  ): Promise<ImportJob> {
    const id = randomUUID();
    let receivedBytes: number;
    try {
      receivedBytes = await this.keepBody(id, body);
    } catch (error) {
      await this.records.dropBody(id).catch(() => undefined); // else the purge removes it, an hour on
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
      stalled: null,
    };
    try {
      await this.records.create(job, this.lease.holder, { distribuidora, batchSize });
    } catch (error) {
      await this.records.dropBody(id).catch(() => undefined);
      throw error;
    }
    this.logger.log(
      `import ${id} received (${format}, ${receivedBytes} bytes${distribuidora ? `, ${distribuidora} only` : ''})`,
    );
    this.run(job, { distribuidora, batchSize });
    return { ...job };
  }

  /** The request body, kept in the platform state a chunk at a time; returns its size. */
  private async keepBody(id: string, body: IncomingMessage): Promise<number> {
    let size = 0;
    let seq = 0;
    let held: Buffer[] = [];
    let heldBytes = 0;
    const write = async () => {
      await this.records.writeChunk(id, seq++, Buffer.concat(held, heldBytes));
      held = [];
      heldBytes = 0;
    };
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= BODY_CHUNK_BYTES) await write();
    }
    if (heldBytes > 0 || seq === 0) await write();
    return size;
  }

  /**
   * Runs a job on this instance, from its start or (`resume`) after the readings an earlier run counted, and writes
   * how it ends.
   */
  private run(job: ImportJob, options: ImportRunOptions & { resume?: ImportSummary }): void {
    const { id, format } = job;
    const stop = new AbortController();
    const writer = new JobProgressWriter(
      job,
      this.records,
      this.lease.holder,
      {
        failedSave: (error, inARow) =>
          this.logger.warn(
            `import ${id}: its progress could not be written (${(error as Error).message}), try ${inARow}`,
          ),
        gaveUp: () => stop.abort(),
        takenOver: () => stop.abort(),
      },
      () => performance.now(),
      this.heartbeatMs,
    );
    const run: RunningJob = { job, writer, stop };
    // Alive while it runs, even through a long batch's silence.
    const heartbeat = setInterval(() => writer.beat(), this.heartbeatMs);
    heartbeat.unref();
    job.readBytes = 0;
    const input = Readable.from(this.records.body(id));
    input.on('data', (chunk: Buffer) => (job.readBytes += chunk.length));
    const receivedBytes = job.receivedBytes;
    let rateFrom: RateFrom | undefined;
    const result = importReadings(readingGroupsOf(input, format), platformImportTarget(this.platform, this.store), {
      distribuidora: options.distribuidora,
      batchSize: options.batchSize,
      resume: options.resume,
      source: `http:${id}`,
      onOutcome: (o) => {
        if (o.outcome === 'refused') writer.refusedOne(o);
      },
      onProgress: (s) => {
        job.progress = s;
        // A resumed run's rate counts from its first counted reading (it read past the earlier run's in no time).
        rateFrom ??= options.resume ? { bytes: job.readBytes, seconds: s.seconds } : { bytes: 0, seconds: 0 };
        job.etaSeconds = secondsLeft(receivedBytes, job.readBytes, s.seconds, rateFrom) ?? job.etaSeconds;
        writer.progressed();
      },
      signal: AbortSignal.any([this.stopping.signal, stop.signal]),
    }).then(
      (summary) => ({ ok: true as const, summary }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const tracked = result.then(async (outcome) => {
      clearInterval(heartbeat);
      input.destroy();
      const end = this.ended(run, outcome);
      if (end !== 'taken over') {
        const letGo = end === 'let go';
        let written = await writer.save({ letGo });
        for (let i = 1; !written && !writer.takenOver && i < LAST_SAVE_TRIES; i++) {
          await new Promise((r) => setTimeout(r, 1000));
          written = await writer.save({ letGo });
        }
        if (written && !letGo)
          await this.records
            .dropBody(id)
            .catch((e: unknown) =>
              this.logger.warn(`import ${id}: its body could not be removed (${(e as Error).message}); the purge will`),
            );
        if (!written && !writer.takenOver)
          this.logger.error(
            `import ${id} ${letGo ? 'stopped' : `ended ${job.status}`}, and that could not be written: an instance ` +
              `resumes it once it has been silent for ${this.config.importJobSilentMs} ms (COMPENSA_IMPORT_JOB_SILENT_MS)`,
          );
      }
      this.running.delete(id);
      await this.purge();
    });
    this.running.set(id, tracked);
  }

  /** Resumes, once at a time, the running jobs no live instance runs (another instance may be first to each). */
  private lookForLeftJobs(): void {
    if (this.stopping.signal.aborted) return;
    this.looking = this.looking.then(async () => {
      let left: ResumableJob[];
      try {
        left = await this.records.resumable();
      } catch (error) {
        this.logger.warn(`jobs left running could not be looked for (${(error as Error).message}); again soon`);
        return;
      }
      for (const found of left) {
        if (this.stopping.signal.aborted) return;
        if (this.running.has(found.id)) continue;
        const claimed = await this.records.claim(found, this.lease.holder).catch((error: unknown) => {
          this.logger.warn(`import ${found.id} could not be taken over (${(error as Error).message}); again soon`);
          return null;
        });
        if (!claimed) continue;
        if (claimed.kind === 'given up') {
          this.logger.error(
            `import ${found.id} given up: its instance went silent while running it ${SILENT_RUNS_TOLERATED} times ` +
              `(the last ${found.instance}, after ${claimed.job.progress.readings} readings); it is not resumed again`,
          );
          continue;
        }
        const { job, options } = claimed;
        const since =
          found.heartbeatAt === 0
            ? 'stopped with its instance'
            : `its instance was silent since ${new Date(found.heartbeatAt).toISOString()}`;
        this.logger.warn(
          `import ${job.id} resumed after ${job.progress.readings} readings (${since}, ${found.instance}); readings ` +
            'recorded after its last save count as duplicates',
        );
        this.run(job, { ...options, resume: job.progress });
      }
    });
  }

  /**
   * The job as the platform state holds it (any instance's), with its first `errors` refusals; null for an unknown
   * id.
   */
  get(id: string, errors: number): Promise<ImportJob | null> {
    return this.records.get(id, errors);
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

  /**
   * Stops running imports at their next batch and waits for them to write where they stopped (the first instance that
   * looks resumes them).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.lookout);
    await this.looking;
    await Promise.allSettled([...this.running.values()]);
  }

  /**
   * A run's end: the job's status and summary, and a log line saying what happened and why. A shutdown lets the job go,
   * still running, to the instance that resumes it; a job taken over is the other instance's to write.
   */
  private ended(
    run: RunningJob,
    result: { ok: true; summary: ImportSummary } | { ok: false; error: unknown },
  ): 'ended' | 'let go' | 'taken over' {
    const { job } = run;
    const counts = ({ readings, accepted, duplicates, refused }: ImportSummary) =>
      `${readings} readings: ${accepted} accepted, ${duplicates} duplicates, ${refused} refused`;
    if (run.writer.takenOver) {
      this.logger.warn(
        `import ${job.id}: another API instance took it over (this one was silent too long); left to it`,
      );
      return 'taken over';
    }
    if (!result.ok && result.error instanceof ImportInterrupted && run.writer.gaveUpOn === null) {
      job.progress = result.error.summary;
      job.etaSeconds = null;
      this.logger.warn(
        `import ${job.id} stopped by the shutdown after ${counts(job.progress)}; the first API instance that looks ` +
          'resumes it',
      );
      return 'let go';
    }
    job.finishedAt = new Date().toISOString();
    job.etaSeconds = null;
    if (result.ok) {
      job.progress = result.summary;
      job.status = 'done';
      this.logger.log(`import ${job.id} done in ${job.progress.seconds.toFixed(1)} s, ${counts(job.progress)}`);
      return 'ended';
    }
    job.status = 'failed';
    if (result.error instanceof ImportInterrupted) {
      // Stopped because its progress could not be written (a shutdown lets the job go, above).
      job.progress = result.error.summary;
      job.failure =
        `interrompida porque não foi possível gravar o andamento da importação (${(run.writer.gaveUpOn as Error).message}), ` +
        `depois de ${job.progress.readings} leituras; envie o arquivo de novo: as leituras já gravadas contam como ` +
        'duplicadas';
      this.logger.error(`import ${job.id} stopped after ${counts(job.progress)}: its progress could not be written`);
      return 'ended';
    }
    job.failure = (result.error as Error).message;
    this.logger.error(`import ${job.id} failed (${job.failure}) after ${counts(job.progress)}`);
    return 'ended';
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
