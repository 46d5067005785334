import type {
  ImportJobErrorsTable,
  ImportJobsTable,
  ImportOutcome,
  ImportSummary,
  PlatformState,
} from '@compensa/application';
import type { Selectable } from 'kysely';
import { MAX_JOB_ERRORS, type ImportJob, type ImportJobListed } from './import-job';

/** How often a running job's instance says it is alive, when its progress has not said so already. */
export const IMPORT_JOB_HEARTBEAT_MS = 5_000;
/**
 * A running job whose instance has been silent this long was cut off with it (killed, its host lost): it is shown
 * failed. Several heartbeats, so that a busy instance is not taken for a dead one.
 */
export const IMPORT_JOB_SILENT_MS = 60_000;
/** Refused readings inserted per statement (8 parameters each: under both databases' limits). */
const ERROR_ROWS_PER_INSERT = 500;
/** Refused readings read per query by the error file. */
const ERROR_PAGE = 5_000;

/**
 * The HTTP import jobs in the platform state (PLATFORM_DB_URL, else DATA_DIR/platform.db): any API instance reads any
 * job, and a job outlives the instance that ran it. The instance running a job writes it as it goes; the others only
 * read.
 */
export class ImportJobRecords {
  constructor(
    private readonly state: PlatformState,
    private readonly now: () => number = Date.now,
  ) {}

  /** A job just received, before its first reading. */
  async create(job: ImportJob, instance: string): Promise<void> {
    await this.state.db
      .insertInto('import_jobs')
      .values({
        ...columnsOf(job, this.now()),
        id: job.id,
        kind: job.kind,
        format: job.format,
        started_at: job.startedAt,
        instance,
      })
      .execute();
  }

  /** The job as it stands, and the readings it refused since the last save, in one transaction. */
  async save(job: ImportJob, refused: readonly ImportOutcome[]): Promise<void> {
    await this.state.db.transaction().execute(async (trx) => {
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
          .execute();
      }
      await trx.updateTable('import_jobs').set(columnsOf(job, this.now())).where('id', '=', job.id).execute();
    });
  }

  /**
   * The job, with its first MAX_JOB_ERRORS refusals; null for an unknown id. A running job whose instance has been
   * silent for IMPORT_JOB_SILENT_MS is shown failed, with why.
   */
  async get(id: string): Promise<ImportJob | null> {
    const row = await this.state.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const errors = await this.state.db
      .selectFrom('import_job_errors')
      .selectAll()
      .where('job_id', '=', id)
      .orderBy('line')
      .limit(MAX_JOB_ERRORS + 1)
      .execute();
    return {
      ...this.jobOf(row),
      errors: errors.slice(0, MAX_JOB_ERRORS).map(outcomeOf),
      errorsTruncated: errors.length > MAX_JOB_ERRORS,
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
    return rows.map((row) => this.jobOf(row));
  }

  /** A job's row as the job; a running job silent for IMPORT_JOB_SILENT_MS is shown failed, with why. */
  private jobOf(row: Selectable<ImportJobsTable>): ImportJobListed {
    const job: ImportJobListed = {
      id: row.id,
      kind: row.kind,
      format: row.format,
      status: row.status,
      receivedBytes: Number(row.received_bytes),
      readBytes: Number(row.read_bytes),
      etaSeconds: row.eta_seconds === null ? null : Number(row.eta_seconds),
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      progress: JSON.parse(row.progress) as ImportSummary,
      failure: row.failure,
    };
    const heartbeat = Number(row.heartbeat_at);
    if (job.status !== 'running' || this.now() - heartbeat < IMPORT_JOB_SILENT_MS) return job;
    const lastWord = new Date(heartbeat).toISOString();
    return {
      ...job,
      status: 'failed',
      etaSeconds: null,
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

  /** The ids of jobs whose instance is still alive and running them (their spooled files are in use). */
  async alive(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.state.db
      .selectFrom('import_jobs')
      .select('id')
      .where('id', 'in', ids)
      .where('status', '=', 'running')
      .where('heartbeat_at', '>', this.now() - IMPORT_JOB_SILENT_MS)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Forgets the jobs started before `before` (ISO-8601) and their refusals; returns how many. */
  async purgeStartedBefore(before: string): Promise<number> {
    return this.state.db.transaction().execute(async (trx) => {
      const old = trx.selectFrom('import_jobs').select('id').where('started_at', '<', before);
      await trx.deleteFrom('import_job_errors').where('job_id', 'in', old).execute();
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
