import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_CHECKPOINT_EVERY_EVENTS,
  DEFAULT_CHECKPOINT_EVERY_MS,
  DEFAULT_FAILOVER_MS,
  DEFAULT_DIRECTORY_CACHE_UCS,
  DEFAULT_STATE_CACHE_STREAMS,
  defaultRetryBackoff,
  isInside,
  type RetryBackoff,
} from '@compensa/application';
import type { Role } from './auth/role';
import { ABANDONED_CLAIM_MS } from './commands/idempotency/idempotency-store';

/** Pino levels accepted in LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** A pino log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What a process runs (COMPENSA_ROLE, `compensa serve --role`): `all` (the default, `npm start`) the whole platform in
 * one process; `api` the HTTP API only (commands, queries, audit), no process manager, scheduler or projection;
 * `worker` the process managers, the deadline scheduler, the log checkpointer and the projections, serving only
 * /health and /metrics over HTTP.
 */
export const SERVE_ROLES = ['all', 'api', 'worker'] as const;
/** One of SERVE_ROLES. */
export type ServeRole = (typeof SERVE_ROLES)[number];

/** Where the events live: the embedded SQLite file or a KurrentDB cluster. */
export type EventStoreConfig = { kind: 'sqlite'; path: string } | { kind: 'kurrentdb'; connectionString: string };

/** An API key given in COMPENSA_API_KEYS (plaintext, as the operator of the deployment wrote it). */
export interface ConfiguredApiKey {
  key: string;
  role: Role;
}

/** The API's whole configuration, read once from the environment. */
export interface ApiConfig {
  /** What this process runs (COMPENSA_ROLE). */
  role: ServeRole;
  port: number;
  /** Absolute path of the data directory (events.db, api-keys.json, generated keys). */
  dataDir: string;
  eventStore: EventStoreConfig;
  /** postgres://… for the read models; undefined = SQLite in the data directory. */
  readModelUrl?: string;
  /**
   * postgres://… for the platform state shared by every instance (PLATFORM_DB_URL: consumer checkpoints and worker
   * leases so far); undefined = DATA_DIR/platform.db.
   */
  platformDbUrl?: string;
  /** Longest time before a dead worker's process managers run elsewhere (COMPENSA_FAILOVER_MS). */
  failoverMs: number;
  /**
   * How old a pending idempotency claim must be to count as abandoned by a dead instance, so a retry elsewhere may
   * run it (COMPENSA_IDEMPOTENCY_CLAIM_MS); far above any command's run time.
   */
  idempotencyClaimMs: number;
  /** Keys from COMPENSA_API_KEYS; undefined = keys kept in DATA_DIR/api-keys.json (generated on first start). */
  apiKeys?: ConfiguredApiKey[];
  logLevel: LogLevel;
  /** Largest JSON body accepted, in bytes (413 beyond). */
  bodyLimitBytes: number;
  /** Requests per second allowed per API key (per client IP without a valid key); 429 beyond. */
  rateLimitPerSecond: number;
  /** How the process managers back off on a transient failure (COMPENSA_RETRY_*). */
  retry: RetryBackoff;
  /** UC and titular states kept folded in memory between commands, each kind (COMPENSA_STATE_CACHE_STREAMS). */
  stateCacheStreams: number;
  /** UC entries the directory keeps in memory between lookups (COMPENSA_DIRECTORY_CACHE_UCS). */
  directoryCacheUcs: number;
  /** Signed checkpoints of the log (COMPENSA_SIGNING_KEY_FILE, COMPENSA_CHECKPOINT_*). */
  checkpoints: CheckpointConfig;
  /** Days an HTTP import job (its counts and refused lines) is kept after it started (COMPENSA_IMPORT_JOB_DAYS). */
  importJobDays: number;
  /**
   * A running HTTP import job whose instance has said nothing for this long is taken over by another instance
   * (COMPENSA_IMPORT_JOB_SILENT_MS); its instance speaks every twelfth of it.
   */
  importJobSilentMs: number;
}

