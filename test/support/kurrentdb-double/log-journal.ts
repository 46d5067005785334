import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from './event-log';

/** File name, in the double's data directory, of its journal. */
export const JOURNAL_FILE = 'events.jsonl';

/**
 * One line of the journal: the events of one append, bytes in base64 and big integers as decimal strings. A line of
 * one stream names it once; a multi-stream append's line names each event's stream (one line: one fsync, so the
 * transaction is on disk whole or, torn, cut off whole).
 */
interface JournalLine {
  stream?: string;
  events: {
    stream?: string;
    id: string;
    type: string;
    contentType: string;
    data: string;
    customMetadata: string;
    revision: string;
    position: string;
    created: string;
  }[];
}

/**
 * The double's durable log: one JSON line per append, written and fsync'd before the append is answered, so an
 * acknowledged append survives a crash of the double (SIGKILL included). Synchronous like the EventLog it backs:
 * a subscription still catches up and goes live in one turn of the event loop.
 * A torn last line (the double died inside a write, so that append was never answered) is cut off on open.
 */
export class LogJournal {
  private readonly fd: number;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly sync: boolean,
  ) {
    this.fd = fd;
  }

  /**
   * Opens (or creates) DIR/events.jsonl; returns the journal and every append it holds, in order. `sync: false`
   * (a bulk fill of a store to serve later: DoubleJournalAppender) leaves the fsync to `close`.
   */
  static open(dataDir: string, options: { sync?: boolean } = {}): { journal: LogJournal; batches: StoredEvent[][] } {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, JOURNAL_FILE);
    const fd = openSync(path, 'a+');
    try {
      const text = readFileSync(path);
      const batches: StoredEvent[][] = [];
      let start = 0;
      for (let end = text.indexOf(0x0a, start); end >= 0; end = text.indexOf(0x0a, start)) {
        batches.push(decode(JSON.parse(text.subarray(start, end).toString('utf8')) as JournalLine));
        start = end + 1;
      }
      if (start < fstatSync(fd).size) {
        ftruncateSync(fd, start);
        fsyncSync(fd);
      }
      return { journal: new LogJournal(path, fd, options.sync ?? true), batches };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Writes one append's events (one stream or several) as one line and waits for the disk (fsync). */
  write(events: StoredEvent[]): void {
    const stream = events[0].stream;
    const single = events.every((e) => e.stream === stream);
    const line: JournalLine = {
      ...(single ? { stream } : {}),
      events: events.map((e) => ({
        ...(single ? {} : { stream: e.stream }),
        id: e.id,
        type: e.type,
        contentType: e.contentType,
        data: Buffer.from(e.data).toString('base64'),
        customMetadata: Buffer.from(e.customMetadata).toString('base64'),
        revision: e.revision.toString(),
        position: e.position.toString(),
        created: e.created.toString(),
      })),
    };
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
    for (let written = 0; written < bytes.length;) written += writeSync(this.fd, bytes, written);
    if (this.sync) fsyncSync(this.fd);
  }

  close(): void {
    if (!this.sync) fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

function decode(line: JournalLine): StoredEvent[] {
  return line.events.map((e) => ({
    stream: e.stream ?? line.stream ?? '',
    id: e.id,
    type: e.type,
    contentType: e.contentType,
    data: Buffer.from(e.data, 'base64'),
    customMetadata: Buffer.from(e.customMetadata, 'base64'),
    revision: BigInt(e.revision),
    position: BigInt(e.position),
    created: BigInt(e.created),
  }));
}
