/** Chooses the event-store adapter from configuration. */
import type { EventStore } from './event-store.port';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite';

/** Which adapter, and where its data lives. */
export type EventStoreConfig =
  ({ kind: 'sqlite' } & SqliteEventStoreOptions) | { kind: 'kurrentdb'; connectionString: string };

/** Opens the configured event store. */
export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite': {
      const { kind: _kind, ...options } = config;
      return new SqliteEventStore(options);
    }
    case 'kurrentdb': {
      // Lazy: the KurrentDB client (gRPC) loads only when configured, and this file compiles without the adapter.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const adapter = require('./kurrentdb') as { KurrentDbEventStore: new (connectionString: string) => EventStore };
      return new adapter.KurrentDbEventStore(config.connectionString);
    }
    default:
      throw new TypeError(`unknown event store kind ${(config as { kind: unknown }).kind as string}`);
  }
}
