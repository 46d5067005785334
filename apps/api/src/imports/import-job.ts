import type { ImportFormat, ImportOutcome, ImportSummary } from '@compensa/application';

/**
 * Refused readings GET /v1/imports/{id} lists (the counts are always complete; GET /v1/imports/{id}/errors, the error
 * file, has every one).
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
  /** A running job its API instance has not written for a while (stopped, died, stuck); null otherwise. */
  stalled: ImportJobStall | null;
}

/**
 * Why a running job does not move: its instance has been silent for a quarter of COMPENSA_IMPORT_JOB_SILENT_MS (three
 * heartbeats; a live instance writes at least every heartbeat), or let it go at a shutdown.
 */
export interface ImportJobStall {
  /**
   * The instance's last word on the job; null when it let the job go at a shutdown (any instance resumes it at
   * once).
   */
  lastSignalAt: string | null;
  /**
   * By when an API instance that is up will have taken it over, from where it stopped: the silence plus a look (a
   * heartbeat). Past when no instance is up: the first to start resumes it.
   */
  resumeBy: string;
}

/** A job as GET /v1/imports lists it: without its refused readings. */
export type ImportJobListed = Omit<ImportJob, 'errors' | 'errorsTruncated'>;

/** The counts of a job that has decided nothing yet. */
export const NO_PROGRESS: ImportSummary = {
  readings: 0,
  rows: 0,
  accepted: 0,
  duplicates: 0,
  refused: 0,
  refusedBy: {},
  seconds: 0,
  readingsPerSecond: 0,
};
