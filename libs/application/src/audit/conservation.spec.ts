import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '@compensa/event-store';
import { auditReplay } from './audit-replay';
import { buildStore, exampleScenarios } from './example-store.testing';

describe('check 4: conservation across streams (Q3)', () => {
  it.each(exampleScenarios())('%s: every kWh followed, each distribuidora balanced to the Wh', async (scenario) => {
    const s = await buildStore(scenario);
    const store = new SqliteEventStore({ path: s.db });
    try {
      const r = await auditReplay(store, { all: true });
      expect(r.mismatches.filter((m) => m.check === 'conservation')).toEqual([]);
      expect(r.conservation!.totals.length).toBeGreaterThan(0);
      for (const t of r.conservation!.totals) expect(t.difference).toBe('0.000');
    } finally {
      await store.close();
      s.remove();
    }
  });

  it("a generator's last CycleCompensated and ExcedenteAllocated deleted (every chain intact): its beneficiaries' deliveries have no allocation", async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    const sqlite = new DatabaseSync(s.db);
    const last = sqlite
      .prepare("SELECT stream, revision FROM events WHERE type = 'ExcedenteAllocated' ORDER BY position DESC LIMIT 1")
      .get() as { stream: string; revision: number };
    const top = sqlite.prepare('SELECT MAX(revision) AS r FROM events WHERE stream = ?').get(last.stream) as {
      r: number;
    };
    expect(top.r).toBe(last.revision); // the tail of the generator's stream: no chain breaks
    sqlite.prepare('DELETE FROM events WHERE stream = ? AND revision >= ?').run(last.stream, last.revision - 1);
    sqlite.close();
    const store = new SqliteEventStore({ path: s.db });
    try {
      const r = await auditReplay(store, { all: true });
      expect(r.summary.checks.hashChain.failed).toBe(0);
      const lost = r.mismatches.filter((m) => m.check === 'conservation');
      expect(lost).toContainEqual(
        expect.objectContaining({ eventType: 'ExcedenteReceived', detail: expect.stringMatching(/no allocation/) }),
      );
      expect(r.summary.checks.conservation.failed).toBeGreaterThan(0);
      expect(r.summary.passed).toBe(false);
    } finally {
      await store.close();
      s.remove();
    }
  });

  it('a delivery deleted at its beneficiary (with the tail of its stream): the allocation names the kWh lost', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    const sqlite = new DatabaseSync(s.db);
    const row = sqlite
      .prepare("SELECT stream, revision FROM events WHERE type = 'ExcedenteReceived' ORDER BY position DESC LIMIT 1")
      .get() as { stream: string; revision: number };
    // The beneficiary's tail from the delivery on: no chain breaks.
    sqlite.prepare('DELETE FROM events WHERE stream = ? AND revision >= ?').run(row.stream, row.revision);
    sqlite.close();
    const store = new SqliteEventStore({ path: s.db });
    try {
      const r = await auditReplay(store, { all: true });
      expect(r.summary.checks.hashChain.failed).toBe(0);
      expect(r.mismatches).toContainEqual(
        expect.objectContaining({
          check: 'conservation',
          eventType: 'ExcedenteAllocated',
          detail: expect.stringMatching(/never arrived and are not parked/),
        }),
      );
      expect(r.conservation!.totals.some((t) => t.difference !== '0.000')).toBe(true);
    } finally {
      await store.close();
      s.remove();
    }
  });
});
