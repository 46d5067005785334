import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  VerifyResult,
  StreamAppend,
} from '@compensa/event-store';

/**
 * Fault injection: an EventStore that refuses chosen appends as a store in trouble would (before writing anything),
 * delegating everything else. `failAppends(n, which)` fails the next n appends that match; n = Infinity until healed.
 */
export class FlakyEventStore implements EventStore {
  private remaining = 0;
  private which: (stream: string, events: NewEvent[]) => boolean = () => true;
  /** Appends refused so far. */
  failed = 0;

  constructor(private readonly inner: EventStore) {}

  failAppends(n: number, which: (stream: string, events: NewEvent[]) => boolean = () => true): void {
    this.remaining = n;
    this.which = which;
  }

  heal(): void {
    this.remaining = 0;
  }

  async append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.remaining > 0 && this.which(stream, events)) {
      this.remaining--;
      this.failed++;
      throw new Error('SQLITE_BUSY: database is locked (injected)');
    }
    return this.inner.append(stream, events, options);
  }

  async appendMany(parts: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.remaining > 0 && parts.some((p) => this.which(p.stream, p.events))) {
      this.remaining--;
      this.failed++;
      throw new Error('SQLITE_BUSY: database is locked (injected)');
    }
    return this.inner.appendMany(parts);
  }

  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  subscribe(options?: SubscribeOptions): Subscription {
    return this.inner.subscribe(options);
  }

  streamNames(prefixes: readonly string[]): AsyncIterable<string> {
    return this.inner.streamNames(prefixes);
  }

  streamRevision(stream: string): Promise<number | null> {
    return this.inner.streamRevision(stream);
  }

  headPosition(): Promise<number | null> {
    return this.inner.headPosition();
  }

  verifyStream(stream: string): Promise<VerifyResult> {
    return this.inner.verifyStream(stream);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Appends that deliver excedente (the process manager's effect). */
export const deliveries = (_stream: string, events: NewEvent[]): boolean =>
  events.some((e) => e.type === 'ExcedenteReceived');
