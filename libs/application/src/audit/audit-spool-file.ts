import { closeSync, openSync, readSync, write, writeSync } from 'node:fs';
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
 * Writes a spool may have in flight on libuv's threads: past this many (the disk slower than the audit), the next
 * one is written on the caller's thread, so that waiting text does not pile up in memory.
 */
const IN_FLIGHT_MAX = 8;

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
  /** Bytes written or being written: where the next write goes. */
  private size = 0;
  private inFlight = 0;
  private failed: Error | null = null;
  private idle: (() => void) | null = null;
  private closed = false;
  /** Pieces added. */
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  add(text: string): void {
    this.pending += text;
    this.count++;
    if (this.pending.length >= FLUSH_AT) this.writeBehind();
  }

  /**
   * The text added so far handed to the file on libuv's threads, not this one (a large report's sections are a
   * gigabyte: the kernel's copy into the page cache then runs on another core beside the audit); `settled` waits for
   * them. A write that fails is thrown by `settled` and `chunks`.
   */
  private writeBehind(): void {
    const bytes = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    const at = this.size;
    this.size += bytes.length;
    if (this.inFlight >= IN_FLIGHT_MAX) {
      writeAll(this.fd, bytes, at);
      return;
    }
    this.inFlight++;
    writeFrom(this.fd, bytes, 0, at, (err) => {
      this.inFlight--;
      if (err) this.failed ??= err;
      if (this.inFlight > 0) return;
      // Closed meanwhile (an audit that failed): the descriptor is released only now, so that no write lands in
      // a file opened since under the same number.
      if (this.closed) closeSync(this.fd);
      else this.idle?.();
    });
  }

  /** Every write handed to libuv done. */
  async settled(): Promise<void> {
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    this.idle = null;
    if (this.failed) throw this.failed;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    writeAll(this.fd, bytes, this.size);
    this.size += bytes.length;
  }

  /**
   * The spooled bytes in chunks of up to 1 MiB, the first `skip` bytes left out. Each chunk is read into memory of
   * its own (a writer may still hold the last one), or into `into` every time, up to its length (a writer done with
   * each one before it asks for the next: a gigabyte's report then leaves no dead chunks behind for the GC, which V8
   * frees late, being memory outside its heap).
   */
  *chunks(skip = 0, into?: Buffer): Generator<Uint8Array> {
    if (this.inFlight > 0) throw new Error(`${this.path}: read back before its writes settled`);
    if (this.failed) throw this.failed;
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
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight === 0) closeSync(this.fd);
  }
}

/** `bytes` written at `at` on this thread, however many calls it takes. */
function writeAll(fd: number, bytes: Uint8Array, at: number): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
}

/** `bytes` from `done` on written at `at + done` on libuv's threads, however many calls it takes. */
function writeFrom(fd: number, bytes: Uint8Array, done: number, at: number, end: (err: Error | null) => void): void {
  write(fd, bytes, done, bytes.length - done, at + done, (err, n) => {
    if (err) end(err);
    else if (done + n < bytes.length) writeFrom(fd, bytes, done + n, at, end);
    else end(null);
  });
}
