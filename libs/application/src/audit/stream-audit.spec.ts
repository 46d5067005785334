import { SqliteEventStore, type EventStore } from '@compensa/event-store';
import { DatabaseSync } from 'node:sqlite';
import { renderAuditJson } from './audit-json';
import { AuditCsvSpool, renderAuditCsv } from './audit-csv';
import { renderAuditHtml } from './audit-html';
import { AuditHtmlSpool } from './audit-html-spool';
import { auditReplay } from './audit-replay';
import type { AuditSelection } from './audit-selection';
import { buildStore, exampleScenarios, streamedReport } from './example-store.testing';

/** The store through the port's required methods alone: an adapter without the bulk reads (KurrentDB's). */
function withoutBulkReads(store: EventStore): EventStore {
  return {
    append: (stream, events, options) => store.append(stream, events, options),
    appendMany: (parts) => store.appendMany(parts),
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    streamNames: (prefixes) => store.streamNames(prefixes),
    streamRevision: (stream) => store.streamRevision(stream),
    headPosition: () => store.headPosition(),
    verifyStream: (stream) => store.verifyStream(stream),
    close: () => store.close(),
  };
}

describe('streamAudit: the audit of a log it does not hold, written as a stream', () => {
  it.each(exampleScenarios())('%s: the same JSON report, byte for byte, as the audit in memory', async (scenario) => {
    const s = await buildStore(scenario);
    const store = new SqliteEventStore({ path: s.db });
    try {
      const whole = await streamedReport(store, { all: true });
      expect(whole).toBe(renderAuditJson(await auditReplay(store, { all: true })));
      expect(JSON.parse(whole).summary.passed).toBe(true);
      const head = (await store.headPosition())!;
      const cut = Math.floor(head / 2);
      expect(await streamedReport(store, { all: true }, { position: cut })).toBe(
        renderAuditJson(await auditReplay(store, { all: true }, { position: cut })),
      );
    } finally {
      await store.close();
      s.remove();
    }
  });

  it.each(exampleScenarios())(
    '%s: the same CSV and HTML reports, byte for byte, as rendered in memory',
    async (scenario) => {
      const s = await buildStore(scenario);
      const store = new SqliteEventStore({ path: s.db });
      try {
        const inMemory = await auditReplay(store, { all: true });
        expect(await streamedReport(store, { all: true }, {}, new AuditCsvSpool())).toBe(renderAuditCsv(inMemory));
        expect(await streamedReport(store, { all: true }, {}, new AuditHtmlSpool())).toBe(renderAuditHtml(inMemory));
        const uc = inMemory.ucs[0]!;
        const one = await auditReplay(store, { uc: uc.ucId });
        expect(await streamedReport(store, { uc: uc.ucId }, {}, new AuditCsvSpool())).toBe(renderAuditCsv(one));
        expect(await streamedReport(store, { uc: uc.ucId }, {}, new AuditHtmlSpool())).toBe(renderAuditHtml(one));
      } finally {
        await store.close();
        s.remove();
      }
    },
  );

  it('a UC, a titular and a date: the same report as in memory', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    const store = new SqliteEventStore({ path: s.db });
    try {
      const uc = JSON.parse(renderAuditJson(await auditReplay(store, { all: true }))).ucs[0] as {
        ucId: string;
        titular: { document: string };
      };
      for (const [selection, options] of [
        [{ uc: uc.ucId }, {}],
        [{ titular: uc.titular.document }, {}],
        [{ all: true }, { asOf: '2025-03-01' }],
      ] as [AuditSelection, { asOf?: string }][]) {
        expect(await streamedReport(store, selection, options)).toBe(
          renderAuditJson(await auditReplay(store, selection, options)),
        );
      }
    } finally {
      await store.close();
      s.remove();
    }
  });

  it.each(exampleScenarios())(
    '%s: the same report whether the store reads streams and the log in bulk (its text) or event by event',
    async (scenario) => {
      const s = await buildStore(scenario);
      const store = new SqliteEventStore({ path: s.db });
      try {
        const bulk = await streamedReport(store, { all: true });
        expect(await streamedReport(withoutBulkReads(store), { all: true })).toBe(bulk);
        expect(renderAuditJson(await auditReplay(withoutBulkReads(store), { all: true }))).toBe(bulk);
      } finally {
        await store.close();
        s.remove();
      }
    },
  );

  it('tampering found the same way: a changed event (chain) and a deleted delivery (check 4)', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    const sqlite = new DatabaseSync(s.db);
    const row = sqlite
      .prepare("SELECT stream, revision FROM events WHERE type = 'ExcedenteReceived' ORDER BY position DESC LIMIT 1")
      .get() as { stream: string; revision: number };
    sqlite.prepare('DELETE FROM events WHERE stream = ? AND revision >= ?').run(row.stream, row.revision);
    sqlite
      .prepare(
        "UPDATE events SET data = json_set(data, '$.cycle', '1999-01') WHERE position = (SELECT MIN(position) FROM events WHERE type = 'CycleCompensated')",
      )
      .run();
    sqlite.close();
    const store = new SqliteEventStore({ path: s.db });
    try {
      const report = JSON.parse(await streamedReport(store, { all: true })) as {
        summary: { passed: boolean };
        mismatches: { check: string }[];
      };
      expect(report.summary.passed).toBe(false);
      expect(report.mismatches.map((m) => m.check)).toEqual(expect.arrayContaining(['hash-chain', 'conservation']));
      expect(JSON.stringify(report, null, 2)).toBe(
        JSON.stringify(JSON.parse(renderAuditJson(await auditReplay(store, { all: true }))), null, 2),
      );
      expect(JSON.stringify(report, null, 2)).toBe(
        JSON.stringify(JSON.parse(await streamedReport(withoutBulkReads(store), { all: true })), null, 2),
      );
    } finally {
      await store.close();
      s.remove();
    }
  });
});
