import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiConfig } from '../config';
import { ApiKeyRegistry, digestApiKey, type ApiKeyDigest } from './api-key-registry';
import type { Role } from './role';

/** Name of the file, in the data directory, that holds the SHA-256 of the embedded default's keys. */
export const API_KEYS_FILE = 'api-keys.json';
/** Keys shorter than this are accepted from COMPENSA_API_KEYS but warned about. */
export const WEAK_KEY_LENGTH = 24;

/** What the registry loader says about itself: never a key, only where keys are. */
export interface KeyStoreLog {
  log(message: string): void;
  warn(message: string): void;
}

/** Shape of api-keys.json. */
interface ApiKeysFile {
  note: string;
  keys: { role: Role; sha256: string; createdAt: string }[];
}

/**
 * The registry of accepted keys. COMPENSA_API_KEYS wins; otherwise DATA_DIR/api-keys.json; otherwise (first start of
 * the embedded default) an operator and an auditor key are generated, so the API never starts without keys.
 */
export function loadApiKeyRegistry(
  config: ApiConfig,
  log: KeyStoreLog,
  now: () => Date = () => new Date(),
): ApiKeyRegistry {
  if (config.apiKeys) {
    if (config.apiKeys.some((k) => k.key.length < WEAK_KEY_LENGTH)) {
      log.warn(`COMPENSA_API_KEYS holds keys shorter than ${WEAK_KEY_LENGTH} characters: use long random keys`);
    }
    const registry = new ApiKeyRegistry(config.apiKeys.map((k) => ({ role: k.role, sha256: digestApiKey(k.key) })));
    log.log(`API keys from COMPENSA_API_KEYS: ${describe(registry)}`);
    return registry;
  }

  const file = join(config.dataDir, API_KEYS_FILE);
  if (existsSync(file)) {
    const registry = new ApiKeyRegistry(readKeysFile(file));
    log.log(`API keys from ${file}: ${describe(registry)}`);
    return registry;
  }

  const registry = new ApiKeyRegistry(generateKeys(config.dataDir, now()));
  log.warn(
    `first start: generated an operator key in ${join(config.dataDir, 'operator.key')} and an auditor key in ` +
      `${join(config.dataDir, 'auditor.key')} (their SHA-256 in ${file}). ` +
      'Copy them somewhere safe and delete the .key files, or set COMPENSA_API_KEYS.',
  );
  return registry;
}

/** A generated key as it is kept: its role, its SHA-256 (hex) and when it was made. */
export interface GeneratedKey {
  role: Role;
  sha256: string;
  createdAt: string;
}

/** Writes `<role>.key` (plaintext, 0600) in `dataDir` for an operator and an auditor key; returns their hashes. */
export function generateKeyFiles(dataDir: string, createdAt: Date): GeneratedKey[] {
  mkdirSync(dataDir, { recursive: true });
  return (['operator', 'auditor'] as const).map((role) => {
    const key = randomBytes(32).toString('base64url');
    writePrivate(join(dataDir, `${role}.key`), `${key}\n`);
    return { role, sha256: digestApiKey(key).toString('hex'), createdAt: createdAt.toISOString() };
  });
}

/** Writes the key files, then api-keys.json (hashes) last and atomically. */
function generateKeys(dataDir: string, createdAt: Date): ApiKeyDigest[] {
  const generated = generateKeyFiles(dataDir, createdAt);
  const content: ApiKeysFile = {
    note: 'SHA-256 (hex) of the accepted API keys. Add a key: append {role, sha256} with sha256 = sha256(key).',
    keys: generated,
  };
  const digests = generated.map((k) => ({ role: k.role, sha256: Buffer.from(k.sha256, 'hex') }));
  // The hash file is the "keys exist" marker: written last, so a crash half-way simply regenerates next start.
  const file = join(dataDir, API_KEYS_FILE);
  writePrivate(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return digests;
}

function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  // `mode` applies only when the file is created: tighten a file left by an earlier attempt too.
  chmodSync(path, 0o600);
}

/** The hashes of an api-keys.json. */
export function readKeysFile(file: string): ApiKeyDigest[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const keys = (parsed as Partial<ApiKeysFile> | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${file} holds no "keys"`);
  return keys.map((entry, index) => {
    if ((entry.role !== 'operator' && entry.role !== 'auditor') || !/^[0-9a-f]{64}$/i.test(String(entry.sha256))) {
      throw new Error(`${file}: key ${index + 1} needs a role (operator|auditor) and a 64-hex sha256`);
    }
    return { role: entry.role, sha256: Buffer.from(entry.sha256, 'hex') };
  });
}

/** "N operator, M auditor": what a log line may say about the keys. */
export function describe(registry: ApiKeyRegistry): string {
  const counts = registry.countByRole();
  return `${counts.operator} operator, ${counts.auditor} auditor`;
}