/** Where the signing key and the witness are, and how often a checkpoint is signed. */
export interface CheckpointConfig {
  /** Absolute path of the Ed25519 private key (PEM), outside DATA_DIR; null: no checkpoints are signed. */
  keyFile: string | null;
  /** Absolute path of the witness file; null: checkpoints go to the log only. */
  witnessPath: string | null;
  everyEvents: number;
  everyMs: number;
}

/** Injection token of the ApiConfig. */
export const API_CONFIG = Symbol('API_CONFIG');

/** The environment is wrong: every problem found, so one restart fixes them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`configuração inválida:\n  - ${problems.join('\n  - ')}`);
  }
}

const ROLES: readonly Role[] = ['operator', 'auditor'];
const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
/** Well above the load benchmark's 2,000 commands/s per key: the limit stops runaway clients, not real traffic. */
const DEFAULT_RATE_LIMIT_PER_SECOND = 5000;
/** A month's import and its corrections are looked at within the month after: 30 days keeps that, and not years. */
const DEFAULT_IMPORT_JOB_DAYS = 30;
/** A minute: twelve heartbeats of 5 s, so that a busy instance is not taken for a dead one. */
const DEFAULT_IMPORT_JOB_SILENT_MS = 60_000;

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === '' ? undefined : raw;
  };

  const role = (value('COMPENSA_ROLE') ?? 'all').toLowerCase() as ServeRole;
  if (!SERVE_ROLES.includes(role))
    problems.push(`COMPENSA_ROLE deve ser um destes: ${SERVE_ROLES.join(', ')}; recebido "${role}"`);

  const portText = value('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    problems.push(`PORT deve ser um inteiro de 0 a 65535; recebido "${portText}"`);

  const dataDir = resolve(value('DATA_DIR') ?? './data');

  let eventStore: EventStoreConfig = { kind: 'sqlite', path: resolve(dataDir, 'events.db') };
  const storeKind = value('EVENT_STORE') ?? 'sqlite';
  if (storeKind === 'kurrentdb') {
    const connectionString = value('KURRENTDB_CONNECTION_STRING');
    if (!connectionString) problems.push('KURRENTDB_CONNECTION_STRING é obrigatória com EVENT_STORE=kurrentdb');
    else if (!/^(kurrentdb|kdb|esdb)(\+discover)?:\/\//.test(connectionString)) {
      problems.push('KURRENTDB_CONNECTION_STRING deve começar com kurrentdb://, kdb:// ou esdb://');
    }
    eventStore = { kind: 'kurrentdb', connectionString: connectionString ?? '' };
  } else if (storeKind !== 'sqlite') {
    problems.push(`EVENT_STORE deve ser "sqlite" ou "kurrentdb"; recebido "${storeKind}"`);
  }

  const readModelUrl = value('READ_MODEL_URL');
  if (readModelUrl !== undefined && !/^postgres(ql)?:\/\//.test(readModelUrl)) {
    problems.push('READ_MODEL_URL deve ser uma URL postgres:// ou postgresql://');
  }

  const platformDbUrl = value('PLATFORM_DB_URL');
  if (platformDbUrl !== undefined && !/^postgres(ql)?:\/\//.test(platformDbUrl)) {
    problems.push('PLATFORM_DB_URL deve ser uma URL postgres:// ou postgresql://');
  }

  const apiKeysText = value('COMPENSA_API_KEYS');
  const apiKeys = apiKeysText === undefined ? undefined : parseApiKeys(apiKeysText, problems);

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL deve ser um destes: ${LOG_LEVELS.join(', ')}`);

  /** A whole number of `unit`, at least `min`. */
  const count = (name: string, fallback: number, unit: string, min = 1): number => {
    const text = value(name) ?? String(fallback);
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || !Number.isSafeInteger(n)) {
      const atLeast = min === 1 ? 'um inteiro positivo' : `um inteiro ≥ ${min}`;
      problems.push(`${name} deve ser ${atLeast} (${unit}); recebido "${text}"`);
    }
    return n;
  };
  const rateLimitPerSecond = count(
    'COMPENSA_RATE_LIMIT',
    DEFAULT_RATE_LIMIT_PER_SECOND,
    'requisições por segundo por chave',
  );

  const millis = (name: string, fallback: number, min: number): number => count(name, fallback, 'milissegundos', min);
  const retry: RetryBackoff = {
    initialMs: millis('COMPENSA_RETRY_INITIAL_MS', defaultRetryBackoff.initialMs, 1),
    maxMs: millis('COMPENSA_RETRY_MAX_MS', defaultRetryBackoff.maxMs, 1),
    directoryWaitMs: millis('COMPENSA_DIRECTORY_WAIT_MS', defaultRetryBackoff.directoryWaitMs, 0),
  };
  const failoverMs = millis('COMPENSA_FAILOVER_MS', DEFAULT_FAILOVER_MS, 100);
  const idempotencyClaimMs = millis('COMPENSA_IDEMPOTENCY_CLAIM_MS', ABANDONED_CLAIM_MS, 100);
  if (retry.maxMs < retry.initialMs)
    problems.push('COMPENSA_RETRY_MAX_MS não pode ser menor que COMPENSA_RETRY_INITIAL_MS');
  const stateCacheStreams = count('COMPENSA_STATE_CACHE_STREAMS', DEFAULT_STATE_CACHE_STREAMS, 'fluxos');
  const directoryCacheUcs = count('COMPENSA_DIRECTORY_CACHE_UCS', DEFAULT_DIRECTORY_CACHE_UCS, 'UCs');

  const importJobDays = count('COMPENSA_IMPORT_JOB_DAYS', DEFAULT_IMPORT_JOB_DAYS, 'dias');
  const importJobSilentMs = millis('COMPENSA_IMPORT_JOB_SILENT_MS', DEFAULT_IMPORT_JOB_SILENT_MS, 3_000);

  const keyFileText = value('COMPENSA_SIGNING_KEY_FILE');
  const keyFile = keyFileText === undefined ? null : resolve(keyFileText);
  if (keyFile !== null && isInside(keyFile, dataDir)) {
    problems.push(
      'COMPENSA_SIGNING_KEY_FILE deve ficar fora de DATA_DIR (quem pode editar os dados não pode ter a chave)',
    );
  } else if (keyFile !== null && !existsSync(keyFile)) {
    problems.push(`COMPENSA_SIGNING_KEY_FILE: não há arquivo em ${keyFile} (crie um com \`compensa keys init\`)`);
  }
  const witnessText = value('COMPENSA_CHECKPOINT_WITNESS');
  const everyEvents = count('COMPENSA_CHECKPOINT_EVERY_EVENTS', DEFAULT_CHECKPOINT_EVERY_EVENTS, 'eventos');
  const everySeconds = count('COMPENSA_CHECKPOINT_EVERY_SECONDS', DEFAULT_CHECKPOINT_EVERY_MS / 1000, 'segundos');
  const checkpoints: CheckpointConfig = {
    keyFile,
    witnessPath: witnessText === undefined ? null : resolve(witnessText),
    everyEvents,
    everyMs: everySeconds * 1000,
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    role,
    port,
    dataDir,
    eventStore,
    readModelUrl,
    platformDbUrl,
    failoverMs,
    idempotencyClaimMs,
    stateCacheStreams,
    directoryCacheUcs,
    apiKeys,
    logLevel,
    bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
    rateLimitPerSecond,
    retry,
    checkpoints,
    importJobDays,
    importJobSilentMs,
  };
}

/** `key1:operator,key2:auditor`; the role follows the last colon, so a key may itself hold colons. */
function parseApiKeys(text: string, problems: string[]): ConfiguredApiKey[] {
  const keys: ConfiguredApiKey[] = [];
  text.split(',').forEach((entry, index) => {
    const separator = entry.lastIndexOf(':');
    const key = entry.slice(0, separator).trim();
    const role = entry.slice(separator + 1).trim() as Role;
    // Never echo the key itself: the message ends up in logs.
    if (separator <= 0 || key === '')
      problems.push(`COMPENSA_API_KEYS: a entrada ${index + 1} não está no formato "chave:papel"`);
    else if (!ROLES.includes(role))
      problems.push(`COMPENSA_API_KEYS: na entrada ${index + 1}, o papel deve ser operator ou auditor`);
    else keys.push({ key, role });
  });
  if (keys.length === 0 && problems.length === 0) problems.push('COMPENSA_API_KEYS não tem nenhuma chave');
  return keys;
}
