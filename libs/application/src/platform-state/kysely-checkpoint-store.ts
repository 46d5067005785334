import { CheckpointConflict, type CheckpointStore } from '@compensa/event-store';
import type { Lease } from './consumer-leases';
import { assertLeaseHeld } from './lease-fence';
import type { PlatformState } from './open-platform-state';
import type { PlatformStateDatabase } from './platform-state-database';

/**
 * Consumer checkpoints on the platform state (SQLite or PostgreSQL, one code path), moved only by compare-and-set.
 * With a fence, every write first checks, in the same transaction, that the writer's lease is still the current one
 * (holder and token; the lease row is locked on PostgreSQL, so a takeover waits for the write or the write sees the
 * takeover): a worker that lost its lease while paused cannot move a checkpoint after another took over.
 */
export class KyselyCheckpointStore implements CheckpointStore {
  constructor(
    private readonly state: PlatformState,
    /** The lease writes are made under (null: none held now, every write refused); omitted: unfenced. */
    private readonly fence?: () => Lease | null,
  ) {}

  async load(consumer: string): Promise<number | null> {
    const row = await this.state.db
      .selectFrom('checkpoints')
      .select('position')
      .where('consumer', '=', consumer)
      .executeTakeFirst();
    return row ? Number(row.position) : null;
  }

  async store(consumer: string, expected: number | null, next: number): Promise<void> {
    const lease = this.fence ? this.fence() : undefined;
    const changed = await this.state.db.transaction().execute(async (trx) => {
      if (lease !== undefined) await assertLeaseHeld<PlatformStateDatabase>(trx, this.state.dialect, lease, consumer);
      const result =
        expected === null
          ? await trx
              .insertInto('checkpoints')
              .values({ consumer, position: next })
              .onConflict((oc) => oc.column('consumer').doNothing())
              .executeTakeFirst()
          : await trx
              .updateTable('checkpoints')
              .set({ position: next })
              .where('consumer', '=', consumer)
              .where('position', '=', expected)
              .executeTakeFirst();
      return Number('numInsertedOrUpdatedRows' in result ? result.numInsertedOrUpdatedRows : result.numUpdatedRows);
    });
    if (changed !== 1) throw new CheckpointConflict(consumer, expected, await this.load(consumer));
  }
}
