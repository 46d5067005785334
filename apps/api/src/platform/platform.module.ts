import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import {
  ConsumerLeases,
  KyselyCheckpointStore,
  LeaseKeeper,
  loadSigningKey,
  openPlatformState,
  KyselyDirectoryStore,
  Platform,
  SqliteSnapshotStore,
  SystemClock,
  type Clock,
  type PlatformState,
} from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DatabaseSync } from 'node:sqlite';
import { API_CONFIG, type ApiConfig } from '../config';
import { EVENT_STORE } from '../event-store/event-store.token';
import { DueRunner } from './due-runner';
import { openPlatformDatabase } from './platform-database';
import { PlatformLifecycle } from './platform-lifecycle';
import { DUE_RUNNER, PLATFORM_CLOCK, PLATFORM_DATABASE, PLATFORM_STATE, WORKER_LEASE } from './platform.tokens';

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
 * configured event store, with its checkpoints and its UC directory in the platform state (PostgreSQL with
 * PLATFORM_DB_URL, else DATA_DIR/platform.db), whatever the event store. The role decides what starts
 * (PlatformLifecycle): an `api` process only reads the directory; the lease holder feeds it.
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
          provide: PLATFORM_STATE,
          inject: [API_CONFIG, PLATFORM_DATABASE],
          // Without PLATFORM_DB_URL, on platform.db through the one handle the snapshots use too: a second connection
          // waiting (synchronously) for the file's lock would block the event loop the lock's holder needs.
          useFactory: (config: ApiConfig, database: DatabaseSync): Promise<PlatformState> =>
            openPlatformState(config.platformDbUrl ?? database),
        },
        {
          provide: WORKER_LEASE,
          inject: [PLATFORM_STATE, API_CONFIG],
          useFactory: (state: PlatformState, config: ApiConfig): LeaseKeeper =>
            new LeaseKeeper(
              new ConsumerLeases(state),
              'process-managers',
              `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
              { failoverMs: config.failoverMs },
              new Logger('Lease'),
            ),
        },
        {
          provide: Platform,
          inject: [EVENT_STORE, PLATFORM_DATABASE, PLATFORM_CLOCK, API_CONFIG, PLATFORM_STATE, WORKER_LEASE],
          useFactory: (
            store: EventStore,
            database: DatabaseSync,
            clock: Clock,
            config: ApiConfig,
            state: PlatformState,
            lease: LeaseKeeper,
          ): Platform =>
            new Platform({
              store,
              // A worker (or `all` process) writes its checkpoints under its lease: fenced, so a stale leader's writes
              // are refused.
              checkpoints: new KyselyCheckpointStore(state, config.role === 'api' ? undefined : () => lease.current()),
              // The directory and its checkpoint, with the platform state (PostgreSQL with PLATFORM_DB_URL, else
              // platform.db through the snapshots' handle): a restart resumes from where it stopped. The lease holder
              // (a worker or `all` process) writes it (fenced: a stale leader's writes are refused); the others read it.
              directory: new KyselyDirectoryStore(
                state.db,
                state.dialect,
                config.role === 'api' ? undefined : () => lease.current(),
              ),
              directoryMode: 'shared',
              // A UC not in the state cache loads from its snapshot and the events after it (issue 14).
              snapshots: new SqliteSnapshotStore(database),
              clock,
              retry: config.retry,
              stateCacheStreams: config.stateCacheStreams,
              directoryCacheUcs: config.directoryCacheUcs,
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
      exports: [Platform, PLATFORM_CLOCK, PLATFORM_DATABASE, PLATFORM_STATE, DUE_RUNNER, WORKER_LEASE],
    };
  }
}
