import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** File name, in the data directory, of the app's local state (process-manager checkpoints, idempotency keys, the UC directory). */
export const PLATFORM_DB_FILE = 'platform.db';

/**
 * Opens DATA_DIR/platform.db. Local to this app instance even when events live in KurrentDB: checkpoints and
 * idempotency records describe what this instance did, not the domain.
 */
export function openPlatformDatabase(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, PLATFORM_DB_FILE), { timeout: 5000 });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    // A lost checkpoint or idempotency record after a power cut only means a redelivery (a no-op by event id).
    db.exec('PRAGMA synchronous = NORMAL');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
