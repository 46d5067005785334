/** The KurrentDB (EventStoreDB) adapter of the event-store port, through @kurrent/kurrentdb-client. */
import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendStreamState,
  type JSONType,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  VerifyResult,
  StreamAppend,
} from '../event-store.port';
import { MultiStreamAppendUnsupported, StreamNotFound, WrongExpectedRevision } from '../errors';
import { computeEventHash, verifyChain } from '../hash-chain';
import { planFilter } from './event-filter-plan';
import { validateAppend } from '../validate-append';
import { clientPosition, positionNumber, toRecordedEvent } from './recorded-event';
import { ResubscribingSubscription, type ResubscribePolicy } from './resubscribing-subscription';
import { withRetry, type RetryPolicy } from './transient-errors';

/** Tuning of the KurrentDB adapter; the defaults suit a 3-node cluster. */
export interface KurrentDbEventStoreOptions {
  /** Events per read call (readStream, readAll, idempotency scan). */
  pageSize?: number;
  /** Retries of one operation after NotLeader or a dropped connection (the client reconnects in between). */
  retry?: RetryPolicy;
  /** Appends with `any`/`stream_exists` become exact-revision appends; how often to retry one that lost a race. */
  maxConflictRetries?: number;
  /** How far back (events) an `any`/`stream_exists` append looks for its own ids, to recognise a retry. */
  idempotencyWindow?: number;
  resubscribe?: ResubscribePolicy;
  /** Clock of `recordedAt`. */
  clock?: () => Date;
}

/** An event with its final id, before its place in the chain is known. */
interface PreparedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  /** The caller chose the id (a retry is possible); else it is fresh. */
  givenId: boolean;
}

