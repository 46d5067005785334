import { Global, Logger, Module } from '@nestjs/common';
import type { EventStore } from '@compensa/event-store';
import { openReadModels, ProjectionRunner, type ReadModelStore } from '@compensa/projections';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { API_CONFIG, type ApiConfig } from '../config';
import { EVENT_STORE } from '../event-store/event-store.token';
import { ReadModelsLifecycle } from './read-models-lifecycle';
import { PROJECTION_RUNNER, READ_MODELS } from './read-models.tokens';

/** Where the read models live: READ_MODEL_URL (PostgreSQL), else an SQLite file beside the events. */
export function readModelUrlOf(config: ApiConfig): string {
  return config.readModelUrl ?? `sqlite:${join(config.dataDir, 'read-models.db')}`;
}

/** The read models (every number a user sees) and the projection runner that feeds them. */
@Global()
@Module({
  providers: [
    {
      provide: READ_MODELS,
      inject: [API_CONFIG],
      useFactory: async (config: ApiConfig): Promise<ReadModelStore> => {
        mkdirSync(config.dataDir, { recursive: true });
        return openReadModels(readModelUrlOf(config));
      },
    },
    {
      provide: PROJECTION_RUNNER,
      inject: [EVENT_STORE, READ_MODELS, API_CONFIG],
      useFactory: (store: EventStore, readModels: ReadModelStore, config: ApiConfig) => {
        const logger = new Logger('Projections');
        return new ProjectionRunner({
          store,
          readModels,
          // An `api` process reads the read models a worker feeds.
          runElsewhere: config.role === 'api',
          onError: (e) => logger.warn(`projection batch failed, retrying: ${e.message}`),
          onReset: (names) =>
            logger.warn(
              `read models ${names.join(', ')} were written in an older shape of their tables (an upgrade): dropped and replayed from the log`,
            ),
        });
      },
    },
    ReadModelsLifecycle,
  ],
  exports: [READ_MODELS, PROJECTION_RUNNER],
})
export class ReadModelsModule {}
