import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '@compensa/event-store';
import { auditReplay } from './audit-replay';
import { buildStore } from './example-store.testing';

async function auditAll(db: string) {
  const store = new SqliteEventStore({ path: db });
  try {
    return await auditReplay(store, { all: true });
  } finally {
    await store.close();
  }
}

describe('audit honesty: recorded inputs are not "verified"; a decision not checked fails the audit', () => {
  it('readings, registrations and received energy are `recorded`; compensations and allocations `verified`', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    try {
      const r = await auditAll(s.db);
      const statusOf = (type: string) => new Set(r.events.filter((e) => e.type === type).map((e) => e.decision));
      for (const t of ['UcRegistered', 'ReadingRecorded', 'ExcedenteReceived'])
        expect(statusOf(t)).toEqual(new Set(['recorded']));
      for (const t of ['CycleCompensated', 'ExcedenteAllocated']) expect(statusOf(t)).toEqual(new Set(['verified']));
      expect(r.summary.checks.decisions.recorded).toBeGreaterThan(0);
      expect(r.summary.checks.decisions.notChecked).toBe(0);
      expect(r.summary.passed).toBe(true);
    } finally {
      s.remove();
    }
  });

  it('a reading whose compensation is gone (the tail of its stream deleted) is `not checked`, and the audit does not pass', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    try {
      const sqlite = new DatabaseSync(s.db);
      const reading = sqlite
        .prepare(
          "SELECT stream, revision FROM events WHERE type = 'ReadingRecorded' AND stream NOT IN (SELECT stream FROM events WHERE type = 'ExcedenteAllocated') ORDER BY position DESC LIMIT 1",
        )
        .get() as { stream: string; revision: number };
      sqlite.prepare('DELETE FROM events WHERE stream = ? AND revision > ?').run(reading.stream, reading.revision);
      sqlite.close();
      const r = await auditAll(s.db);
      expect(r.summary.checks.hashChain.failed).toBe(0);
      expect(r.summary.checks.decisions.notChecked).toBe(1);
      expect(r.events).toContainEqual(
        expect.objectContaining({ stream: reading.stream, revision: reading.revision, decision: 'not-checked' }),
      );
      expect(r.summary.passed).toBe(false);
    } finally {
      s.remove();
    }
  });
});
