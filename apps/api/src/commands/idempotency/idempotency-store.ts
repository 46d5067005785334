import type { DatabaseSync } from 'node:sqlite';
import type { ProblemDetails } from '../../problems/problem-details';

/** How long a key is remembered after its request completed. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The first outcome of a key: a command's answer, or the domain's refusal of it. */
export type StoredOutcome =
  | { kind: 'response'; status: number; etag: string | null; body: unknown }
  | { kind: 'problem'; problem: Omit<ProblemDetails, 'instance' | 'requestId'> };

/** What claiming a key found. */
export type Claim =
  { kind: 'claimed' } | { kind: 'replay'; outcome: StoredOutcome } | { kind: 'in-progress' } | { kind: 'mismatch' };

interface Row {
  fingerprint: string;
  state: 'pending' | 'done';
  outcome: string | null;
}

/**
 * Idempotency keys in DATA_DIR/platform.db, scoped per API key: a key is claimed (pending) before its command runs
 * and completed with the outcome, or released when the request ended without one (validation, a lost race, a 500).
 * node:sqlite is synchronous, so a claim is atomic within the process.
 */
export class IdempotencyStore {
  private lastPurge = 0;

  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      scope       TEXT    NOT NULL,
      key         TEXT    NOT NULL,
      fingerprint TEXT    NOT NULL,
      state       TEXT    NOT NULL CHECK (state IN ('pending', 'done')),
      outcome     TEXT,
      created_at  INTEGER NOT NULL,
      PRIMARY KEY (scope, key)
    ) WITHOUT ROWID`);
    // A pending key survives only a crash mid-request: its request is gone, so the key is free again.
    db.exec(`DELETE FROM idempotency_keys WHERE state = 'pending'`);
    this.purge();
  }

  /** Claims `key` for a request with this fingerprint, or says why not. */
  claim(scope: string, key: string, fingerprint: string): Claim {
    this.purge();
    const { changes } = this.db
      .prepare(
        `INSERT INTO idempotency_keys (scope, key, fingerprint, state, created_at) VALUES (?, ?, ?, 'pending', ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(scope, key, fingerprint, this.now());
    if (Number(changes) === 1) return { kind: 'claimed' };
    const row = this.db
      .prepare(`SELECT fingerprint, state, outcome FROM idempotency_keys WHERE scope = ? AND key = ?`)
      .get(scope, key) as Row | undefined;
    // Released between the insert and the select (cannot happen synchronously, but stay correct): try again.
    if (!row) return this.claim(scope, key, fingerprint);
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.state === 'pending') return { kind: 'in-progress' };
    return { kind: 'replay', outcome: JSON.parse(row.outcome ?? 'null') as StoredOutcome };
  }

  /** Records the first outcome of a claimed key. */
  complete(scope: string, key: string, outcome: StoredOutcome): void {
    this.db
      .prepare(
        `UPDATE idempotency_keys SET state = 'done', outcome = ? WHERE scope = ? AND key = ? AND state = 'pending'`,
      )
      .run(JSON.stringify(outcome), scope, key);
  }

  /** Frees a claimed key whose request ended without an outcome worth replaying. */
  release(scope: string, key: string): void {
    this.db.prepare(`DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND state = 'pending'`).run(scope, key);
  }

  /** Forgets completed keys older than the retention, at most once a minute. */
  private purge(): void {
    const now = this.now();
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    this.db
      .prepare(`DELETE FROM idempotency_keys WHERE state = 'done' AND created_at < ?`)
      .run(now - IDEMPOTENCY_RETENTION_MS);
  }
}
