/** The event-store contract against the embedded sqlite adapter, on a file in a fresh temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '@compensa/event-store';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-contract-'));
  const path = join(dir, 'events.db');
  // A short poll interval keeps the resubscription test quick; in-process appends wake subscribers anyway.
  const store = new SqliteEventStore({ path, pollIntervalMs: 50 });
  return {
    store,
    multiStreamAppend: true,
    dropConnection: () => store.reopen(100),
    tamper: async (stream, revision) => {
      // Behind the store's back, as someone with access to the file would.
      const db = new DatabaseSync(path);
      try {
        db.prepare(`UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE stream = ? AND revision = ?`).run(
          stream,
          revision,
        );
      } finally {
        db.close();
      }
    },
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
