/** The problem documents of errors that are not the request's fault. */
import { HttpStatus } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { problemOf } from './problem-of';

/** The error node:sqlite throws when another connection holds the file's write lock past the busy timeout. */
function busyError(): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-busy-'));
  const holder = new DatabaseSync(join(dir, 'x.db'));
  const other = new DatabaseSync(join(dir, 'x.db'), { timeout: 0 });
  try {
    holder.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
    other.exec('INSERT INTO t VALUES (2)');
    return null;
  } catch (error) {
    return error;
  } finally {
    other.close();
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('problemOf', () => {
  it('a SQLite file busy with another process is 503 (send again), not 500', () => {
    const error = busyError();
    expect((error as Error).message).toBe('database is locked');
    const problem = problemOf(error);
    expect(problem?.status).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    expect(problem?.detail).toContain('send it again');
  });

  it('any other SQLite error stays unexpected (500, logged)', () => {
    const db = new DatabaseSync(':memory:');
    let error: unknown = null;
    try {
      db.exec('SELECT * FROM nothing_here');
    } catch (e) {
      error = e;
    }
    db.close();
    expect(problemOf(error)).toBeNull();
  });
});
