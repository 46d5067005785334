import { openEventStore, type EventStore } from '@compensa/event-store';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The event store a CLI command reads: KurrentDB when EVENT_STORE=kurrentdb (KURRENTDB_CONNECTION_STRING), else the
 * embedded SQLite file DIR/events.db, which must exist (opening a missing file would create an empty store).
 */
export async function openCliEventStore(dataDir: string, sqlite: { cacheKib?: number } = {}): Promise<EventStore> {
  if (process.env.EVENT_STORE === 'kurrentdb') {
    const connectionString = process.env.KURRENTDB_CONNECTION_STRING;
    if (!connectionString) throw new Error('EVENT_STORE=kurrentdb exige KURRENTDB_CONNECTION_STRING');
    return openEventStore({ kind: 'kurrentdb', connectionString });
  }
  const path = join(dataDir, 'events.db');
  if (!existsSync(path)) throw new Error(`nenhuma base de eventos em ${path} (--data-dir)`);
  return openEventStore({ kind: 'sqlite', path, ...sqlite });
}
