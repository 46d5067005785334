import type { DirectoryDatabase } from '../directory/directory-tables';

/**
 * The platform's own state as Kysely sees it (not the domain's: that is the log; not the read models): consumer
 * checkpoints, the leases that say which worker runs a consumer, the HTTP idempotency keys, the API key hashes, the UC
 * directory, the HTTP import jobs, the corrections' listed totals. One schema for SQLite (DATA_DIR/platform.db)
 * and PostgreSQL (PLATFORM_DB_URL, shared by every instance).
 */

/** Where each consumer got to (the table SqliteCheckpointStore has always written: existing files keep theirs). */
export interface CheckpointsTable {
  consumer: string;
  position: number;
}

/**
 * Who runs a consumer (or a group of them) until when. `token` grows by one at every change of holder: the fencing
 * token every checkpoint write checks, so a holder that lost the lease (paused, partitioned) cannot write after
 * another took over.
 */
export interface ConsumerLeasesTable {
  name: string;
  holder: string;
  token: number;
  /** Milliseconds since the epoch, on the holder's clock. */
  expires_at: number;
}

/**
 * Idempotency keys of the HTTP commands, per API key (`scope`): claimed (pending) before the command runs, then
 * done with its first outcome (JSON), so every instance answers a retried key alike.
 */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  state: 'pending' | 'done';
  outcome: string | null;
  /** Milliseconds since the epoch: when claimed (a pending claim this old is abandoned) or completed. */
  created_at: number;
}

/** The accepted API keys, as SHA-256 (hex) only, when they are shared by every instance (PLATFORM_DB_URL). */
export interface ApiKeysTable {
  sha256: string;
  role: 'operator' | 'auditor';
  /** ISO-8601 instant. */
  created_at: string;
}

/**
 * The HTTP import jobs (POST /v1/imports/readings), so that any API instance answers GET /v1/imports/{id}, and a job
 * outlives the process that ran it (an API restarted mid-import leaves a job that says so, not a 404).
 */
export interface ImportJobsTable {
  id: string;
  kind: 'readings';
  format: 'csv' | 'jsonl';
  status: 'running' | 'done' | 'failed';
  received_bytes: number;
  read_bytes: number;
  eta_seconds: number | null;
  /** ISO-8601 instants. */
  started_at: string;
  finished_at: string | null;
  /** The ImportSummary so far, as JSON. */
  progress: string;
  failure: string | null;
  /** The instance that runs the job (host, pid and a random part), for the logs and for whoever reads the table. */
  instance: string;
  /** Milliseconds since the epoch: the running instance's last word (a running job silent for long has lost it). */
  heartbeat_at: number;
  /**
   * What the run was asked for (`{ distribuidora?, batchSize }`, JSON), so that another instance resumes it alike;
   * null for a job of a version that did not keep it (nor its body: never resumed).
   */
  run_options: string | null;
}

/** Every refused reading of an import job (the error file, served by GET /v1/imports/{id}/errors). */
export interface ImportJobErrorsTable {
  job_id: string;
  /** The reading's first line in the file (unique in the job). */
  line: number;
  rows: number;
  uc_id: string;
  cycle: string;
  status: number;
  rule: string | null;
  detail: string;
}

/**
 * The body of an HTTP import job, a chunk a row in order: kept while the job runs, so that any API instance can resume
 * a job whose instance stopped or died (the body lives in the shared platform state, not on one instance's disk).
 */
export interface ImportJobChunksTable {
  job_id: string;
  /** 0, 1, 2…: the chunks in the body's order. */
  seq: number;
  bytes: Uint8Array;
  /** Milliseconds since the epoch: the chunk of an upload cut off before its job was made is removed an hour on. */
  written_at: number;
}

/**
 * Each retificação's totals as GET /v1/corrections lists them, once read from the streams by any instance: a
 * correction's events are appended together and never change, so its totals are final when first read.
 */
export interface CorrectionTotalsTable {
  id: string;
  /** The CorrectionTotals, as JSON. */
  totals: string;
}

/** Every table of the platform state, the UC directory's among them. */
export interface PlatformStateDatabase extends DirectoryDatabase {
  checkpoints: CheckpointsTable;
  consumer_leases: ConsumerLeasesTable;
  idempotency_keys: IdempotencyKeysTable;
  api_keys: ApiKeysTable;
  import_jobs: ImportJobsTable;
  import_job_errors: ImportJobErrorsTable;
  import_job_chunks: ImportJobChunksTable;
  correction_totals: CorrectionTotalsTable;
}
