import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { openEventStore, type EventStore } from '@compensa/event-store';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { API_CONFIG, type ApiConfig } from '../config';
import { EVENT_STORE } from './event-store.token';

/** Closes the store when Nest shuts down (SIGTERM, app.close()), so the SQLite WAL is checkpointed and gRPC ends. */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log('event store closed');
  }
}

/** Opens the configured event store once and provides it under `EVENT_STORE` to the whole application. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [API_CONFIG],
      useFactory: async (config: ApiConfig): Promise<EventStore> => {
        const logger = new Logger('EventStore');
        if (config.eventStore.kind === 'sqlite') {
          mkdirSync(dirname(config.eventStore.path), { recursive: true });
          logger.log(`opening SQLite event store at ${config.eventStore.path}`);
        } else {
          logger.log('opening KurrentDB event store');
        }
        return await openEventStore(config.eventStore);
      },
    },
    EventStoreCloser,
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule {}
