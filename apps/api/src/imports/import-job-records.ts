import type {
  ImportJobErrorsTable,
  ImportJobsTable,
  ImportOutcome,
  ImportSummary,
  PlatformState,
} from '@compensa/application';
import type { Selectable } from 'kysely';
import { MAX_JOB_ERRORS, type ImportJob, type ImportJobListed, type ImportJobStall } from './import-job';

/**
 * A running job whose instance has been silent this long (the default of COMPENSA_IMPORT_JOB_SILENT_MS) was cut off
 * with it (killed, its host lost): another instance takes it over. Twelve heartbeats, so that a busy instance is not
 * taken for a dead one.
 */
export const IMPORT_JOB_SILENT_MS = 60_000;
/** How often a running job's instance says it is alive (when its progress has not said so already): a twelfth of the
 * silence after which it is taken for dead, and no more often than every 250 ms. */
export const heartbeatOf = (silentMs: number): number => Math.max(250, Math.floor(silentMs / 12));
/** The heartbeat of the default silence: 5 s. */
export const IMPORT_JOB_HEARTBEAT_MS = heartbeatOf(IMPORT_JOB_SILENT_MS);
/** Refused readings inserted per statement (8 parameters each: under both databases' limits). */
const ERROR_ROWS_PER_INSERT = 500;
/** Refused readings read per query by the error file. */
const ERROR_PAGE = 5_000;
/** A body is read back in slices of this many bytes (a file stream's own). */
const READ_SLICE_BYTES = 64 * 1024;
/**
 * A body's chunks without a running job (an upload cut off, a job ended) are removed this long after they were
 * written.
 */
const ORPHAN_CHUNK_MS = 3_600_000;

/**
 * A save of a job another instance has taken over (this one was silent for IMPORT_JOB_SILENT_MS, or stopped): nothing
 * was written, and this instance must stop running the job.
 */
export class JobTakenOver extends Error {
  constructor(readonly jobId: string) {
    super(`a importação ${jobId} foi retomada por outra instância da API`);
    this.name = 'JobTakenOver';
  }
}

/** What a job's run was asked for (POST /v1/imports/readings's query): a resumed run is asked alike. */
export interface ImportRunOptions {
  readonly distribuidora?: string;
  readonly batchSize: number;
  /** How many times an instance went silent (died) while running the job, each followed by a resume. */
  readonly silentRuns?: number;
}

/**
 * A job's instance going silent this many times gives the job up rather than resuming it: a body that kills every
 * instance that runs it (memory, a bug) would otherwise go round the instances for ever.
 */
export const SILENT_RUNS_TOLERATED = 3;

/** What taking a resumable job over gave: the job to go on with, or a job given up (failed, saying why). */
export type Claimed =
  { kind: 'resumed'; job: ImportJob; options: ImportRunOptions } | { kind: 'given up'; job: ImportJob };

/** A running job no live instance runs (its instance stopped, or died), with its body kept: any instance resumes it. */
export interface ResumableJob {
  readonly id: string;
  /** Who last ran it, and its last word (ms since the epoch; 0 for a job its instance let go at shutdown). */
  readonly instance: string;
  readonly heartbeatAt: number;
}

/**
 * The HTTP import jobs in the platform state (PLATFORM_DB_URL, else DATA_DIR/platform.db): any API instance reads any
 * job, and a job outlives the instance that ran it. The instance running a job writes it as it goes; the others only
 * read.
 */
export class ImportJobRecords {
  constructor(
    private readonly state: PlatformState,
    private readonly now: () => number = Date.now,
    /** COMPENSA_IMPORT_JOB_SILENT_MS. */
    private readonly silentMs: number = IMPORT_JOB_SILENT_MS,
  ) {}

  /** A job just received, before its first reading, with what its run was asked for. */
  async create(job: ImportJob, instance: string, options: ImportRunOptions): Promise<void> {
    await this.state.db
      .insertInto('import_jobs')
      .values({
        ...columnsOf(job, this.now()),
        id: job.id,
        kind: job.kind,
        format: job.format,
        started_at: job.startedAt,
        instance,
        run_options: JSON.stringify(options),
      })
      .execute();
  }

