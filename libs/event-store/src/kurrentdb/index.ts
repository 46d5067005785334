/** The KurrentDB adapter: loaded only when configured (see open-event-store.ts). */
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export type { RetryPolicy } from './transient-errors';
export type { ResubscribePolicy } from './resubscribing-subscription';
export { chainEvents, prepareEvents, type ChainedEvent, type PreparedEvent } from './chained-events';
export type { ChainLink } from './stream-heads';
