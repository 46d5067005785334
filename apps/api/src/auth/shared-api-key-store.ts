import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { PlatformState } from '@compensa/application';
import type { ApiConfig } from '../config';
import { ApiKeyRegistry } from './api-key-registry';
import {
  API_KEYS_FILE,
  describe,
  generateKeyFiles,
  loadApiKeyRegistry,
  readKeysFile,
  type KeyStoreLog,
} from './api-key-store';

/**
 * The registry of accepted keys when every instance shares the platform state (PLATFORM_DB_URL): COMPENSA_API_KEYS
 * still wins; otherwise the hashes in the `api_keys` table. On the first start of all (the table empty) the hashes of
 * DATA_DIR/api-keys.json are moved in if there is one, else an operator and an auditor key are generated into this
 * instance's DATA_DIR as with the embedded default. Under a lock, so instances starting together agree on one set.
 * Keys added to the table reach an instance at its next start.
 */
export async function loadSharedApiKeyRegistry(
  config: ApiConfig,
  state: PlatformState,
  log: KeyStoreLog,
  now: () => Date = () => new Date(),
): Promise<ApiKeyRegistry> {
  if (config.apiKeys) return loadApiKeyRegistry(config, log, now);
  const file = join(config.dataDir, API_KEYS_FILE);
  const { origin, rows } = await state.db.transaction().execute(async (trx) => {
    if (state.dialect === 'postgres')
      await sql`SELECT pg_advisory_xact_lock(hashtext('compensa.api_keys'))`.execute(trx);
    const existing = await trx.selectFrom('api_keys').select(['role', 'sha256']).execute();
    if (existing.length > 0) return { origin: 'table' as const, rows: existing };
    const createdAt = now().toISOString();
    const imported = existsSync(file);
    const keys = imported
      ? readKeysFile(file).map((k) => ({ role: k.role, sha256: k.sha256.toString('hex'), created_at: createdAt }))
      : generateKeyFiles(config.dataDir, now()).map((k) => ({ role: k.role, sha256: k.sha256, created_at: createdAt }));
    await trx.insertInto('api_keys').values(keys).execute();
    return { origin: imported ? ('file' as const) : ('generated' as const), rows: keys };
  });
  const registry = new ApiKeyRegistry(rows.map((r) => ({ role: r.role, sha256: Buffer.from(r.sha256, 'hex') })));
  if (origin === 'generated') {
    log.warn(
      `first start: generated an operator key in ${join(config.dataDir, 'operator.key')} and an auditor key in ` +
        `${join(config.dataDir, 'auditor.key')} (their SHA-256 in the shared platform state). ` +
        'Copy them somewhere safe and delete the .key files, or set COMPENSA_API_KEYS.',
    );
  } else {
    const from = origin === 'file' ? `${file}, moved to the shared platform state` : 'the shared platform state';
    log.log(`API keys from ${from}: ${describe(registry)}`);
  }
  return registry;
}
