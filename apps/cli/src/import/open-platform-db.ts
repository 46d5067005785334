import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * DATA_DIR/platform.db, as the API opens it. Embedded (no PLATFORM_DB_URL), its checkpoints and UC directory: an
 * import continues where the API stopped instead of rebuilding the directory from the log (the API stopped). With
 * PLATFORM_DB_URL, only the stream snapshots, as every instance keeps its own.
 */
export function openPlatformDb(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, 'platform.db'), { timeout: 5000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  return db;
}
