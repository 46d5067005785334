import { sql } from 'kysely';
import type { PlatformState } from './open-platform-state';

/** A lease as its holder knows it: the fencing token is what its writes are checked against. */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
}

/**
 * The lease table: at most one holder per name until its lease expires. Taking over an expired lease (or a free
 * one) raises the fencing token; renewing one's own keeps it. Each operation is one statement, so two instances
 * racing for a lease cannot both win, on SQLite as on PostgreSQL.
 */
export class ConsumerLeases {
  constructor(
    private readonly state: PlatformState,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes or renews `name` for `holder` until now + ttlMs; null while another holder's lease runs. */
  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | null> {
    const now = this.now();
    const row = await this.state.db
      .insertInto('consumer_leases')
      .values({ name, holder, token: 1, expires_at: now + ttlMs })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({
            token: sql<number>`CASE WHEN consumer_leases.holder = excluded.holder THEN consumer_leases.token ELSE consumer_leases.token + 1 END`,
            holder: sql<string>`excluded.holder`,
            expires_at: sql<number>`excluded.expires_at`,
          })
          .where((eb) =>
            eb.or([
              eb('consumer_leases.holder', '=', sql<string>`excluded.holder`),
              eb('consumer_leases.expires_at', '<', now),
            ]),
          ),
      )
      .returning('token')
      .executeTakeFirst();
    return row ? { name, holder, token: Number(row.token) } : null;
  }

  /** Gives the lease up at once (expired, token kept, so the next holder's is higher). */
  async release(lease: Lease): Promise<void> {
    await this.state.db
      .updateTable('consumer_leases')
      .set({ expires_at: 0 })
      .where('name', '=', lease.name)
      .where('holder', '=', lease.holder)
      .where('token', '=', lease.token)
      .execute();
  }

  /** Who holds `name` now (null: nobody ever did). */
  async current(name: string): Promise<{ holder: string; token: number; expiresAt: number } | null> {
    const row = await this.state.db
      .selectFrom('consumer_leases')
      .select(['holder', 'token', 'expires_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? { holder: row.holder, token: Number(row.token), expiresAt: Number(row.expires_at) } : null;
  }
}
