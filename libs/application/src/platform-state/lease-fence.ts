import type { Kysely } from 'kysely';
import type { Lease } from './consumer-leases';
import { FencedOut } from './fenced-out';
import type { ConsumerLeasesTable } from './platform-state-database';

/** The table a fenced write checks. */
export interface FenceDatabase {
  consumer_leases: ConsumerLeasesTable;
}

/**
 * Inside a write transaction: refuses (FencedOut) unless `lease` is still the current one (holder and token). On
 * PostgreSQL the lease row is locked for share, so a takeover waits for the write or the write sees the takeover.
 */
export async function assertLeaseHeld<DB extends FenceDatabase>(
  db: Kysely<DB>,
  dialect: 'sqlite' | 'postgres',
  lease: Lease | null,
  what: string,
): Promise<void> {
  if (lease === null) throw new FencedOut(what, null);
  // Every database holding the lease table reads it alike.
  const trx = db as unknown as Kysely<FenceDatabase>;
  const current = await trx
    .selectFrom('consumer_leases')
    .select('token')
    .where('name', '=', lease.name)
    .where('holder', '=', lease.holder)
    .where('token', '=', lease.token)
    .$if(dialect === 'postgres', (qb) => qb.forShare())
    .executeTakeFirst();
  if (!current) throw new FencedOut(lease.name, lease.token);
}
