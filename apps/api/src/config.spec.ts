import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults: role all, port 3000, ./data, SQLite in the data directory, info, keys from the data directory', () => {
    expect(loadConfig({})).toEqual({
      role: 'all',
      port: 3000,
      dataDir: resolve('data'),
      eventStore: { kind: 'sqlite', path: resolve('data', 'events.db') },
      readModelUrl: undefined,
      platformDbUrl: undefined,
      failoverMs: 10_000,
      idempotencyClaimMs: 30_000,
      apiKeys: undefined,
      logLevel: 'info',
      bodyLimitBytes: 256 * 1024,
      rateLimitPerSecond: 5000,
      retry: { initialMs: 50, maxMs: 30_000, directoryWaitMs: 2_000 },
      stateCacheStreams: 50_000,
      directoryCacheUcs: 100_000,
      checkpoints: { keyFile: null, witnessPath: null, everyEvents: 10_000, everyMs: 60_000 },
      importJobDays: 30,
      importJobSilentMs: 60_000,
    });
  });

  it('reads the shared platform state and the fail-over time (PLATFORM_DB_URL, COMPENSA_FAILOVER_MS)', () => {
    expect(
      loadConfig({
        PLATFORM_DB_URL: 'postgres://db/compensa',
        COMPENSA_FAILOVER_MS: '5000',
        COMPENSA_IDEMPOTENCY_CLAIM_MS: '3000',
      }),
    ).toMatchObject({ platformDbUrl: 'postgres://db/compensa', failoverMs: 5000, idempotencyClaimMs: 3000 });
    expect(() => loadConfig({ PLATFORM_DB_URL: 'mysql://db' })).toThrow(/PLATFORM_DB_URL deve ser uma URL postgres/);
    expect(() => loadConfig({ COMPENSA_FAILOVER_MS: '50' })).toThrow(/COMPENSA_FAILOVER_MS/);
  });

  it('reads the role (COMPENSA_ROLE: all, api or worker)', () => {
    expect(loadConfig({ COMPENSA_ROLE: 'worker' }).role).toBe('worker');
    expect(loadConfig({ COMPENSA_ROLE: ' API ' }).role).toBe('api');
    expect(() => loadConfig({ COMPENSA_ROLE: 'scheduler' })).toThrow(
      /COMPENSA_ROLE deve ser um destes: all, api, worker/,
    );
  });

  it('reads the signed checkpoints (COMPENSA_SIGNING_KEY_FILE outside DATA_DIR, COMPENSA_CHECKPOINT_*)', () => {
    const keyFile = __filename; // any existing file outside the data directory
    expect(
      loadConfig({
        DATA_DIR: '/var/lib/compensa',
        COMPENSA_SIGNING_KEY_FILE: keyFile,
        COMPENSA_CHECKPOINT_WITNESS: '/mnt/witness/checkpoints.jsonl',
        COMPENSA_CHECKPOINT_EVERY_EVENTS: '500',
        COMPENSA_CHECKPOINT_EVERY_SECONDS: '5',
      }).checkpoints,
    ).toEqual({ keyFile, witnessPath: '/mnt/witness/checkpoints.jsonl', everyEvents: 500, everyMs: 5000 });
    expect(() =>
      loadConfig({ DATA_DIR: '/var/lib/compensa', COMPENSA_SIGNING_KEY_FILE: '/var/lib/compensa/k.pem' }),
    ).toThrow(/fora de DATA_DIR/);
    expect(() => loadConfig({ COMPENSA_SIGNING_KEY_FILE: '/nonexistent/k.pem' })).toThrow(/keys init/);
    expect(() => loadConfig({ COMPENSA_CHECKPOINT_EVERY_EVENTS: '0' })).toThrow(/COMPENSA_CHECKPOINT_EVERY_EVENTS/);
    expect(() => loadConfig({ COMPENSA_CHECKPOINT_EVERY_SECONDS: 'x' })).toThrow(/COMPENSA_CHECKPOINT_EVERY_SECONDS/);
  });

  it("reads the process managers' backoff (COMPENSA_RETRY_INITIAL_MS, COMPENSA_RETRY_MAX_MS, COMPENSA_DIRECTORY_WAIT_MS)", () => {
    expect(
      loadConfig({ COMPENSA_RETRY_INITIAL_MS: '10', COMPENSA_RETRY_MAX_MS: '5000', COMPENSA_DIRECTORY_WAIT_MS: '0' })
        .retry,
    ).toEqual({ initialMs: 10, maxMs: 5000, directoryWaitMs: 0 });
    expect(() => loadConfig({ COMPENSA_RETRY_INITIAL_MS: '0' })).toThrow(/COMPENSA_RETRY_INITIAL_MS/);
    expect(() => loadConfig({ COMPENSA_RETRY_INITIAL_MS: '100', COMPENSA_RETRY_MAX_MS: '50' })).toThrow(
      /COMPENSA_RETRY_MAX_MS/,
    );
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/compensa',
      EVENT_STORE: 'kurrentdb',
      KURRENTDB_CONNECTION_STRING: 'kurrentdb://a:2113,b:2113?tls=true',
      READ_MODEL_URL: 'postgres://u:p@db/compensa',
      COMPENSA_API_KEYS: 'k1:operator, k:2:auditor',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/compensa',
      eventStore: { kind: 'kurrentdb', connectionString: 'kurrentdb://a:2113,b:2113?tls=true' },
      readModelUrl: 'postgres://u:p@db/compensa',
      apiKeys: [
        { key: 'k1', role: 'operator' },
        { key: 'k:2', role: 'auditor' },
      ],
      logLevel: 'debug',
    });
  });

  it('lists every problem at once, without echoing keys', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'http',
        EVENT_STORE: 'kurrentdb',
        READ_MODEL_URL: 'mysql://x',
        COMPENSA_API_KEYS: 'secret-key:admin',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(5);
    expect((error as ConfigError).message).not.toContain('secret-key');
  });

  it('reads COMPENSA_RATE_LIMIT as requests per second per key, refusing anything but a positive integer', () => {
    expect(loadConfig({ COMPENSA_RATE_LIMIT: '20' }).rateLimitPerSecond).toBe(20);
    for (const bad of ['0', '-1', '1.5', 'fast', '1e3']) {
      expect(() => loadConfig({ COMPENSA_RATE_LIMIT: bad })).toThrow(/COMPENSA_RATE_LIMIT/);
    }
  });

  it('reads COMPENSA_STATE_CACHE_STREAMS (states kept in memory), refusing anything but a positive integer', () => {
    expect(loadConfig({}).stateCacheStreams).toBe(50_000);
    expect(loadConfig({ COMPENSA_STATE_CACHE_STREAMS: '5000' }).stateCacheStreams).toBe(5000);
    for (const bad of ['0', '-1', '1.5', 'many', '5e3']) {
      expect(() => loadConfig({ COMPENSA_STATE_CACHE_STREAMS: bad })).toThrow(/COMPENSA_STATE_CACHE_STREAMS/);
    }
  });

  it('reads COMPENSA_DIRECTORY_CACHE_UCS (directory entries kept in memory), refusing anything but a positive integer', () => {
    expect(loadConfig({}).directoryCacheUcs).toBe(100_000);
    expect(loadConfig({ COMPENSA_DIRECTORY_CACHE_UCS: '5000' }).directoryCacheUcs).toBe(5000);
    for (const bad of ['0', '-1', '1.5', 'many', '5e3']) {
      expect(() => loadConfig({ COMPENSA_DIRECTORY_CACHE_UCS: bad })).toThrow(/COMPENSA_DIRECTORY_CACHE_UCS/);
    }
  });

  it('reads COMPENSA_IMPORT_JOB_DAYS (how long HTTP import jobs are kept), refusing anything but a positive integer', () => {
    expect(loadConfig({ COMPENSA_IMPORT_JOB_DAYS: '90' }).importJobDays).toBe(90);
    for (const bad of ['0', '-1', '1.5', 'trinta']) {
      expect(() => loadConfig({ COMPENSA_IMPORT_JOB_DAYS: bad })).toThrow(
        /COMPENSA_IMPORT_JOB_DAYS deve ser um inteiro positivo \(dias\)/,
      );
    }
  });

  it("reads COMPENSA_IMPORT_JOB_SILENT_MS (when a silent instance's import job is taken over), at least 3 s", () => {
    expect(loadConfig({ COMPENSA_IMPORT_JOB_SILENT_MS: '3000' }).importJobSilentMs).toBe(3_000);
    for (const bad of ['2999', '0', '1.5', 'um minuto']) {
      expect(() => loadConfig({ COMPENSA_IMPORT_JOB_SILENT_MS: bad })).toThrow(
        /COMPENSA_IMPORT_JOB_SILENT_MS deve ser um inteiro ≥ 3000 \(milissegundos\)/,
      );
    }
  });

  it('refuses an unknown event store', () => {
    expect(() => loadConfig({ EVENT_STORE: 'mongo' })).toThrow(/EVENT_STORE/);
  });
});
