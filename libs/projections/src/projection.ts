/** What a projection is: its tables and how it applies events inside the runner's transaction. */
import type { Kysely, Transaction } from 'kysely';
import type { UcEvent } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { BulkWriter } from './bulk-writer';
import type { ReadModelDatabase } from './read-model-database';

/** Names of the projections that own tables. */
export type ProjectionName =
  | 'uc_balance'
  | 'uc_statement'
  | 'titular_holdings'
  | 'generator_flows'
  | 'invoices'
  | 'invoice_shares'
  | 'corrections';

/** Read models a caller may name: the projections, and the two read models answered from uc_balance's tables. */
export type ReadModelName = ProjectionName | 'expiring_credits' | 'portfolio';

/** A transaction on the read-model database. */
export type ReadModelTransaction = Transaction<ReadModelDatabase>;

/**
 * Applies one batch of events inside one transaction: `apply` each event in log order, then `flush` once.
 * A projection may write at once in `apply`, or gather and write in `flush` (fewer, larger statements).
 */
export interface ProjectionBatch {
  apply(event: RecordedEvent): Promise<void>;
  /**
   * In a partitioned rebuild, an event of a stream another partition owns, in log order among the applied ones:
   * for what the projection reads across streams (it writes none of that event's rows).
   */
  observe?(event: RecordedEvent): void;
  flush(): Promise<void>;
}

/**
 * How a partitioned rebuild splits a projection: `by-owner`, each partition applies the events whose owner key
 * (`ownerKeyOf`: its stream, a UC or a titular) hashes to it, which requires that an event writes only rows keyed
 * by that owner, or rows every partition only adds to (`TableSpec` with `add` alone: the sum is the same whoever
 * adds); `whole`, partition 0 applies every event and the others none.
 */
export type Partitioning = 'by-owner' | 'whole';

/** A projection: a module owning its tables, fed event by event in log order. */
export interface Projection {
  readonly name: ProjectionName;
  /** The tables it owns, dropped and recreated by a rebuild. */
  readonly tables: readonly (keyof ReadModelDatabase)[];
  /** Creates its tables and indexes if missing (Kysely schema builder, dialect-neutral). */
  createTables(db: Kysely<ReadModelDatabase>): Promise<void>;
  /**
   * Secondary indexes its own writes never read: a rebuild drops them before the replay and `createTables` puts
   * them back after it (one sort instead of an index update per row).
   */
  readonly deferredIndexes?: readonly string[];
  /** How a partitioned rebuild splits it (why, in a comment at the projection). */
  readonly partitioning: Partitioning;
  /**
   * Once every partition is done, in the transaction that collapses their checkpoints: turns what the partitions
   * kept apart back into the rows an unpartitioned rebuild leaves.
   */
  finishPartitions?(trx: ReadModelTransaction): Promise<void>;
  /** Starts a batch in the runner's transaction (which also moves the checkpoint); `bulk` writes within it. */
  begin(trx: ReadModelTransaction, bulk: BulkWriter): ProjectionBatch;
}

/**
 * Which events of a UC stream a read model reads: one entry per UC event type (`true`: read), so a new event is a
 * decision each read model makes where the compiler points, never a type silently passed over.
 */
export type UcEventSelection = { readonly [T in UcEvent['type']]: boolean };

/** True for an event of a UC stream whose type the selection reads. */
export function readsUcEvent(selection: UcEventSelection, event: RecordedEvent): boolean {
  return isUcStream(event) && (selection as Readonly<Record<string, boolean>>)[event.type] === true;
}

/** The stream kinds (`uc-…`, `titular-…`). */
export function isUcStream(event: RecordedEvent): boolean {
  return event.stream.startsWith('uc-');
}

/** True for events of a titular stream. */
export function isTitularStream(event: RecordedEvent): boolean {
  return event.stream.startsWith('titular-');
}

/** The distribuidora of a UC stream `uc-<distribuidora>-<ucId>`. */
export function distribuidoraOfUcStream(stream: string, ucId: string): string {
  return stream.slice(3, stream.length - ucId.length - 1);
}
