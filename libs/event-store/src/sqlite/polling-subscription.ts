/** A catch-up subscription over a log that can be read in pages after a position. */
import type { RecordedEvent, Subscription, SubscriptionMessage } from '../event-store.port';
import { waitUntil } from './commit-signal';

/** What the subscription needs from the store. */
export interface SubscriptionSource {
  /** Head of the log, then the matching events after `after` (exclusive), at most `limit`. */
  readPage(after: number, limit: number): { head: number | null; events: RecordedEvent[] };
  /** Resolves at the store's next commit in this process. */
  nextCommit(): Promise<void>;
  /** Called once when the subscription ends. */
  release(subscription: PollingSubscription): void;
}

/** Tuning of a polling subscription. */
export interface PollingOptions {
  pageSize: number;
  /** How often to look for appends by other processes (ms). */
  pollIntervalMs: number;
  /** First retry delay after a failed read (ms); doubles up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Consecutive failed reads after which the error reaches the consumer. */
  maxRetries: number;
}

/**
 * Catch-up by pages, one `caughtUp`, then live: woken by this process's commits, polling for other processes.
 * An async generator, so the next page is read only when the consumer asks (backpressure). A failed read
 * (e.g. the file handle was reopened) is retried with backoff from the last delivered position: no gap, no duplicate.
 */
export class PollingSubscription implements Subscription {
  private closed = false;
  private readonly abort = new AbortController();
  private readonly iterator: AsyncGenerator<SubscriptionMessage, void, undefined>;

  constructor(
    private readonly source: SubscriptionSource,
    fromCheckpoint: number | undefined,
    private readonly options: PollingOptions,
  ) {
    this.iterator = this.run(fromCheckpoint ?? Number.MIN_SAFE_INTEGER);
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    await this.iterator.return(undefined);
    // A generator that never started skips its finally block.
    this.source.release(this);
  }

  private async *run(after: number): AsyncGenerator<SubscriptionMessage, void, undefined> {
    let cursor = after;
    let caughtUp = false;
    let failures = 0;
    try {
      while (!this.closed) {
        // Taken before the read: a commit after the read still wakes us.
        const wake = this.source.nextCommit();
        let page: { head: number | null; events: RecordedEvent[] };
        try {
          page = this.source.readPage(cursor, this.options.pageSize);
          failures = 0;
        } catch (error) {
          failures += 1;
          if (failures > this.options.maxRetries) throw error;
          const delay = Math.min(this.options.backoffMs * 2 ** (failures - 1), this.options.maxBackoffMs);
          await waitUntil(null, delay, this.abort.signal);
          continue;
        }
        for (const event of page.events) {
          cursor = event.position;
          yield { kind: 'event', event };
          if (this.closed) return;
        }
        if (page.events.length === this.options.pageSize) {
          // Catching up: the read is synchronous, and a consumer whose own work only resolves promises (the
          // projections on SQLite) would otherwise chain page after page in microtasks, the event loop never
          // turning: no HTTP answer, no lease renewal, no log line until the whole backlog is applied. A turn a page.
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        if (!caughtUp) {
          caughtUp = true;
          // The head was read before the page, so every matching event up to it has been delivered.
          const head = page.head === null ? null : Math.max(page.head, cursor);
          yield { kind: 'caughtUp', position: head };
          continue;
        }
        await waitUntil(wake, this.options.pollIntervalMs, this.abort.signal);
      }
    } finally {
      this.source.release(this);
    }
  }
}
