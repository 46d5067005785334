/** The KurrentDB (EventStoreDB) adapter of the event-store port, through @kurrent/kurrentdb-client. */
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendStreamRequest,
  type AppendStreamState,
  type EventData,
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
import { verifyChain } from '../hash-chain';
import { chainEvents, prepareEvents, type PreparedEvent } from './chained-events';
import { planFilter } from './event-filter-plan';
import { validateAppend } from '../validate-append';
import { clientPosition, positionNumber, toRecordedEvent } from './recorded-event';
import { toRecordProperties } from './record-properties';
import { ResubscribingSubscription, type ResubscribePolicy } from './resubscribing-subscription';
import { StreamHeads, type ChainLink } from './stream-heads';
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
  /**
   * Streams whose latest event read or written (revision and hash) is kept, so an append at that revision needs no
   * read of it first (0: every append at an exact revision reads the event it follows).
   */
  streamHeads?: number;
}

/** gRPC status UNIMPLEMENTED: the server has no such service (the client passes it through as `code`). */
const GRPC_UNIMPLEMENTED = 12;

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
  /** The latest event seen of recently used streams: the link an append at that revision chains to. */
  private readonly heads: StreamHeads;
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
    this.heads = new StreamHeads(options.streamHeads ?? 50_000);
  }

  async append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision;
    validateAppend(stream, events, expected);
    // Ids and recordedAt are fixed once, so every retry below proposes the same events.
    const prepared = prepareEvents(events, this.clock().toISOString());
    if (expected === 'no_stream') return this.appendAfter(stream, prepared, null, expected);
    if (typeof expected === 'number') {
      // The chain needs the hash of the event the caller decided on (known when this adapter last read or wrote the
      // stream there: the caller usually decided on what it just read); if it is not there, the caller is wrong.
      const previous = this.heads.at(stream, expected) ?? linkOf(await this.eventAt(stream, expected));
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
        return await this.appendAfter(stream, prepared, linkOf(last), expected);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= this.maxConflictRetries) throw error;
      }
    }
  }

  /**
   * One part: `append`. Several: KurrentDB's multi-stream append (v2 `AppendSession`, server 25.1+), one transaction
   * on the server: every part is written or none. As `append`, each part is written at an exact revision (the hash
   * chain needs the event it follows), so each part's stream is read first; a part already stored with the same
   * ids is a replay and is not sent again. The metadata travels as record properties (record-properties.ts), and reads
   * back as a single append's does. A server without the v2 service refuses with `MultiStreamAppendUnsupported`,
   * nothing written.
   */
  async appendMany(parts: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    if (parts.length === 0) return [];
    if (parts.length === 1) return [await this.append(parts[0].stream, parts[0].events, parts[0])];
    if (new Set(parts.map((p) => p.stream)).size !== parts.length) throw new Error('appendMany: a stream twice');
    for (const p of parts) validateAppend(p.stream, p.events, p.expectedRevision);
    const streams = parts.map((p) => p.stream);
    // The server compares stream names ignoring case within one session (StreamAlreadyInAppendSession).
    if (new Set(streams.map((s) => s.toLowerCase())).size !== parts.length) {
      throw new MultiStreamAppendUnsupported(streams, 'KurrentDB refuses two streams whose names differ only in case');
    }
    const recordedAt = this.clock().toISOString();
    const prepared = parts.map((p) => prepareEvents(p.events, recordedAt));
    for (let attempt = 1; ; attempt++) {
      const plans = await Promise.all(parts.map((p, i) => this.planPart(p, prepared[i])));
      const writes = plans.flatMap((plan, i) =>
        plan.kind === 'write'
          ? [{ part: parts[i], events: prepared[i], previous: linkOf(plan.previous), index: i }]
          : [],
      );
      try {
        // What is left to write after the replays: one part is an ordinary (v1) append, several one session.
        let written: AppendResult[] = [];
        if (writes.length === 1) {
          const [{ part, events, previous }] = writes;
          written = [await this.appendAfter(part.stream, events, previous, part.expectedRevision)];
        } else if (writes.length > 1) {
          written = await this.appendSession(writes);
        }
        const results = plans.map((plan) => (plan.kind === 'replay' ? plan.result : undefined));
        writes.forEach((w, j) => (results[w.index] = written[j]));
        return results as AppendResult[];
      } catch (error) {
        // A part the caller let float (`any`/`stream_exists`) lost a race: read it again and retry, as `append` does.
        const floating =
          error instanceof WrongExpectedRevision &&
          typeof error.expected === 'string' &&
          error.expected !== 'no_stream';
        if (!floating || attempt >= this.maxConflictRetries) throw error;
      }
    }
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
   * Where one part of an `appendMany` goes: after which event (null: the stream must not exist), or nowhere because
   * the same ids already stand there (a replay, with its original result). A stale exact revision or `no_stream`
   * fails here, before anything is sent.
   */
  private async planPart(
    part: StreamAppend,
    prepared: PreparedEvent[],
  ): Promise<{ kind: 'write'; previous: RecordedEvent | null } | { kind: 'replay'; result: AppendResult }> {
    const { stream, expectedRevision: expected } = part;
    const sameIds = (stored: RecordedEvent[]) =>
      prepared[0].givenId && stored.length === prepared.length && prepared.every((e, i) => stored[i].id === e.id);
    const replayOf = (stored: RecordedEvent[]) => {
      const last = stored[stored.length - 1];
      return { kind: 'replay' as const, result: { nextRevision: last.revision, position: last.position } };
    };
    if (expected === 'no_stream' || typeof expected === 'number') {
      // The event the part follows and, if the stream went on, what follows it: our own batch is a replay.
      const from = expected === 'no_stream' ? 0 : expected;
      const page = (await this.streamPage(stream, BigInt(from), false, prepared.length + 1)) ?? [];
      const following = expected === 'no_stream' ? page : page.slice(1);
      if (expected === 'no_stream' ? page.length === 0 : page[0]?.revision === expected && page.length === 1) {
        return { kind: 'write', previous: expected === 'no_stream' ? null : page[0] };
      }
      if (sameIds(following.slice(0, prepared.length))) return replayOf(following.slice(0, prepared.length));
      throw new WrongExpectedRevision(stream, expected, await this.streamRevision(stream));
    }
    const last = await this.lastEvent(stream);
    if (!last && expected === 'stream_exists') throw new WrongExpectedRevision(stream, expected, null);
    const replay = last && prepared[0].givenId ? await this.findReplay(stream, prepared, last) : undefined;
    if (replay) return { kind: 'replay', result: replay };
    return { kind: 'write', previous: last };
  }

  /**
   * Several parts in one v2 `AppendSession`: one transaction, each part at the exact revision it was planned at.
   * Answers each part's result, in order; each position is read back (the session answers one position, that of
   * the transaction's last event), so a part's position is that of its own last event, as `append` gives.
   */
  private async appendSession(
    writes: { part: StreamAppend; events: PreparedEvent[]; previous: ChainLink | null }[],
  ): Promise<AppendResult[]> {
    const requests: AppendStreamRequest[] = writes.map(({ part, events, previous }) => ({
      streamName: part.stream,
      expectedState: previous ? BigInt(previous.revision) : NO_STREAM,
      events: chainEvents(part.stream, events, previous)
        .map((e) => ({ ...e, metadata: toRecordProperties(e.metadata) }))
        .map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata: e.metadata }) as EventData),
    }));
    let revisions: number[];
    try {
      const result = await withRetry(() => this.client.multiStreamAppend(requests), this.retry);
      revisions = writes.map(({ part }) => {
        const answered = result.responses.find((r) => r.streamName === part.stream);
        if (!answered) throw new Error(`appendMany: the server answered no revision for ${part.stream}`);
        return Number(answered.revision);
      });
    } catch (error) {
      // The server names the first part that failed (StreamRevisionConflictErrorDetails); nothing was written.
      const name = error instanceof WrongExpectedVersionError ? error.streamName : undefined;
      const part =
        writes.find((w) => w.part.stream === name)?.part ??
        writes.find((w) => w.part.stream.toLowerCase() === name?.toLowerCase())?.part;
      if (error instanceof WrongExpectedVersionError && part) {
        const actual = error.actualState;
        throw new WrongExpectedRevision(
          part.stream,
          part.expectedRevision,
          typeof actual === 'bigint' ? Number(actual) : null,
        );
      }
      // The client refuses before calling when the server does not list AppendSession among its methods (older
      // than 25.1); a server that lists it but has no such service answers UNIMPLEMENTED.
      if (error instanceof UnsupportedError || (error as { code?: unknown } | null)?.code === GRPC_UNIMPLEMENTED) {
        throw new MultiStreamAppendUnsupported(
          writes.map((w) => w.part.stream),
          'the server has no multi-stream append (v2 StreamsService.AppendSession, KurrentDB 25.1 or later)',
        );
      }
      throw error;
    }
    return Promise.all(
      writes.map(async ({ part }, i) => {
        const event = await this.eventAt(part.stream, revisions[i]);
        if (!event) throw new Error(`appendMany to ${part.stream}: no event at revision ${revisions[i]} after success`);
        return { nextRevision: revisions[i], position: event.position };
      }),
    );
  }

  /**
   * Appends after `previous` (null: the stream must not exist), chaining the hashes from it. `reported` is what the
   * caller expected, for the error.
   */
  private async appendAfter(
    stream: string,
    prepared: PreparedEvent[],
    previous: ChainLink | null,
    reported: ExpectedRevision,
  ): Promise<AppendResult> {
    const base = previous?.revision ?? -1;
    const chained = chainEvents(stream, prepared, previous);
    const proposed = chained.map((event) =>
      jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: event.metadata as JSONType }),
    );
    const streamState: AppendStreamState = previous ? BigInt(previous.revision) : NO_STREAM;
    const nextRevision = base + prepared.length;
    try {
      const result = await withRetry(() => this.client.appendToStream(stream, proposed, { streamState }), this.retry);
      const written = positionNumber(result.position);
      // Written now: the stream's last event is ours, as chained (a replay's events may carry another recordedAt).
      if (written !== undefined)
        this.heads.note(stream, { revision: nextRevision, hash: chained[chained.length - 1].metadata.hash as string });
      // A replay of an append the server already has (same ids, same expected revision) reports no position.
      const position = written ?? (await this.eventAt(stream, nextRevision))?.position;
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
        const page = await collect(
          this.client.readStream(stream, {
            fromRevision: from,
            direction: backwards ? BACKWARDS : FORWARDS,
            maxCount,
            requiresLeader: true,
          }),
        );
        const latest = backwards ? page[0] : page[page.length - 1];
        if (latest) this.heads.note(stream, linkOf(latest));
        return page;
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

/** The link an append after `event` chains to. */
function linkOf(event: RecordedEvent): ChainLink;
function linkOf(event: RecordedEvent | null | undefined): ChainLink | null;
function linkOf(event: RecordedEvent | null | undefined): ChainLink | null {
  if (!event) return null;
  return { revision: event.revision, hash: (event.metadata.hash as string | undefined) ?? null };
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