  /**
   * The job as it stands, and the readings it refused since the last save, in one transaction, by the instance that
   * runs it: if another instance has taken the job over, nothing is written and JobTakenOver is thrown. `letGo` (a
   * shutdown) leaves a running job to the first instance that looks for one, at once.
   */
  async save(
    job: ImportJob,
    refused: readonly ImportOutcome[],
    instance: string,
    options: { letGo?: boolean } = {},
  ): Promise<void> {
    await this.state.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('import_jobs')
        .set(columnsOf(job, options.letGo ? 0 : this.now()))
        .where('id', '=', job.id)
        .where('instance', '=', instance)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new JobTakenOver(job.id);
      for (let i = 0; i < refused.length; i += ERROR_ROWS_PER_INSERT) {
        await trx
          .insertInto('import_job_errors')
          .values(
            refused.slice(i, i + ERROR_ROWS_PER_INSERT).map((o) => ({
              job_id: job.id,
              line: o.line,
              rows: o.rows,
              uc_id: o.ucId,
              cycle: o.cycle,
              status: o.status,
              rule: o.rule,
              detail: o.detail,
            })),
          )
          // A line an earlier run of the job saved already (it is resumed from its last counts, which include it).
          .onConflict((c) => c.columns(['job_id', 'line']).doNothing())
          .execute();
      }
    });
  }

  /** One chunk of a job's body, in order from 0 (the body is written before its job is made). */
  async writeChunk(jobId: string, seq: number, bytes: Uint8Array): Promise<void> {
    await this.state.db
      .insertInto('import_job_chunks')
      .values({ job_id: jobId, seq, bytes, written_at: this.now() })
      .execute();
  }

  /** A job's body, a chunk at a time (one query each: memory flat in the body's size), in READ_SLICE_BYTES slices. */
  async *body(jobId: string): AsyncIterable<Buffer> {
    for (let seq = 0; ; seq++) {
      const row = await this.state.db
        .selectFrom('import_job_chunks')
        .select('bytes')
        .where('job_id', '=', jobId)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (!row) return;
      const bytes = Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
      // In slices, as a file stream reads: the job's read bytes (its progress, its ETA) move in steps this fine.
      for (let at = 0; at < bytes.length; at += READ_SLICE_BYTES) yield bytes.subarray(at, at + READ_SLICE_BYTES);
    }
  }

  /** Forgets a job's body (the job ended, or its upload failed). */
  async dropBody(jobId: string): Promise<void> {
    await this.state.db.deleteFrom('import_job_chunks').where('job_id', '=', jobId).execute();
  }

  /** The running jobs no live instance runs, whose body is kept: the oldest started first. */
  async resumable(): Promise<ResumableJob[]> {
    const rows = await this.state.db
      .selectFrom('import_jobs')
      .select(['id', 'instance', 'heartbeat_at'])
      .where('status', '=', 'running')
      .where('heartbeat_at', '<=', this.now() - this.silentMs)
      .where('run_options', 'is not', null)
      // Its body's first chunk, by the chunks' key (job_id, seq).
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('import_job_chunks')
            .select('seq')
            .whereRef('import_job_chunks.job_id', '=', 'import_jobs.id')
            .where('seq', '=', 0),
        ),
      )
      .orderBy('started_at')
      .execute();
    return rows.map((r) => ({ id: r.id, instance: r.instance, heartbeatAt: Number(r.heartbeat_at) }));
  }

  /**
   * Takes a resumable job over for `instance`, if no other instance took it since it was listed (its instance and last
   * word unchanged): `resumed`, with the job as saved (its counts) and its run's options; null when another instance
   * was first. A job whose instance went silent while running it SILENT_RUNS_TOLERATED times is `given up` instead:
   * failed, saying why, its body forgotten (a file that stops every instance that runs it is not run again).
   */
  async claim(job: ResumableJob, instance: string): Promise<Claimed | null> {
    const row = await this.state.db.selectFrom('import_jobs').selectAll().where('id', '=', job.id).executeTakeFirst();
    if (!row || row.run_options === null) return null;
    const options = JSON.parse(row.run_options) as ImportRunOptions;
    // A job let go at a shutdown (its last word 0) did not go silent.
    const silentRuns = (options.silentRuns ?? 0) + (job.heartbeatAt === 0 ? 0 : 1);
    const givenUp = silentRuns >= SILENT_RUNS_TOLERATED;
    const now = this.now();
    const progress = JSON.parse(row.progress) as ImportSummary;
    const failure =
      `a importação parou ${silentRuns} vezes junto com a API que a executava (a última, com ${progress.readings} ` +
      'leituras contadas): ela não é retomada de novo. Veja no registro da API por que ela parou e envie o arquivo de ' +
      'novo: as leituras já gravadas contam como duplicadas';
    const set = givenUp
      ? {
          instance,
          heartbeat_at: now,
          status: 'failed' as const,
          finished_at: new Date(now).toISOString(),
          failure,
        }
      : { instance, heartbeat_at: now, run_options: JSON.stringify({ ...options, silentRuns }) };
    const claimed = await this.state.db
      .updateTable('import_jobs')
      .set(set)
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .where('instance', '=', job.instance)
      .where('heartbeat_at', '=', job.heartbeatAt)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return null;
    // The row as the update left it (unchanged since it was read, or the update would have missed it).
    const asJob = { ...this.jobOf({ ...row, ...set }, true), errors: [], errorsTruncated: false };
    if (!givenUp) return { kind: 'resumed', job: asJob, options: { ...options, silentRuns } };
    await this.dropBody(job.id);
    return { kind: 'given up', job: asJob };
  }

  /**
   * The job, with its first `listed` refusals (MAX_JOB_ERRORS at most: the error file has them all); null for an unknown
   * id. A running job whose instance has been silent for IMPORT_JOB_SILENT_MS is resumed by another (its body kept) or
   * shown failed, with why.
   */
  async get(id: string, listed: number = MAX_JOB_ERRORS): Promise<ImportJob | null> {
    const row = await this.state.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const limit = Math.min(Math.max(0, listed), MAX_JOB_ERRORS);
    const errors =
      limit === 0
        ? []
        : await this.state.db
            .selectFrom('import_job_errors')
            .selectAll()
            .where('job_id', '=', id)
            .orderBy('line')
            .limit(limit + 1)
            .execute();
    const job = this.jobOf(row, await this.bodyKept(row));
    return {
      ...job,
      errors: errors.slice(0, limit).map(outcomeOf),
      // Without a row read, the counts say whether any refusal is left out.
      errorsTruncated: limit === 0 ? job.progress.refused > 0 : errors.length > limit,
    };
  }

  /** Whether the job is kept (its row alone: not its refusals). */
  async exists(id: string): Promise<boolean> {
    return (
      (await this.state.db.selectFrom('import_jobs').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
    );
  }

  /** The latest jobs, the last started first, without their refusals (as `get` shows each). */
  async latest(limit: number): Promise<ImportJobListed[]> {
    const rows = await this.state.db
      .selectFrom('import_jobs')
      .selectAll()
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return Promise.all(rows.map(async (row) => this.jobOf(row, await this.bodyKept(row))));
  }

  /** Whether a silent running job's body is kept, so that an instance resumes it (not asked of any other job). */
  private async bodyKept(row: Selectable<ImportJobsTable>): Promise<boolean> {
    if (!this.silent(row)) return false;
    const first = await this.state.db
      .selectFrom('import_job_chunks')
      .select('seq')
      .where('job_id', '=', row.id)
      .where('seq', '=', 0)
      .executeTakeFirst();
    return first !== undefined;
  }

  /** A running job not written for three heartbeats, or let go at a shutdown: since when, and by when it goes on. */
  private stallOf(row: Selectable<ImportJobsTable>): ImportJobStall | null {
    if (row.status !== 'running') return null;
    const heartbeat = Number(row.heartbeat_at);
    const now = this.now();
    const look = heartbeatOf(this.silentMs);
    // Let go at a shutdown: the next look of any instance up resumes it.
    if (heartbeat === 0) return { lastSignalAt: null, resumeBy: new Date(now + look).toISOString() };
    if (now - heartbeat < this.silentMs / 4) return null;
    return {
      lastSignalAt: new Date(heartbeat).toISOString(),
      resumeBy: new Date(heartbeat + this.silentMs + look).toISOString(),
    };
  }

  private silent(row: Selectable<ImportJobsTable>): boolean {
    return row.status === 'running' && this.now() - Number(row.heartbeat_at) >= this.silentMs;
  }

  /**
   * A job's row as the job. A running job silent for IMPORT_JOB_SILENT_MS is still running when its body is kept (the
   * API instance answering resumes it within IMPORT_JOB_HEARTBEAT_MS); without it (a job of a version that spooled
   * bodies to one instance's disk), it is shown failed, with why. A running job silent for a quarter of that says so
   * (`stalled`): a clerk who sees its bar stand still learns why, and by when it goes on.
   */
  private jobOf(row: Selectable<ImportJobsTable>, bodyKept: boolean): ImportJobListed {
    const stalled = this.stallOf(row);
    const job: ImportJobListed = {
      id: row.id,
      kind: row.kind,
      format: row.format,
      status: row.status,
      receivedBytes: Number(row.received_bytes),
      readBytes: Number(row.read_bytes),
      // A stalled job's time left was its rate's before it stood still.
      etaSeconds: row.eta_seconds === null || stalled ? null : Number(row.eta_seconds),
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      progress: JSON.parse(row.progress) as ImportSummary,
      failure: row.failure,
      stalled,
    };
    const heartbeat = Number(row.heartbeat_at);
    if (!this.silent(row) || bodyKept) return job;
    const lastWord = new Date(heartbeat).toISOString();
    return {
      ...job,
      status: 'failed',
      etaSeconds: null,
      stalled: null,
      failure:
        `a API que executava a importação parou sem terminá-la (último sinal em ${lastWord}, com ` +
        `${job.progress.readings} leituras contadas); envie o arquivo de novo: as leituras já gravadas contam como ` +
        'duplicadas',
    };
  }

  /** Every refusal of the job so far, in file order (the error file), read a page at a time. */
  async *errors(id: string): AsyncIterable<ImportOutcome> {
    let after = 0;
    for (;;) {
      const page = await this.state.db
        .selectFrom('import_job_errors')
        .selectAll()
        .where('job_id', '=', id)
        .where('line', '>', after)
        .orderBy('line')
        .limit(ERROR_PAGE)
        .execute();
      for (const row of page) yield outcomeOf(row);
      if (page.length < ERROR_PAGE) return;
      after = Number(page[page.length - 1]!.line);
    }
  }

  /**
   * Forgets the jobs started before `before` (ISO-8601), their refusals and bodies; and, an hour after they were
   * written, the bodies of uploads cut off before their job was made and of jobs that ended (whose run could not
   * remove them). Returns how many jobs.
   */
  async purgeStartedBefore(before: string): Promise<number> {
    return this.state.db.transaction().execute(async (trx) => {
      const old = trx.selectFrom('import_jobs').select('id').where('started_at', '<', before);
      await trx.deleteFrom('import_job_errors').where('job_id', 'in', old).execute();
      await trx.deleteFrom('import_job_chunks').where('job_id', 'in', old).execute();
      await trx
        .deleteFrom('import_job_chunks')
        .where('written_at', '<', this.now() - ORPHAN_CHUNK_MS)
        .where('job_id', 'not in', trx.selectFrom('import_jobs').select('id').where('status', '=', 'running'))
        .execute();
      const deleted = await trx.deleteFrom('import_jobs').where('started_at', '<', before).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    });
  }
}

/** What a save rewrites of a job's row. */
function columnsOf(job: ImportJob, heartbeatAt: number) {
  return {
    status: job.status,
    received_bytes: job.receivedBytes,
    read_bytes: job.readBytes,
    eta_seconds: job.etaSeconds,
    finished_at: job.finishedAt,
    progress: JSON.stringify(job.progress),
    failure: job.failure,
    heartbeat_at: heartbeatAt,
  } satisfies Partial<ImportJobsTable>;
}

function outcomeOf(row: Selectable<ImportJobErrorsTable>): ImportOutcome {
  return {
    line: Number(row.line),
    rows: Number(row.rows),
    ucId: row.uc_id,
    cycle: row.cycle,
    outcome: 'refused',
    status: Number(row.status),
    rule: row.rule,
    detail: row.detail,
  };
}
