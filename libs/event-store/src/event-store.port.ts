/**
 * The event-store port: every adapter (sqlite, kurrentdb) implements exactly this, and
 * `test/contract/event-store.contract.ts` is the behavioural definition of it.
 *
 * Revisions and positions are plain numbers (safe up to 2^53: far beyond a few hundred million events).
 * Revisions start at 0 for a stream's first event, as in KurrentDB.
 */

/** What the caller decided on: the stream's state when it made its decision. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

/** Metadata every stored event carries. The adapter fills `recordedAt`, `hash` and `prevHash`. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  commandId?: string;
  /** ISO-8601 instant at which the store accepted the event (wall clock of the adapter). */
  recordedAt: string;
  /** Version of the event's data shape, so a later change can upcast old events. */
  schemaVersion: number;
  /** SHA-256 (hex) of the event's canonical content, including `prevHash` (see hash-chain.ts). */
  hash: string;
  /** `hash` of the previous event in the same stream; null for revision 0. */
  prevHash: string | null;
}

/** An event as a caller hands it to `append`. */
export interface NewEvent<T extends string = string, D = unknown> {
  /** UUID; pass a deterministic one (e.g. derived from a source event) to make redelivery a no-op. */
  id?: string;
  type: T;
  /** JSON-serialisable data (kWh travel as strings). */
  data: D;
  metadata?: Partial<Pick<EventMetadata, 'correlationId' | 'causationId' | 'commandId' | 'schemaVersion'>> &
    Record<string, unknown>;
}

/** An event as the store gives it back. */
export interface RecordedEvent<T extends string = string, D = unknown> {
  id: string;
  stream: string;
  revision: number;
  /** Global position in the log: strictly increasing across all streams in append order. */
  position: number;
  type: T;
  data: D;
  metadata: EventMetadata & Record<string, unknown>;
}

/** What `append` answers. */
export interface AppendResult {
  /** Revision of the last event written (the stream's new current revision). */
  nextRevision: number;
  /** Global position of the last event written. */
  position: number;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

/** One stream's part of an `appendMany`. */
export interface StreamAppend {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default: 0 forwards, the end backwards. */
  fromRevision?: number;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}

/** Which events a readAll or a subscription yields. Exactly one kind of filter at a time. */
export type EventFilter = { streamPrefixes: string[] } | { eventTypes: string[] };

/** A stream and the first revision to read of it (`readStreamsFrom`). */
export interface StreamFrom {
  readonly stream: string;
  readonly fromRevision: number;
}

/** An event as stored: its data and metadata (without `hash`, its own field) still JSON text. */
export interface EventText {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /** metadata.hash */
  readonly hash: string;
}

export interface ReadAllOptions {
  /** Forwards: events at or after this position (inclusive, as KurrentDB). Default: the start. */
  fromPosition?: number;
  filter?: EventFilter;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Last position the consumer has processed (exclusive); undefined = from the start of the log. */
  fromCheckpoint?: number;
  filter?: EventFilter;
}

/**
 * What a subscription yields, in global order: events, then once a `caughtUp`, then live events.
 * `caughtUp.position`: the log's head when the catch-up ended (every matching event up to it was delivered, so a
 * consumer may checkpoint it); null when the log is empty.
 */
export type SubscriptionMessage =
  { kind: 'event'; event: RecordedEvent } | { kind: 'caughtUp'; position: number | null };

/** A catch-up subscription; consume it with `for await` (backpressure: the next event waits for you). */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Ends the iteration and releases resources. */
  close(): Promise<void>;
}

/** Answer of `verifyStream`: the hash chain holds, or where it first breaks. */
export type VerifyResult =
  { ok: true; stream: string; events: number } | { ok: false; stream: string; revision: number; reason: string };

/** The port. */
export interface EventStore {
  /**
   * Appends atomically. Throws `WrongExpectedRevision` when the stream is not as expected.
   * Appending the same event ids again with the same expected revision is a no-op returning the original result;
   * the same ids at another revision throw `WrongExpectedRevision` (an adapter that indexes ids, as sqlite does,
   * throws `DuplicateEventId` for ids already stored in another stream or partly re-sent).
   */
  append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several distinct streams in one transaction: every part is written, or none (a part whose stream is
   * not as expected throws `WrongExpectedRevision` and nothing is written). Answers each part's result, in order.
   * Each part is idempotent as `append` is: a part already stored with the same ids is a replay.
   */
  appendMany(parts: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Pages through a stream. Throws `StreamNotFound` when the stream has no events. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Pages through the whole log in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catch-up then live; resubscribes from the last delivered position, with backoff, when the connection drops. */
  subscribe(options?: SubscribeOptions): Subscription;
  /**
   * The names of the streams that have events and start with one of `prefixes` (case-sensitive), each once, in no
   * promised order: what an audit of the whole log reads stream by stream without holding the log.
   */
  streamNames(prefixes: readonly string[]): AsyncIterable<string>;
  /**
   * Optional (the sqlite adapter has it): the events of many streams, each from its own revision on, in one read,
   * grouped by stream in the order asked and in revision order within each. A bulk import loads a chunk's streams
   * with it instead of one read per stream; a missing stream yields nothing.
   */
  readStreamsFrom?(from: readonly StreamFrom[]): Promise<RecordedEvent[]>;
  /**
   * Optional (the sqlite adapter has it): `readAll`, a page at a time, each event as its stored text (`parseEventText`
   * gives the event `readAll` would). A reader that needs the data of few events (the audit's log-order pass) parses
   * only those.
   */
  readAllText?(options?: ReadAllOptions): AsyncIterable<readonly EventText[]>;
  /** Current revision of a stream, or null when it does not exist. */
  streamRevision(stream: string): Promise<number | null>;
  /** Position of the last event in the log, or null when the log is empty. */
  headPosition(): Promise<number | null>;
  /** Re-computes the hash chain of a stream (`verifyChain`). Throws `StreamNotFound` when the stream has no events. */
  verifyStream(stream: string): Promise<VerifyResult>;
  close(): Promise<void>;
}

/** Where a consumer keeps how far it got. Compare-and-set: never a guessed or lost checkpoint. */
export interface CheckpointStore {
  load(consumer: string): Promise<number | null>;
  /** Stores `next` if the stored value is still `expected`; else throws `CheckpointConflict`. */
  store(consumer: string, expected: number | null, next: number): Promise<void>;
}