/**
 * `EventStore` on KurrentDB. Every append is made at an exact revision (or no_stream), because each event's hash
 * chains to the previous event of its stream: for `any`/`stream_exists` the adapter reads the stream's last event
 * first and retries when another writer got there in between. Reads that must see the caller's own writes go to
 * the leader; reads are paged, never a whole stream in memory.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly pageSize: number;
  private readonly retry: RetryPolicy;
  private readonly maxConflictRetries: number;
  private readonly idempotencyWindow: number;
  private readonly resubscribe: ResubscribePolicy;
  private readonly clock: () => Date;
  private readonly subscriptions = new Set<ResubscribingSubscription>();
  private closed = false;

  /** `kurrentdb://host:2113?tls=false`, or a cluster `kurrentdb://a:2113,b:2113,c:2113?tls=true`; `esdb://` is accepted. */
  constructor(connectionString: string, options: KurrentDbEventStoreOptions = {}) {
    // Same syntax; the client warns on every `esdb://` connection that the scheme is deprecated.
    this.client = KurrentDBClient.connectionString(
      connectionString.replace(/^esdb(\+discover)?:\/\//, 'kurrentdb$1://'),
    );
    this.pageSize = Math.max(2, options.pageSize ?? 500);
    this.retry = options.retry ?? { maxAttempts: 5, initialDelayMs: 50 };
    this.maxConflictRetries = options.maxConflictRetries ?? 20;
    this.idempotencyWindow = options.idempotencyWindow ?? 10_000;
    this.resubscribe = options.resubscribe ?? { initialDelayMs: 100, maxDelayMs: 5_000 };
    this.clock = options.clock ?? (() => new Date());
  }

  async append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision;
    validateAppend(stream, events, expected);
    const recordedAt = this.clock().toISOString();
    // Ids and recordedAt are fixed once, so every retry below proposes the same events.
    const prepared = events.map((event): PreparedEvent => {
      const { hash: _hash, prevHash: _prev, recordedAt: _at, ...given } = event.metadata ?? {};
      const metadata = { ...given, schemaVersion: event.metadata?.schemaVersion ?? 1, recordedAt };
      return {
        id: event.id?.toLowerCase() ?? randomUUID(),
        type: event.type,
        data: event.data,
        metadata,
        givenId: event.id !== undefined,
      };
    });
    if (expected === 'no_stream') return this.appendAfter(stream, prepared, null, expected);
    if (typeof expected === 'number') {
      // The chain needs the hash of the event the caller decided on; if it is not there, the caller is wrong.
      const previous = await this.eventAt(stream, expected);
      if (!previous) throw new WrongExpectedRevision(stream, expected, await this.streamRevision(stream));
      return this.appendAfter(stream, prepared, previous, expected);
    }
    for (let attempt = 1; ; attempt++) {
      const last = await this.lastEvent(stream);
      if (!last && expected === 'stream_exists') throw new WrongExpectedRevision(stream, expected, null);
      // Exact-revision appends bypass the server's own `any` idempotency: look for our ids ourselves.
      const replay = last && prepared[0].givenId ? await this.findReplay(stream, prepared, last) : undefined;
      if (replay) return replay;
      try {
        return await this.appendAfter(stream, prepared, last, expected);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= this.maxConflictRetries) throw error;
      }
    }
  }

  /**
   * One part: `append`. Several: not yet. The hash chain's `prevHash` and the JSON metadata travel in the v1 append's
   * custom metadata; the server's multi-stream append (v2 `AppendSession`, KurrentDB 25.1+) takes string properties
   * only, and the double does not serve it. Refused before anything is written, so a caller appends nothing.
   */
  async appendMany(parts: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    if (parts.length === 0) return [];
    if (parts.length === 1) return [await this.append(parts[0].stream, parts[0].events, parts[0])];
    throw new MultiStreamAppendUnsupported(parts.map((p) => p.stream));
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let from: ReadRevision =
      options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START;
    if (remaining <= 0 || (backwards && options.fromRevision !== undefined && options.fromRevision < 0)) {
      if ((await this.streamRevision(stream)) === null) throw new StreamNotFound(stream);
      return;
    }
    let first = true;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const page = await this.streamPage(stream, from, backwards, limit);
      if (page === null) {
        if (first) throw new StreamNotFound(stream);
        return;
      }
      first = false;
      for (const event of page) yield event;
      remaining -= page.length;
      const last = page.at(-1);
      if (!last || page.length < limit || (backwards && last.revision === 0)) return;
      from = BigInt(backwards ? last.revision - 1 : last.revision + 1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const plan = planFilter(options.filter);
    if (plan.matchesNothing) return;
    let remaining = options.maxCount ?? Infinity;
    let from = options.fromPosition;
    // Pages continue from the last event's position, which the server includes again (an exact record boundary).
    let after: number | undefined;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining + 1);
      const page = await withRetry(
        () =>
          collect(
            this.client.readAll({
              fromPosition: from === undefined ? START : clientPosition(from),
              direction: FORWARDS,
              maxCount: limit,
              filter: plan.server,
              requiresLeader: true,
            }),
          ),
        this.retry,
      );
      for (const event of page) {
        if (after !== undefined && event.position <= after) continue;
        if (!plan.accepts(event)) continue;
        yield event;
        if (--remaining <= 0) return;
      }
      const last = page.at(-1);
      if (!last || page.length < limit) return;
      after = last.position;
      from = last.position;
    }
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const plan = planFilter(options.filter);
    const subscription = new ResubscribingSubscription(
      {
        open: (after) =>
          this.client.subscribeToAll({
            fromPosition: after === undefined ? START : clientPosition(after),
            // An empty list matches nothing: a filter no event type satisfies (a lookahead that always fails).
            filter: plan.matchesNothing ? { filterOn: 'eventType', regex: '(?!)', checkpointInterval: 1 } : plan.server,
            requiresLeader: true,
          }),
        accepts: plan.accepts,
        head: () => this.headPosition(),
        release: (s) => this.subscriptions.delete(s),
      },
      options.fromCheckpoint,
      this.resubscribe,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** KurrentDB keeps no list of stream names without the system projections: one pass over the prefixed events. */
  async *streamNames(prefixes: readonly string[]): AsyncIterable<string> {
    const seen = new Set<string>();
    for await (const e of this.readAll({ filter: { streamPrefixes: [...prefixes] } })) {
      if (seen.has(e.stream)) continue;
      seen.add(e.stream);
      yield e.stream;
    }
  }

  async streamRevision(stream: string): Promise<number | null> {
    const page = await this.streamPage(stream, END, true, 1);
    return page?.[0]?.revision ?? null;
  }

  async headPosition(): Promise<number | null> {
    const page = await withRetry(
      () =>
        collect(
          this.client.readAll({
            fromPosition: END,
            direction: BACKWARDS,
            maxCount: 1,
            filter: planFilter(undefined).server,
            requiresLeader: true,
          }),
        ),
      this.retry,
    );
    return page[0]?.position ?? null;
  }

  /** Throws `StreamNotFound` for a stream with no events. */
  verifyStream(stream: string): Promise<VerifyResult> {
    return verifyChain(this.readStream(stream), stream);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  /**
   * Appends after `previous` (null: the stream must not exist), chaining the hashes from it. `reported` is what the
   * caller expected, for the error.
   */
  private async appendAfter(
    stream: string,
    prepared: PreparedEvent[],
    previous: RecordedEvent | null,
    reported: ExpectedRevision,
  ): Promise<AppendResult> {
    const base = previous?.revision ?? -1;
    let prevHash = previous ? ((previous.metadata.hash as string | undefined) ?? null) : null;
    const proposed = prepared.map((event, i) => {
      const metadata = { ...event.metadata, prevHash };
      const hash = computeEventHash({
        stream,
        revision: base + 1 + i,
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: metadata as never,
      });
      prevHash = hash;
      return jsonEvent({
        id: event.id,
        type: event.type,
        data: event.data as JSONType,
        metadata: { ...metadata, hash },
      });
    });
    const streamState: AppendStreamState = previous ? BigInt(previous.revision) : NO_STREAM;
    const nextRevision = base + prepared.length;
    try {
      const result = await withRetry(() => this.client.appendToStream(stream, proposed, { streamState }), this.retry);
      // A replay of an append the server already has (same ids, same expected revision) reports no position.
      const position = positionNumber(result.position) ?? (await this.eventAt(stream, nextRevision))?.position;
      if (position === undefined)
        throw new Error(`append to ${stream}: no event at revision ${nextRevision} after success`);
      return { nextRevision, position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = error.actualState;
      throw new WrongExpectedRevision(stream, reported, typeof actual === 'bigint' ? Number(actual) : null);
    }
  }

  /**
   * An `any`/`stream_exists` retry: the batch's ids already stand, in order, somewhere in the recent part of the
   * stream. Answers the original result, or undefined when the first id is not there.
   */
  private async findReplay(
    stream: string,
    prepared: PreparedEvent[],
    last: RecordedEvent,
  ): Promise<AppendResult | undefined> {
    let from: ReadRevision = BigInt(last.revision);
    for (let scanned = 0; scanned < this.idempotencyWindow;) {
      const page: RecordedEvent[] = (await this.streamPage(stream, from, true, this.pageSize)) ?? [];
      const found = page.find((event) => event.id === prepared[0].id);
      if (found) {
        const stored = (await this.streamPage(stream, BigInt(found.revision), false, prepared.length)) ?? [];
        const same = prepared.every((event, i) => stored[i]?.id === event.id);
        if (!same) return undefined; // not our batch: the append proceeds and the ids appear twice, as on the server
        const lastStored = stored[stored.length - 1];
        return { nextRevision: lastStored.revision, position: lastStored.position };
      }
      const oldest: RecordedEvent | undefined = page.at(-1);
      if (!oldest || oldest.revision === 0 || page.length < this.pageSize) return undefined;
      scanned += page.length;
      from = BigInt(oldest.revision - 1);
    }
    return undefined;
  }

  private async eventAt(stream: string, revision: number): Promise<RecordedEvent | undefined> {
    const page = await this.streamPage(stream, BigInt(revision), false, 1);
    return page?.[0]?.revision === revision ? page[0] : undefined;
  }

  private async lastEvent(stream: string): Promise<RecordedEvent | null> {
    const page = await this.streamPage(stream, END, true, 1);
    return page?.[0] ?? null;
  }

  /** One page of a stream from the leader, or null when the stream does not exist. Retried as a whole. */
  private streamPage(
    stream: string,
    from: ReadRevision,
    backwards: boolean,
    maxCount: number,
  ): Promise<RecordedEvent[] | null> {
    return withRetry(async () => {
      try {
        return await collect(
          this.client.readStream(stream, {
            fromRevision: from,
            direction: backwards ? BACKWARDS : FORWARDS,
            maxCount,
            requiresLeader: true,
          }),
        );
      } catch (error) {
        if (error instanceof StreamNotFoundError) return null;
        throw error;
      }
    }, this.retry);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/** Drains one bounded read (a page) into the port's events. */
async function collect(read: AsyncIterable<Parameters<typeof toRecordedEvent>[0]>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const resolved of read) {
    const event = toRecordedEvent(resolved);
    if (event) events.push(event);
  }
  return events;
}
