/**
 * The audit's first pass reads each stream whole and verifies its hash chain (check a) before replaying it. Reading
 * and hashing are about a third of a whole-log audit's work (each event printed as canonical JSON, then SHA-256): on
 * the embedded store a worker thread does both, up to `READER_THREAD_AHEAD` streams ahead of the replay, from its own connection to
 * the file, and hands over each stream's rows as stored (copying text costs the main thread less than reading it from
 * SQLite) with its chain's result. The events replayed are exactly the events verified. On another store, for a log
 * of few streams or on a single core, both happen here, as before.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  recordedEventOfArray,
  SqliteEventStore,
  verifyChainOf,
  type EventStore,
  type RecordedEvent,
  type VerifyResult,
} from '@compensa/event-store';
import { readStream } from './read-stream';
import type { ReaderMessage, ReaderWork, StreamRead } from './verified-stream-reader.worker';

/** Below this many streams a thread costs more than it saves (starting it, loading its modules). */
export const READER_THREAD_MIN_STREAMS = 1_000;
/**
 * How many streams the thread may read ahead of the replay: the rows waiting in memory (measured at 1M events, 256
 * cost ~20 MB more peak RSS than 32 and were no faster).
 */
export const READER_THREAD_AHEAD = 32;
/**
 * The thread's heap: a stream at a time. A small young generation of its own (the process's V8 flags size the main
 * thread's; the same 16 MB semi-spaces again would add ~40 MB of RSS at 1M events).
 */
const THREAD_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

/**
 * A stream as the first pass needs it: how many events it has (null: no such stream), those at or before the audit's
 * position (null: none) and their chain.
 */
export type VerifiedStream =
  { read: number | null; events: null; chain: null } | { read: number; events: RecordedEvent[]; chain: VerifyResult };

/** The streams of the first pass, in its order. */
export interface VerifiedStreamReader {
  /** The `index`-th stream of the list the reader was started with (asked for in that order). */
  next(index: number, stream: string): Promise<VerifiedStream>;
  /** Streams handed over by the thread, and read here (no thread, or after it failed). */
  readonly counts: { thread: number; here: number };
  close(): Promise<void>;
}

/** In a worker thread where it can (the embedded store's file, enough streams), else here. */
export function startVerifiedStreamReader(
  store: EventStore,
  streams: readonly string[],
  position: number | null,
  minStreams = READER_THREAD_MIN_STREAMS,
): VerifiedStreamReader {
  const path = store instanceof SqliteEventStore ? store.path : null;
  // The thread works beside the replay: with one core it would only take turns with it.
  if (path === null || path === ':memory:' || streams.length < minStreams || availableParallelism() < 2)
    return inThread(store, position);
  return new ThreadReader({ path, streams, position, ahead: READER_THREAD_AHEAD }, inThread(store, position));
}

function inThread(store: EventStore, position: number | null): VerifiedStreamReader {
  const counts = { thread: 0, here: 0 };
  return {
    counts,
    next: async (_index, stream) => {
      counts.here++;
      const read = await readStream(store, stream);
      return verified(stream, read === null ? null : read.length, atOrBefore(read, position));
    },
    close: () => Promise.resolve(),
  };
}

/** The events at or before `position` (all when null). */
function atOrBefore(events: RecordedEvent[] | null, position: number | null): RecordedEvent[] | null {
  return events === null || position === null ? events : events.filter((e) => e.position <= position);
}

/** A stream read, with its chain verified unless there is nothing to verify. */
export function verified(stream: string, read: number | null, events: RecordedEvent[] | null): VerifiedStream {
  if (read === null || events === null || events.length === 0) return { read, events: null, chain: null };
  return { read, events, chain: verifyChainOf(events, stream) };
}

/** The thread's reads, as they come; the replay waits only when it catches up with the thread. */
class ThreadReader implements VerifiedStreamReader {
  private readonly worker: Worker;
  readonly counts = { thread: 0, here: 0 };
  private readonly reads: (StreamRead | undefined)[] = [];
  private waiting: { index: number; wake: () => void } | null = null;
  /** Why the thread stopped (it stops after its last stream too). */
  private failure: Error | null = null;
  /** The streams the replay has taken (shared with the thread, which stays at most `ahead` beyond). */
  private readonly taken = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    work: Omit<ReaderWork, 'taken'>,
    /** Where the streams the thread did not hand over are read if it fails (the same reads, here). */
    private readonly fallback: VerifiedStreamReader,
  ) {
    const entry = join(__dirname, `verified-stream-reader.worker${extname(__filename)}`);
    // Run from the sources (jest, the benches), the thread compiles TypeScript as the process that started it does.
    const register = entry.endsWith('.ts')
      ? join(__dirname, '..', '..', '..', '..', 'test', 'support', 'swc-register.js')
      : null;
    const workerData: { entry: string; register: string | null; work: ReaderWork } = {
      entry,
      register,
      work: { ...work, taken: this.taken },
    };
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       if (workerData.register) require(workerData.register);
       require(workerData.entry);`,
      { eval: true, workerData, resourceLimits: THREAD_HEAP },
    );
    this.worker.on('message', (m: ReaderMessage) => {
      for (let i = 0; i < m.reads.length; i++) this.reads[m.from + i] = m.reads[i];
      this.wake();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`the audit's reader thread stopped (exit code ${code})`)));
  }

  async next(index: number, stream: string): Promise<VerifiedStream> {
    while (this.reads[index] === undefined) {
      if (this.failure) {
        this.counts.here++;
        return this.fallback.next(index, stream);
      }
      await new Promise<void>((wake) => {
        this.waiting = { index, wake };
      });
    }
    const r = this.reads[index]!;
    this.reads[index] = undefined;
    Atomics.store(this.taken, 0, index + 1);
    Atomics.notify(this.taken, 0);
    if (r.stream !== stream) throw new Error(`the audit's reader thread read ${r.stream}, expected ${stream}`);
    this.counts.thread++;
    if (r.rows === null || r.chain === null || r.read === null) return { read: r.read, events: null, chain: null };
    return { read: r.read, events: r.rows.map(recordedEventOfArray), chain: r.chain };
  }

  async close(): Promise<void> {
    this.failure ??= new Error('closed');
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    if (w && (this.failure || this.reads[w.index] !== undefined)) {
      this.waiting = null;
      w.wake();
    }
  }
}
