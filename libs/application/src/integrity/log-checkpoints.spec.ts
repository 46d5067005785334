import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore } from '@compensa/event-store';
import { auditReplay } from '../audit/audit-replay';
import type { AuditReport } from '../audit/audit-report';
import { buildStore, storedEvent, tamperAndRehash } from '../audit/example-store.testing';
import { silentLogger } from '../logger';
import { LOG_CHECKPOINT_STREAM } from './log-checkpoint';
import { LogCheckpointer } from './log-checkpointer';
import type { CheckpointFindingKind } from './log-integrity';
import { createSigningKeyPair, loadSigningKey, loadVerifyingKey, type SigningKey } from './signing-key';

/** The tamper bar of issue 13: each outsider's or insider's edit is found and named; an untouched store passes. */
describe('signed checkpoints of the whole log (check 0)', () => {
  let keys: string;
  let key: SigningKey;
  let pristine: string;
  let remove: () => void;
  let work: string[] = [];

  /** Runs the checkpointer over the store until caught up (a checkpoint every 5 events), then stops it. */
  async function sign(dir: string, with_: SigningKey, witness: string): Promise<void> {
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    const checkpointer = new LogCheckpointer(
      store,
      { key: with_, everyEvents: 5, everyMs: 60_000, witnessPath: witness },
      silentLogger,
    );
    try {
      await checkpointer.start();
      await checkpointer.waitFor(await store.headPosition());
      await checkpointer.stop();
    } finally {
      await store.close();
    }
  }

  beforeAll(async () => {
    keys = mkdtempSync(join(tmpdir(), 'compensa-keys-'));
    createSigningKeyPair(join(keys, 'signing.key'));
    key = loadSigningKey(join(keys, 'signing.key'));
    const s = await buildStore('07-cooperativa-50-membros.jsonl');
    remove = s.remove;
    await sign(s.dir, key, join(keys, 'witness.jsonl'));
    pristine = s.dir;
  }, 60_000);

  afterAll(() => {
    remove();
    rmSync(keys, { recursive: true, force: true });
    for (const w of work) rmSync(w, { recursive: true, force: true });
    work = [];
  });

  /** A copy of the signed store and its witness to tamper with. */
  function copy(): { dir: string; db: string; witness: string } {
    const dir = mkdtempSync(join(tmpdir(), 'compensa-tamper-'));
    work.push(dir);
    cpSync(pristine, join(dir, 'data'), { recursive: true });
    cpSync(join(keys, 'witness.jsonl'), join(dir, 'witness.jsonl'));
    return { dir: join(dir, 'data'), db: join(dir, 'data', 'events.db'), witness: join(dir, 'witness.jsonl') };
  }

  async function audit(dir: string, witness: string, publicKeyFile = join(keys, 'signing.key.pub')) {
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    try {
      return await auditReplay(
        store,
        { all: true },
        { checkpoints: { publicKey: loadVerifyingKey(publicKeyFile), witnessPath: witness } },
      );
    } finally {
      await store.close();
    }
  }

  function sql(db: string, statement: string, ...params: (string | number)[]): void {
    const sqlite = new DatabaseSync(db);
    try {
      sqlite.prepare(statement).run(...params);
    } finally {
      sqlite.close();
    }
  }

  const kinds = (r: AuditReport): CheckpointFindingKind[] => r.logIntegrity!.findings.map((f) => f.kind);

  it('an untouched store passes: every checkpoint in the log and the witness, signed, matching', async () => {
    const s = copy();
    const r = await audit(s.dir, s.witness);
    expect(r.logIntegrity!.findings).toEqual([]);
    expect(r.logIntegrity!.ran).toBe(true);
    expect(r.logIntegrity!.checkpoints).toBeGreaterThan(10);
    expect(r.logIntegrity!.verified).toBe(r.logIntegrity!.checkpoints);
    expect(r.logIntegrity!.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(r.summary.checks.checkpoints).toEqual({ ran: true, passed: r.logIntegrity!.checkpoints, failed: 0 });
    expect(r.summary.passed).toBe(true);
  });

  it('tail truncation: the last 12 events of the log deleted (their checkpoints with them) → truncated', async () => {
    const s = copy();
    sql(s.db, 'DELETE FROM events WHERE position > (SELECT MAX(position) - 12 FROM events)');
    const r = await audit(s.dir, s.witness);
    expect(kinds(r)).toContain('truncated');
    expect(kinds(r)).toContain('missing-from-log');
    const t = r.logIntegrity!.findings.find((f) => f.kind === 'truncated')!;
    expect(t.detail).toMatch(/its tail was cut/);
    expect(r.mismatches).toContainEqual(
      expect.objectContaining({ check: 'checkpoint', stream: LOG_CHECKPOINT_STREAM }),
    );
    expect(r.summary.passed).toBe(false);
  });

  it('a deleted stream (a whole UC), which every per-stream check passes → stream-deleted, naming the range', async () => {
    const s = copy();
    const victim = r0Streams(s.db).find((x) => x.startsWith('uc-'))!;
    const first = minPosition(s.db, victim);
    sql(s.db, 'DELETE FROM events WHERE stream = ?', victim);
    const r = await audit(s.dir, s.witness);
    const f = r.logIntegrity!.findings.find((x) => x.kind === 'stream-deleted')!;
    expect(f).toBeDefined();
    expect(f.after === null || f.after < first).toBe(true);
    expect(f.position!).toBeGreaterThanOrEqual(first);
    expect(r.summary.checks.hashChain.failed).toBe(0);
  });

  it("a generator's last CycleCompensated and ExcedenteAllocated deleted → events-missing", async () => {
    const s = copy();
    const alloc = lastOfType(s.db, 'ExcedenteAllocated');
    sql(s.db, 'DELETE FROM events WHERE stream = ? AND revision >= ?', alloc.stream, alloc.revision - 1);
    const r = await audit(s.dir, s.witness);
    expect(kinds(r)).toContain('events-missing');
    expect(r.summary.checks.hashChain.failed).toBe(0);
  });

  it('an event changed with its hashes recomputed (the chain check passes) → rewritten', async () => {
    const s = copy();
    const stream = r0Streams(s.db).find((x) => x.startsWith('uc-'))!;
    const ev = storedEvent(s.db, stream, 'UcRegistered');
    tamperAndRehash(s.db, stream, ev.revision, { ...ev.data, extra: 'forged' });
    const r = await audit(s.dir, s.witness);
    expect(r.summary.checks.hashChain.failed).toBe(0);
    expect(kinds(r)).toContain('rewritten');
    expect(r.logIntegrity!.findings.find((f) => f.kind === 'rewritten')!.position).toBeGreaterThanOrEqual(
      minPosition(s.db, stream),
    );
  });

  it('a checkpoint removed from the witness → missing-from-witness, naming its seq', async () => {
    const s = copy();
    const lines = readFileSync(s.witness, 'utf8').trim().split('\n');
    writeFileSync(s.witness, [...lines.slice(0, 2), ...lines.slice(3)].join('\n') + '\n');
    const r = await audit(s.dir, s.witness);
    expect(r.logIntegrity!.findings).toEqual([expect.objectContaining({ kind: 'missing-from-witness', seq: 3 })]);
    expect(r.summary.passed).toBe(false);
  });

  it("a swapped key: the log re-signed with another key → bad-signature against the auditor's public key", async () => {
    const s = copy();
    const other = join(s.dir, '..', 'other.key');
    createSigningKeyPair(other);
    // The insider signs afresh (checkpoints and witness) with a key of their own.
    sql(s.db, 'DELETE FROM events WHERE stream = ?', LOG_CHECKPOINT_STREAM);
    rmSync(s.witness);
    await sign(s.dir, loadSigningKey(other), s.witness);
    const r = await audit(s.dir, s.witness);
    expect(new Set(kinds(r))).toEqual(new Set(['bad-signature']));
    expect(r.logIntegrity!.findings[0]!.detail).toMatch(/not by the trusted key .* \(a swapped key\)/);
    expect(r.logIntegrity!.verified).toBe(0);
    // With the insider's key the same log verifies: the trust lies in which public key the auditor holds.
    expect((await audit(s.dir, s.witness, `${other}.pub`)).logIntegrity!.findings).toEqual([]);
  });

  it('without a public key the checkpoints are not checked, and the audit does not pass', async () => {
    const s = copy();
    const store = new SqliteEventStore({ path: s.db });
    try {
      const r = await auditReplay(store, { all: true });
      expect(r.logIntegrity!.ran).toBe(false);
      expect(r.summary.passed).toBe(false);
    } finally {
      await store.close();
    }
  });
});

function query<T>(db: string, statement: string, ...params: (string | number)[]): T[] {
  const sqlite = new DatabaseSync(db);
  try {
    return sqlite.prepare(statement).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

function r0Streams(db: string): string[] {
  return query<{ stream: string }>(db, 'SELECT stream FROM events WHERE revision = 0 ORDER BY position').map(
    (r) => r.stream,
  );
}

function minPosition(db: string, stream: string): number {
  return query<{ p: number }>(db, 'SELECT MIN(position) AS p FROM events WHERE stream = ?', stream)[0]!.p;
}

function lastOfType(db: string, type: string): { stream: string; revision: number } {
  return query<{ stream: string; revision: number }>(
    db,
    'SELECT stream, revision FROM events WHERE type = ? ORDER BY position DESC LIMIT 1',
    type,
  )[0]!;
}
