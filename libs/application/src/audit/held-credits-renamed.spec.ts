import { inCurrentShape } from '@compensa/domain';
import { SqliteEventStore } from '@compensa/event-store';
import { openReadModels, ProjectionRunner } from '@compensa/projections';
import { join } from 'node:path';
import { compareReadModelsWith } from './compare-read-models';
import { auditReplay } from './audit-replay';
import type { AuditReport } from './audit-report';
import { buildStore, renameStoredEvents, storedStreams } from './example-store.testing';

/** The whole audit, with the read models brought up to the head of the log first and compared (check 3). */
async function auditWithReadModels(dir: string, db: string, name: string): Promise<AuditReport> {
  const store = new SqliteEventStore({ path: db });
  const readModels = await openReadModels(join(dir, `${name}.db`));
  try {
    const runner = new ProjectionRunner({ store, readModels });
    await runner.start();
    await runner.waitForIdle(60_000);
    await runner.stop();
    return await auditReplay(store, { all: true }, { compareReadModels: compareReadModelsWith(readModels.db) });
  } finally {
    await readModels.close();
    await store.close();
  }
}

const OLD_NAMES = { HeldCreditsExpired: 'CreditsExpired', HeldCreditsReallocated: 'CreditsReallocated' } as const;

describe('held credits under their own names (one name, one shape)', () => {
  it('reads an old titular-stream CreditsExpired / CreditsReallocated as HeldCreditsExpired / HeldCreditsReallocated', () => {
    const stored = {
      stream: 'titular-copel-52998224725',
      type: 'CreditsReallocated',
      data: { titularKey: '52998224725', fromUcId: '6001', outcome: [] },
      metadata: { schemaVersion: 1 },
    };
    expect(inCurrentShape(stored)).toEqual({ ...stored, type: 'HeldCreditsReallocated' });
    expect(inCurrentShape({ ...stored, type: 'CreditsExpired' }).type).toBe('HeldCreditsExpired');
    // The UC stream's own events keep their names (and the very object when nothing changes).
    const onUc = { ...stored, stream: 'uc-copel-6001', type: 'CreditsExpired' };
    expect(inCurrentShape(onUc)).toBe(onUc);
  });

  it.each(['06-troca-de-titularidade.jsonl', '09-matriz-e-filiais-encerramento.jsonl'])(
    'a store written before the rename (%s) audits, projects and conserves as one written after it',
    async (scenario) => {
      const s = await buildStore(scenario);
      try {
        const now = await auditWithReadModels(s.dir, s.db, 'read-models-now');
        expect(now.summary.checks.readModels).toEqual({ ran: true, passed: 1, failed: 0 });
        expect(now.summary.checks.conservation).toMatchObject({ ran: true, failed: 0 });
        let renamed = 0;
        for (const stream of storedStreams(s.db, 'titular-')) {
          for (const [current, old] of Object.entries(OLD_NAMES))
            renamed += renameStoredEvents(s.db, stream, current, old);
        }
        expect(renamed).toBeGreaterThan(0);
        const before = await auditWithReadModels(s.dir, s.db, 'read-models-old-names');
        expect(before.mismatches).toEqual([]);
        expect(before.summary.passed).toBe(true);
        expect(before.summary.checks).toEqual(now.summary.checks);
        expect(before.conservation).toEqual(now.conservation);
        // The moves the report lists carry the current names, whatever the store holds.
        expect(before.moves.map((m) => [m.stream, m.revision, m.type])).toEqual(
          now.moves.map((m) => [m.stream, m.revision, m.type]),
        );
      } finally {
        s.remove();
      }
    },
  );
});
