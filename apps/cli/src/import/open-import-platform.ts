import {
  ConsumerLeases,
  KyselyCheckpointStore,
  KyselyDirectoryStore,
  openPlatformState,
  Platform,
  SqliteDirectoryStore,
  SqliteSnapshotStore,
  SystemClock,
  type PlatformState,
} from '@compensa/application';
import { SqliteCheckpointStore, type EventStore } from '@compensa/event-store';
import type { DatabaseSync } from 'node:sqlite';
import { loadConfig } from '../../../api/src/config';
import { openCliEventStore } from '../open-cli-event-store';
import { openPlatformDb } from './open-platform-db';

/**
 * The UC (and titular) states `compensa import` keeps folded, unless COMPENSA_STATE_CACHE_STREAMS is set: a month's
 * file reads each UC about once, so the server's 50,000 only hold memory the import does not use again (measured in
 * RELIABILITY.md, import).
 */
export const IMPORT_STATE_CACHE_STREAMS = 2_000;

/**
 * The UC directory entries `compensa import` keeps, unless COMPENSA_DIRECTORY_CACHE_UCS is set: each chunk's UCs are
 * read in one directory query, and the server's 100,000 made the import's memory grow with the UCs its file names
 * (RELIABILITY.md, import).
 */
export const IMPORT_DIRECTORY_CACHE_UCS = 5_000;

/** What an import keeps in memory: each setting if set (`config`, as read and checked), else the import's own. */
export function importCaches(
  env: NodeJS.ProcessEnv,
  config: { stateCacheStreams: number; directoryCacheUcs: number },
): { stateCacheStreams: number; directoryCacheUcs: number } {
  return {
    stateCacheStreams:
      env.COMPENSA_STATE_CACHE_STREAMS === undefined ? IMPORT_STATE_CACHE_STREAMS : config.stateCacheStreams,
    directoryCacheUcs:
      env.COMPENSA_DIRECTORY_CACHE_UCS === undefined ? IMPORT_DIRECTORY_CACHE_UCS : config.directoryCacheUcs,
  };
}

/** The lease of the worker that runs the process managers (apps/api PlatformModule). */
const PROCESS_MANAGERS_LEASE = 'process-managers';

/** The started platform an import runs on, and how it runs there (the summary says it, in pt-BR). */
export interface ImportPlatform {
  readonly platform: Platform;
  readonly store: EventStore;
  /**
   * `embedded`: DATA_DIR/platform.db, the directory and the process managers run in this process (API stopped);
   * `shared`: PLATFORM_DB_URL, as one more `api` instance (the worker holding the lease runs the process managers).
   */
  readonly mode: 'embedded' | 'shared';
  /** Embedded: waits for its process managers, so their effects land before the summary; shared: nothing to wait for. */
  settle(what: string): Promise<void>;
  /** The summary's first line (pt-BR): the mode, and who runs the process managers. */
  modeText(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens and starts the platform for `compensa import` from the settings the server reads (README "Configuration";
 * `--data-dir` is DATA_DIR). Without PLATFORM_DB_URL, as always: the data directory's platform.db (checkpoints, UC
 * directory, snapshots) with the directory and the process managers run here (stop the API first). With it, as an
 * `api` instance of a multi-process deployment: the shared UC directory in PostgreSQL, read only (the lease holder
 * feeds it); snapshots in DATA_DIR/platform.db, as each instance keeps its own; no process manager, as the worker
 * holding the lease delivers what the import's events call for. The API keeps running.
 */
export async function openImportPlatform(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ImportPlatform> {
  const config = loadConfig({ ...env, DATA_DIR: dataDir });
  const caches = importCaches(env, config);
  const store = await openCliEventStore(dataDir);
  let db: DatabaseSync | null = null;
  let state: PlatformState | null = null;
  let platform: Platform | null = null;
  const close = async () => {
    await platform?.stop();
    await state?.close();
    if (db?.isOpen) db.close();
    await store.close();
  };
  try {
    db = openPlatformDb(dataDir);
    const clock = new SystemClock();
    if (config.platformDbUrl === undefined) {
      platform = new Platform({
        store,
        checkpoints: new SqliteCheckpointStore(db),
        directory: new SqliteDirectoryStore(db),
        snapshots: new SqliteSnapshotStore(db),
        clock,
        ...caches,
      });
      await platform.start();
      const running = platform;
      return {
        platform: running,
        store,
        mode: 'embedded',
        settle: async (what) => {
          process.stderr.write(`aguardando os processos (${what})…\n`);
          await running.waitForIdle();
        },
        modeText: () =>
          Promise.resolve(
            `modo: embutido (${dataDir}: events.db e platform.db); os processos rodaram nesta importação, com a API parada\n`,
          ),
        close,
      };
    }
    const shared = await openPlatformState(config.platformDbUrl, { poolSize: 4 });
    state = shared;
    // As PlatformModule builds an `api` instance's platform: nothing here writes the directory or a checkpoint.
    platform = new Platform({
      store,
      checkpoints: new KyselyCheckpointStore(shared),
      directory: new KyselyDirectoryStore(shared.db, shared.dialect),
      directoryMode: 'shared',
      snapshots: new SqliteSnapshotStore(db),
      clock,
      retry: config.retry,
      ...caches,
    });
    await platform.start({ processManagers: false, directory: false });
    const log = config.eventStore.kind === 'kurrentdb' ? 'KurrentDB' : 'SQLite';
    return {
      platform,
      store,
      mode: 'shared',
      settle: () => Promise.resolve(),
      modeText: async () => {
        const lease = await new ConsumerLeases(shared).current(PROCESS_MANAGERS_LEASE);
        const worker =
          lease && lease.expiresAt > Date.now()
            ? `o worker ${lease.holder} entrega o que os eventos pedem (excedente, créditos mantidos)`
            : 'nenhum worker detém o lease agora: a entrega (excedente, créditos mantidos) fica para o próximo que o assumir';
        return `modo: compartilhado, como uma instância api (estado em PLATFORM_DB_URL, log ${log}); ${worker}\n`;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
