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
