import type { PlatformState } from '@compensa/application';
import type { ProblemDetails } from '../../problems/problem-details';

/** How long a key is remembered after its request completed. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * A pending claim older than this is abandoned (its instance died mid-request): the key may be claimed again.
 * Far above any command's run time; until then a retry is told 409 in progress. The default of
 * COMPENSA_IDEMPOTENCY_CLAIM_MS.
 */
export const ABANDONED_CLAIM_MS = 30_000;

/** The first outcome of a key: a command's answer, or the domain's refusal of it. */
export type StoredOutcome =
  | { kind: 'response'; status: number; etag: string | null; body: unknown }
  | { kind: 'problem'; problem: Omit<ProblemDetails, 'instance' | 'requestId'> };

/** What claiming a key found. */
export type Claim =
  { kind: 'claimed' } | { kind: 'replay'; outcome: StoredOutcome } | { kind: 'in-progress' } | { kind: 'mismatch' };

/**
 * Idempotency keys in the platform state (DATA_DIR/platform.db, or PostgreSQL at PLATFORM_DB_URL, shared by every
 * API instance), scoped per API key: a key is claimed (pending) before its command runs and completed with the
 * outcome, or released when the request ended without one (validation, a lost race, a 500). A claim is one
 * insert-if-absent, so two instances cannot both claim a key.
 */
export class IdempotencyStore {
  private lastPurge = 0;

  constructor(
    private readonly state: PlatformState,
    private readonly now: () => number = Date.now,
    private readonly abandonedAfterMs = ABANDONED_CLAIM_MS,
  ) {}

  /** Claims `key` for a request with this fingerprint, or says why not. */
  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    await this.purge();
    for (;;) {
      const now = this.now();
      const inserted = await this.state.db
        .insertInto('idempotency_keys')
        .values({ scope, key, fingerprint, state: 'pending', outcome: null, created_at: now })
        .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { kind: 'claimed' };
      const row = await this.state.db
        .selectFrom('idempotency_keys')
        .select(['fingerprint', 'state', 'outcome', 'created_at'])
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirst();
      // Released between the insert and the select: try again.
      if (!row) continue;
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (row.state === 'done') return { kind: 'replay', outcome: JSON.parse(row.outcome ?? 'null') as StoredOutcome };
      if (Number(row.created_at) >= now - this.abandonedAfterMs) return { kind: 'in-progress' };
      // Abandoned by a dead instance: take it over, unless another instance just did.
      const taken = await this.state.db
        .updateTable('idempotency_keys')
        .set({ created_at: now })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('state', '=', 'pending')
        .where('created_at', '=', row.created_at)
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) === 1 ? { kind: 'claimed' } : { kind: 'in-progress' };
    }
  }

  /** Records the first outcome of a claimed key. */
  async complete(scope: string, key: string, outcome: StoredOutcome): Promise<void> {
    await this.state.db
      .updateTable('idempotency_keys')
      .set({ state: 'done', outcome: JSON.stringify(outcome) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Frees a claimed key whose request ended without an outcome worth replaying. */
  async release(scope: string, key: string): Promise<void> {
    await this.state.db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Forgets completed keys older than the retention, at most once a minute. */
  private async purge(): Promise<void> {
    const now = this.now();
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    await this.state.db
      .deleteFrom('idempotency_keys')
      .where('state', '=', 'done')
      .where('created_at', '<', now - IDEMPOTENCY_RETENTION_MS)
      .execute();
  }
}
