import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditSpoolFile } from './audit-spool-file';

describe('AuditSpoolFile: a section spooled to disk, read back in chunks', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'compensa-spool-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back the text added, skip bytes left out: in chunks of their own, or read into one buffer each time', () => {
    const spool = new AuditSpoolFile(join(dir, 's.json'));
    try {
      // Past the flush threshold and past a chunk, with multi-byte characters across the chunk borders.
      const pieces = Array.from({ length: 30_000 }, (_, i) => `,{"n":${i},"label":"compensação ${'é'.repeat(i % 7)}"}`);
      for (const p of pieces) spool.add(p);
      const text = pieces.join('');
      expect(spool.count).toBe(pieces.length);
      const own = [...spool.chunks(1)];
      expect(Buffer.concat(own).toString('utf8')).toBe(text.slice(1));
      expect(new Set(own.map((c) => c.buffer)).size).toBe(own.length);
      const into = Buffer.alloc(1000);
      const reused: Buffer[] = [];
      for (const c of spool.chunks(1, into)) {
        expect(c.buffer).toBe(into.buffer);
        reused.push(Buffer.from(c)); // a copy: the next chunk is read into the same memory
      }
      expect(reused.length).toBeGreaterThan(1000);
      expect(Buffer.concat(reused).toString('utf8')).toBe(text.slice(1));
    } finally {
      spool.close();
    }
  });
});
