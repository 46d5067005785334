import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AUDIT_HTML_MOVES,
  AUDIT_HTML_TITULARES_START,
  auditHtmlHead,
  auditHtmlMove,
  auditHtmlTail,
  auditHtmlTitular,
  auditHtmlUc,
} from './audit-html';
import type { AuditReportSpool } from './audit-spool-file';
import type { AuditReport, TrailMove, TrailTitular, TrailUc } from './audit-report';
import { AuditSpoolFile } from './audit-spool-file';

/**
 * The HTML report of `streamAudit` written as a stream, byte for byte `renderAuditHtml`: each UC's section, each
 * move's row and each titular's section is rendered as it arrives into a spool file (the summary, which heads the
 * page, is known only at the end); `finish` writes the page in its order, copying the spools through. Memory holds one
 * section and a buffer. `close` removes the spools.
 */
export class AuditHtmlSpool implements AuditReportSpool {
  private readonly dir: string;
  private readonly ucs: AuditSpoolFile;
  private readonly titulares: AuditSpoolFile;
  /** Moves arrive by stream name within each stream kind: a spool per name prefix, copied in prefix order. */
  private readonly moves = new Map<string, AuditSpoolFile>();

  constructor(parentDir: string = tmpdir()) {
    this.dir = mkdtempSync(join(parentDir, 'compensa-audit-html-'));
    this.ucs = new AuditSpoolFile(join(this.dir, 'ucs.html'));
    this.titulares = new AuditSpoolFile(join(this.dir, 'titulares.html'));
  }

  event(): void {}

  // Each piece is spooled after the line break that joins it to the one before; the first one drops it when copied.
  uc(u: TrailUc): void {
    this.ucs.add(`\n${auditHtmlUc(u)}`);
  }

  move(m: TrailMove): void {
    const prefix = m.stream.slice(0, m.stream.indexOf('-') + 1);
    let spool = this.moves.get(prefix);
    if (!spool) {
      spool = new AuditSpoolFile(join(this.dir, `moves-${this.moves.size}.html`));
      this.moves.set(prefix, spool);
    }
    spool.add(`\n${auditHtmlMove(m)}`);
  }

  titular(t: TrailTitular): void {
    this.titulares.add(`\n${auditHtmlTitular(t)}`);
  }

  /** Writes the whole page (its long sections from the spools; the report's own arrays for them are ignored). */
  finish(report: AuditReport, write: (chunk: string | Uint8Array) => void): void {
    for (const chunk of this.chunks(report)) write(chunk);
  }

  /** The page's bytes piece by piece, for a writer that waits (an HTTP response draining). */
  *chunks(report: AuditReport, into?: Buffer): Generator<string | Uint8Array> {
    yield auditHtmlHead(report);
    yield* this.joined([this.ucs], into);
    yield '\n';
    const moves = [...this.moves.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
    if (moves.some((s) => s.count > 0)) {
      yield AUDIT_HTML_MOVES.start;
      yield* this.joined(moves, into);
      yield AUDIT_HTML_MOVES.end;
    }
    yield '\n';
    if (this.titulares.count > 0) {
      yield AUDIT_HTML_TITULARES_START;
      yield* this.joined([this.titulares], into);
    }
    yield auditHtmlTail(report);
  }

  close(): void {
    for (const spool of [this.ucs, this.titulares, ...this.moves.values()]) spool.close();
    this.moves.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The spools' pieces one after the other, the first piece's leading line break left out. */
  private *joined(spools: AuditSpoolFile[], into?: Buffer): Generator<Uint8Array> {
    let first = true;
    for (const spool of spools) {
      if (spool.count === 0) continue;
      yield* spool.chunks(first ? 1 : 0, into);
      first = false;
    }
  }
}
