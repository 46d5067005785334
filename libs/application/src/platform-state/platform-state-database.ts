import type { DirectoryDatabase } from '../directory/directory-tables';

/**
 * The platform's own state as Kysely sees it (not the domain's: that is the log; not the read models): consumer
 * checkpoints, the leases that say which worker runs a consumer, the HTTP idempotency keys, the API key hashes, the UC
 * directory. One schema for SQLite (DATA_DIR/platform.db)
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

/** Every table of the platform state, the UC directory's among them. */
export interface PlatformStateDatabase extends DirectoryDatabase {
  checkpoints: CheckpointsTable;
  consumer_leases: ConsumerLeasesTable;
  idempotency_keys: IdempotencyKeysTable;
  api_keys: ApiKeysTable;
}
