/**
 * The audit's three checks on every examples/ store (hash chain, re-derived decisions, read models equal to the
 * replay), and check 3 failing, with the stream named, when a read-model row no longer matches the events.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { buildStore, exampleScenarios } from '../../libs/application/src/audit/example-store.testing';
import { runAudit } from '../../apps/cli/src/audit/audit-command';

/** Runs the audit in-process, capturing stdout and stderr. */
async function audit(
  dataDir: string,
  ...extra: string[]
): Promise<{
  code: number;
  report: {
    summary: { passed: boolean; checks: { readModels: { ran: boolean; failed: number } } };
    mismatches: { check: string; stream: string; path: string }[];
  };
  stderr: string;
}> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest: unknown[]) => {
    out.push(String(chunk));
    // As a Writable: the callback once the chunk is written (the CLI waits for it before reusing its buffer).
    (rest.find((a) => typeof a === 'function') as (() => void) | undefined)?.();
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const code = await runAudit({
      all: true,
      dataDir,
      format: 'json',
      ...(extra.includes('--no-read-models') ? { readModels: false } : {}),
    });
    return { code, report: JSON.parse(out.join('')), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('compensa audit: all three checks', () => {
  it.each(exampleScenarios())('%s passes the hash chain, the decisions and the read models', async (scenario) => {
    const store = await buildStore(scenario);
    try {
      const { code, report } = await audit(store.dir);
      expect(report.mismatches).toEqual([]);
      expect(report.summary.checks.readModels).toMatchObject({ ran: true, failed: 0 });
      expect(code).toBe(0);
    } finally {
      store.remove();
    }
  });

  it('a read-model row that no longer matches the events fails check 3, naming the stream', async () => {
    const store = await buildStore('03-rateio-prioridade.jsonl');
    try {
      expect((await audit(store.dir)).code).toBe(0);
      const db = new DatabaseSync(join(store.dir, 'read-models.db'));
      db.prepare("UPDATE uc_credit SET wh = wh + 1 WHERE uc_id = '3002'").run();
      db.close();
      const { code, report, stderr } = await audit(store.dir);
      expect(code).toBe(1);
      expect(report.mismatches).toEqual([
        expect.objectContaining({ check: 'read-model', stream: 'uc-copel-3002', path: 'uc_balance.vintages' }),
      ]);
      expect(stderr).toContain('uc-copel-3002');
      // Without check 3 the events themselves are intact.
      expect((await audit(store.dir, '--no-read-models')).code).toBe(0);
    } finally {
      store.remove();
    }
  });

  it('check 3 reads a batch of UCs at once and still names each UC that disagrees, in stream order', async () => {
    const store = await buildStore('03-rateio-prioridade.jsonl');
    try {
      expect((await audit(store.dir)).code).toBe(0);
      const db = new DatabaseSync(join(store.dir, 'read-models.db'));
      // One row changed in a different table for each UC: none may leak onto another UC of the batch.
      db.prepare("UPDATE uc_statement_line SET wh = wh + 1 WHERE uc_id = '3003'").run();
      db.prepare("UPDATE uc_credit SET wh = wh + 1 WHERE uc_id = '3002'").run();
      db.prepare(
        "UPDATE uc_statement SET reading_date = '2025-01-01' WHERE uc_id = '3001' AND cycle = '2025-02'",
      ).run();
      db.close();
      const { code, report } = await audit(store.dir);
      expect(code).toBe(1);
      expect(report.mismatches.map((m) => [m.check, m.stream, m.path])).toEqual([
        ['read-model', 'uc-copel-3001', 'uc_statement[2025-02]'],
        ['read-model', 'uc-copel-3002', 'uc_balance.vintages'],
        ['read-model', 'uc-copel-3003', expect.stringMatching(/^uc_statement\[2025-\d\d\]\.lines$/)],
      ]);
    } finally {
      store.remove();
    }
  });
});
