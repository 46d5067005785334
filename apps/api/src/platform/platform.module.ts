import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import {
  loadSigningKey,
  Platform,
  SqliteDirectoryStore,
  SqliteSnapshotStore,
  SystemClock,
  type Clock,
} from '@compensa/application';
import { SqliteCheckpointStore, type EventStore } from '@compensa/event-store';
import type { DatabaseSync } from 'node:sqlite';
import { API_CONFIG, type ApiConfig } from '../config';
import { EVENT_STORE } from '../event-store/event-store.token';
import { DueRunner } from './due-runner';
import { openPlatformDatabase } from './platform-database';
import { PlatformLifecycle } from './platform-lifecycle';
import { DUE_RUNNER, PLATFORM_CLOCK, PLATFORM_DATABASE } from './platform.tokens';

/** How often the deadline scheduler runs what is due when nothing else is configured. */
export const DEFAULT_DUE_INTERVAL_MS = 10 * 60 * 1000;

/** What the app (or a test) may choose about the platform. */
export interface PlatformModuleOptions {
  /** Defaults to the wall clock in America/Sao_Paulo; tests pass a SettableClock. */
  clock?: Clock;
  /** Period of the deadline scheduler (ms). */
  dueIntervalMs?: number;
}

/**
 * The command side as a Nest module: the `Platform` (verbs, directory, process managers, scheduler) on the
 * configured event store, with its checkpoints and its UC directory in DATA_DIR/platform.db, whatever the event store.
 * The role decides what starts (PlatformLifecycle): an `api` process runs the directory only.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: PLATFORM_CLOCK, useValue: options.clock ?? new SystemClock() },
        {
          provide: PLATFORM_DATABASE,
          inject: [API_CONFIG],
          useFactory: (config: ApiConfig): DatabaseSync => openPlatformDatabase(config.dataDir),
        },
        {
          provide: Platform,
          inject: [EVENT_STORE, PLATFORM_DATABASE, PLATFORM_CLOCK, API_CONFIG],
          useFactory: (store: EventStore, database: DatabaseSync, clock: Clock, config: ApiConfig): Platform =>
            new Platform({
              store,
              checkpoints: new SqliteCheckpointStore(database),
              // The directory and its checkpoint: a restart resumes from where it stopped, not from the start of the log.
              // An `api` process keeps its own directory in memory, fed by its own consumer from the log: any number
              // of them may share DATA_DIR with a worker, whose directory (and scheduler state) stays the only
              // writer of platform.db's directory tables.
              ...(config.role === 'api' ? {} : { directory: new SqliteDirectoryStore(database) }),
              // A UC not in the state cache loads from its snapshot and the events after it (issue 14).
              snapshots: new SqliteSnapshotStore(database),
              clock,
              retry: config.retry,
              logger: new Logger('Platform'),
              // Signed checkpoints of the whole log, by a key kept outside DATA_DIR (none without one).
              ...(config.checkpoints.keyFile
                ? {
                    signing: {
                      key: loadSigningKey(config.checkpoints.keyFile),
                      everyEvents: config.checkpoints.everyEvents,
                      everyMs: config.checkpoints.everyMs,
                      witnessPath: config.checkpoints.witnessPath,
                    },
                  }
                : {}),
            }),
        },
        {
          provide: DUE_RUNNER,
          inject: [Platform, EVENT_STORE, PLATFORM_CLOCK],
          useFactory: (platform: Platform, store: EventStore, clock: Clock): DueRunner =>
            new DueRunner(platform, store, clock, options.dueIntervalMs ?? DEFAULT_DUE_INTERVAL_MS),
        },
        PlatformLifecycle,
      ],
      exports: [Platform, PLATFORM_CLOCK, PLATFORM_DATABASE, DUE_RUNNER],
    };
  }
}
