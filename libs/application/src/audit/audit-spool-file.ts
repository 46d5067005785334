import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { AuditReportSink } from './audit-replay';
import type { AuditReport } from './audit-report';

/** A report written as `streamAudit` goes (JSON, CSV or HTML): its long sections spooled, assembled at the end. */
export interface AuditReportSpool extends AuditReportSink {
  /**
   * The report's bytes piece by piece, its long sections read back from the spools: each into memory of its own, or,
   * given `into`, into that buffer every time (the caller then writes each piece before it asks for the next).
   */
  chunks(report: AuditReport, into?: Buffer): Iterable<string | Uint8Array>;
  /** The same, handed to `write`. */
  finish(report: AuditReport, write: (chunk: string | Uint8Array) => void): void;
  /** Removes the spools. */
  close(): void;
}

/**
 * Text buffered before it is written to the file (characters): little, so that the pieces die young (text that
 * waits for a megabyte outlives the young generation and fills the old one, which then grows the process's RSS).
 */
const FLUSH_AT = 1 << 16;

/**
 * A temporary file a streamed report's section is written into as the audit produces it, read back in 1 MiB chunks
 * when the report is assembled: memory holds a buffer, whatever the size of the section.
 */
export class AuditSpoolFile {
  private readonly fd: number;
  private pending = '';
  /** Pieces added. */
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  add(text: string): void {
    this.pending += text;
    this.count++;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending);
    this.pending = '';
  }

  /**
   * The spooled bytes in chunks of up to 1 MiB, the first `skip` bytes left out. Each chunk is read into memory of
   * its own (a writer may still hold the last one), or into `into` every time, up to its length (a writer done with
   * each one before it asks for the next: a gigabyte's report then leaves no dead chunks behind for the GC, which V8
   * frees late, being memory outside its heap).
   */
  *chunks(skip = 0, into?: Buffer): Generator<Uint8Array> {
    this.flush();
    let at = skip;
    for (;;) {
      const buffer = into ?? Buffer.allocUnsafeSlow(1 << 20);
      const n = readSync(this.fd, buffer, 0, buffer.length, at);
      if (n === 0) return;
      at += n;
      yield buffer.subarray(0, n);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
