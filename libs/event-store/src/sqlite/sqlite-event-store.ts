/** The embedded event store: one SQLite file (node:sqlite), WAL, fsync on commit, group commit. */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventText,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamFrom,
  SubscribeOptions,
  Subscription,
  VerifyResult,
  StreamAppend,
} from '../event-store.port';
import { DuplicateEventId, StreamNotFound, WrongExpectedRevision } from '../errors';
import { asReadJson, isAsReadShared } from '../as-read';
import { computeEventHash, verifyChain } from '../hash-chain';
import { CommitSignal } from './commit-signal';
import {
  EVENT_COLUMNS,
  eventTextOfArray,
  filterCondition,
  recordedEventOfArray,
  toRecordedEvent,
  type EventArray,
  type EventRow,
  type SqlCondition,
} from './event-row';
import { PollingSubscription, type PollingOptions } from './polling-subscription';
import { openSqliteDatabase, type SqliteSynchronous } from './sqlite-database';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';
import { validateAppend } from '../validate-append';
import { timeOrderedUuid } from './time-ordered-uuid';

/** Configuration of the sqlite adapter. */
export interface SqliteEventStoreOptions {
  /** The database file (created if missing). */
  path: string;
  /** Default FULL: an acknowledged append survives a crash of the process and of the machine. */
  synchronous?: SqliteSynchronous;
  /** Rows per read query (readStream, readAll, subscriptions). */
  pageSize?: number;
  /** How often live subscriptions look for appends made by other processes (ms). */
  pollIntervalMs?: number;
  busyTimeoutMs?: number;
  /** SQLite's page cache in KiB (default 64 MiB; see `SqliteOpenOptions.cacheKib`). */
  cacheKib?: number;
}

interface PendingAppend {
  /** One part per stream: written together in one savepoint (appendMany), or not at all. */
  parts: { stream: string; events: NewEvent[]; expected: ExpectedRevision }[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult[] } | { ok: false; error: unknown };

const MAX_REVISION = Number.MAX_SAFE_INTEGER;
/**
 * Events recently read by this store's subscriptions, parsed once for all of them: the directory and the process
 * managers read the same new events within moments of each other, and parsing their JSON was a third of their cost.
 */
const SHARED_PARSED_EVENTS = 20_000;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** Prepared statements of one open handle. */
class Statements {
  readonly begin: StatementSync;
  readonly commit: StatementSync;
  readonly rollback: StatementSync;
  readonly savepoint: StatementSync;
  readonly release: StatementSync;
  readonly rollbackTo: StatementSync;
  readonly head: StatementSync;
  readonly headRevision: StatementSync;
  readonly byId: StatementSync;
  readonly idsFrom: StatementSync;
  readonly insert: StatementSync;
  readonly streamForwards: StatementSync;
  readonly streamBackwards: StatementSync;
  readonly headPosition: StatementSync;
  readonly streamNamesAfter: StatementSync;
  readonly streamsFrom: StatementSync;
  private readonly readAll = new Map<string, StatementSync>();
  private readonly readAllArrays = new Map<string, StatementSync>();
  private readonly positions = new Map<string, StatementSync>();

  constructor(private readonly db: DatabaseSync) {
    // IMMEDIATE: take the write lock up front, so another process's writer waits (busy timeout) instead of
    // failing half-way through a batch.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT append');
    this.release = db.prepare('RELEASE append');
    this.rollbackTo = db.prepare('ROLLBACK TO append');
    this.head = db.prepare('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1');
    // The revision alone is in the (stream, revision) index: answered without reading the event's row (a page of the
    // table each, cold for a stream loaded from its snapshot: an import asks it of every stream it loads).
    this.headRevision = db.prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1');
    this.byId = db.prepare('SELECT stream, revision FROM events WHERE id = ?');
    this.idsFrom = db.prepare(
      'SELECT id, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    this.insert = db.prepare(
      'INSERT INTO events (stream, revision, id, type, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.streamForwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    );
    this.streamBackwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    );
    this.headPosition = db.prepare('SELECT MAX(position) AS position FROM events');
    // One JSON parameter, [[stream, fromRevision], …]: a statement prepared once whatever the chunk's size; each
    // stream is an index range scan on (stream, revision).
    this.streamsFrom = db.prepare(
      `SELECT ${EVENT_COLUMNS.split(', ')
        .map((c) => `e.${c}`)
        .join(', ')} FROM json_each(?) AS j JOIN events AS e ON e.stream = j.value ->> 0 AND e.revision >= j.value ->> 1
       ORDER BY j.key, e.revision`,
    );
    // Rows as arrays (`EVENT_COLUMNS` order): node:sqlite builds an array faster than an object of eight named
    // properties, and the reader makes its event of it anyway (an audit reads every event of the log this way).
    this.streamsFrom.setReturnArrays(true);
    // The (stream, revision) index: each name once, paged by name, without reading any event.
    this.streamNamesAfter = db.prepare('SELECT DISTINCT stream FROM events WHERE stream > ? ORDER BY stream LIMIT ?');
  }

  /** The positions alone of the readAll query for a filter's SQL (the index, not the events' text), prepared once. */
  positionsFrom(where: string): StatementSync {
    let statement = this.positions.get(where);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT position FROM events WHERE position > ? AND ${where} ORDER BY position LIMIT ?`,
      );
      this.positions.set(where, statement);
    }
    return statement;
  }

  /** `readAllFrom`'s query returning rows as arrays (`EVENT_COLUMNS` order), prepared once. */
  readAllArraysFrom(where: string): StatementSync {
    let statement = this.readAllArrays.get(where);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND ${where} ORDER BY position LIMIT ?`,
      );
      statement.setReturnArrays(true);
      this.readAllArrays.set(where, statement);
    }
    return statement;
  }

  /** The readAll query for a filter's SQL, prepared once. */
  readAllFrom(where: string): StatementSync {
    let statement = this.readAll.get(where);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND ${where} ORDER BY position LIMIT ?`,
      );
      this.readAll.set(where, statement);
    }
    return statement;
  }
}

/**
 * `EventStore` on one SQLite file. Appends that arrive together (until the next macrotask) share one transaction
 * and one fsync, each inside its own SAVEPOINT so that one append's conflict does not fail the others; every
 * append's promise settles only after COMMIT. Several processes may open the same file: writers serialise on
 * SQLite's write lock and live subscriptions poll.
 */
export class SqliteEventStore implements EventStore {
  private db: DatabaseSync;
  private statements: Statements;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private reopening = false;
  private closed = false;
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<PollingSubscription>();
  /** By position (insertion order is position order, so the first key is the oldest). Never mutated by readers. */
  private readonly parsed = new Map<number, RecordedEvent>();
  /**
   * The oldest kept position, for evicting: one iterator kept across evictions (`parsed.keys().next()` rescanned the
   * front of the table over every entry evicted since it was last compacted: an eviction cost as much as the map's
   * size). Every key it returned has been evicted, so the live ones are ahead of it.
   */
  private parsedKeys: Iterator<number> = this.parsed.keys();
  private readonly pageSize: number;
  private readonly polling: PollingOptions;
  /**
   * Committed transactions and the appends they carried (appends / transactions is the group-commit factor), and the
   * milliseconds those transactions held the file's write lock (from BEGIN IMMEDIATE's return to the end of COMMIT, of
   * which COMMIT itself): writers take turns on it, so it bounds what any number of writing processes can append.
   */
  readonly stats = { transactions: 0, appends: 0, writeMs: 0, commitMs: 0 };

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.pageSize = options.pageSize ?? 1000;
    this.polling = {
      pageSize: this.pageSize,
      pollIntervalMs: options.pollIntervalMs ?? 200,
      backoffMs: 20,
      maxBackoffMs: 5000,
      maxRetries: 20,
    };
    this.db = openSqliteDatabase(options.path, options);
    this.statements = new Statements(this.db);
  }

  /** The database file (another connection, in a worker thread, may read it too). */
  get path(): string {
    return this.options.path;
  }

  append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    try {
      validateAppend(stream, events, options.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({ parts: [{ stream, events, expected: options.expectedRevision }], resolve, reject });
      this.scheduleFlush();
    }).then((results) => results[0]);
  }

  appendMany(parts: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    try {
      if (new Set(parts.map((p) => p.stream)).size !== parts.length) throw new Error('appendMany: a stream twice');
      for (const p of parts) validateAppend(p.stream, p.events, p.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    if (parts.length === 0) return Promise.resolve([]);
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({
        parts: parts.map((p) => ({ stream: p.stream, events: p.events, expected: p.expectedRevision })),
        resolve,
        reject,
      });
      this.scheduleFlush();
    });
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let from = options.fromRevision ?? (backwards ? MAX_REVISION : 0);
    let first = true;
    while (true) {
      const limit = Math.min(this.pageSize, remaining);
      const statement = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
      const rows = limit > 0 ? (statement.all(stream, from, limit) as unknown as EventRow[]) : [];
      if (first && rows.length === 0 && this.currentRevision(stream) === null) throw new StreamNotFound(stream);
      first = false;
      for (const row of rows) yield toRecordedEvent(row);
      remaining -= rows.length;
      if (rows.length < limit || remaining <= 0) return;
      from = rows[rows.length - 1].revision + (backwards ? -1 : 1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const condition = filterCondition(options.filter);
    let remaining = options.maxCount ?? Infinity;
    // fromPosition is inclusive; the query is exclusive.
    let after = (options.fromPosition ?? Number.MIN_SAFE_INTEGER + 1) - 1;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const statement = this.statements.readAllFrom(condition.sql);
      const rows = statement.all(after, ...condition.params, limit) as unknown as EventRow[];
      for (const row of rows) yield toRecordedEvent(row);
      remaining -= rows.length;
      if (rows.length < limit) return;
      after = rows[rows.length - 1].position;
    }
  }

  /** `readAll`'s pages as the rows hold them: the JSON left unparsed for the reader to parse what it needs. */
  async *readAllText(options: ReadAllOptions = {}): AsyncIterable<readonly EventText[]> {
    const condition = filterCondition(options.filter);
    let remaining = options.maxCount ?? Infinity;
    let after = (options.fromPosition ?? Number.MIN_SAFE_INTEGER + 1) - 1;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const rows = (
        this.statements
          .readAllArraysFrom(condition.sql)
          .all(after, ...condition.params, limit) as unknown as EventArray[]
      ).map(eventTextOfArray);
      if (rows.length > 0) yield rows;
      remaining -= rows.length;
      if (rows.length < limit) return;
      after = rows[rows.length - 1]!.position;
    }
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const condition = filterCondition(options.filter);
    const subscription = new PollingSubscription(
      {
        readPage: (after, limit) => {
          const head = this.currentHead();
          const kept = this.keptPage(condition, after, limit);
          if (kept) return { head, events: kept };
          const rows = this.statements.readAllFrom(condition.sql).all(after, ...condition.params, limit);
          return { head, events: (rows as unknown as EventRow[]).map((row) => this.sharedParse(row)) };
        },
        nextCommit: () => this.signal.next(),
        release: (s) => this.subscriptions.delete(s),
      },
      options.fromCheckpoint,
      this.polling,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async *streamNames(prefixes: readonly string[]): AsyncIterable<string> {
    let after = '';
    while (true) {
      const rows = this.statements.streamNamesAfter.all(after, this.pageSize) as unknown as { stream: string }[];
      for (const { stream } of rows) if (prefixes.some((p) => stream.startsWith(p))) yield stream;
      if (rows.length < this.pageSize) return;
      after = rows[rows.length - 1].stream;
    }
  }

  async readStreamsFrom(from: readonly StreamFrom[]): Promise<RecordedEvent[]> {
    return this.streamRowsFrom(from).map(recordedEventOfArray);
  }

  /** `readStreamsFrom`'s rows as stored, not parsed (`recordedEventOfArray` parses one), e.g. to hand to a thread. */
  streamRowsFrom(from: readonly StreamFrom[]): EventArray[] {
    if (from.length === 0) return [];
    const wanted = JSON.stringify(from.map((f) => [f.stream, f.fromRevision]));
    return this.statements.streamsFrom.all(wanted) as unknown as EventArray[];
  }

  async streamRevision(stream: string): Promise<number | null> {
    return this.currentRevision(stream);
  }

  async headPosition(): Promise<number | null> {
    return this.currentHead();
  }

  /** Throws `StreamNotFound` for a stream with no events. */
  verifyStream(stream: string): Promise<VerifyResult> {
    return verifyChain(this.readStream(stream), stream);
  }

  /** A compare-and-set checkpoint store in the same file. */
  checkpoints(table = 'checkpoints'): SqliteCheckpointStore {
    return new SqliteCheckpointStore(() => this.db, table);
  }

  /**
   * Closes the file handle and opens it again after `pauseMs` (e.g. after the file was restored). Appends wait;
   * live subscriptions retry with backoff and resume from their last delivered position.
   */
  async reopen(pauseMs = 0): Promise<void> {
    if (this.closed || this.reopening) return;
    this.reopening = true;
    this.db.close();
    // A restored file may hold other events at the same positions.
    this.parsed.clear();
    try {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      this.db = openSqliteDatabase(this.options.path, this.options);
      this.statements = new Statements(this.db);
    } finally {
      this.reopening = false;
    }
    if (this.queue.length > 0) this.scheduleFlush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    while (this.reopening) await new Promise((resolve) => setTimeout(resolve, 5));
    this.flush();
    this.db.close();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate, not a microtask: every append issued in this turn of the event loop joins the batch.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Writes every queued append in one transaction (one fsync), then settles their promises. */
  private flush(): void {
    if (this.reopening || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const s = this.statements;
    const outcomes: Outcome[] = [];
    try {
      s.begin.run();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    // Held from here: BEGIN IMMEDIATE's wait for another process's lock is not counted.
    const began = performance.now();
    const recordedAt = new Date().toISOString();
    // The events as a subscription will read them, kept for it once committed (none without a subscription).
    const fresh: RecordedEvent[][] | null = this.subscriptions.size > 0 ? [] : null;
    for (const pending of batch) {
      // One row alone needs no savepoint: whatever fails before its INSERT wrote nothing, and a failed INSERT is
      // undone by SQLite itself (a statement is atomic). Only an append of several rows may fail half-way.
      const alone = pending.parts.length === 1 && pending.parts[0].events.length === 1;
      if (!alone) s.savepoint.run();
      const written: RecordedEvent[] | null = fresh ? [] : null;
      try {
        outcomes.push({ ok: true, result: pending.parts.map((part) => this.write(part, recordedAt, written)) });
        if (!alone) s.release.run();
        if (written) fresh!.push(written);
      } catch (error) {
        if (!alone) {
          s.rollbackTo.run();
          s.release.run();
        }
        outcomes.push({ ok: false, error });
      }
    }
    const committing = performance.now();
    try {
      s.commit.run();
    } catch (error) {
      // Nothing of the batch is durable: every append fails (those that had failed keep their own reason).
      try {
        s.rollback.run();
      } catch {
        // Already rolled back by SQLite.
      }
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        pending.reject(outcome.ok ? error : outcome.error);
      });
      return;
    }
    const committed = performance.now();
    this.stats.transactions += 1;
    this.stats.writeMs += committed - began;
    this.stats.commitMs += committed - committing;
    // Committed: this process's subscriptions (directory, process managers) take them without parsing their JSON.
    if (fresh) for (const written of fresh) for (const e of written) this.keepParsed(e);
    let wrote = false;
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) {
        wrote = true;
        this.stats.appends += 1;
        pending.resolve(outcome.result);
      } else {
        pending.reject(outcome.error);
      }
    });
    if (wrote) this.signal.notify();
  }

  /**
   * One append inside the batch's transaction; throws to have its savepoint rolled back. `written`: where the events
   * go as a read would give them back (data and metadata as their JSON parses), for the subscriptions.
   */
  private write(
    pending: PendingAppend['parts'][number],
    recordedAt: string,
    written: RecordedEvent[] | null,
  ): AppendResult {
    const { stream, events, expected } = pending;
    const s = this.statements;
    const firstId = events[0].id?.toLowerCase();
    if (firstId !== undefined) {
      const existing = s.byId.get(firstId) as { stream: string; revision: number } | undefined;
      if (existing) return this.replayed(pending, existing);
    }
    const head = s.head.get(stream) as { revision: number; hash: string } | undefined;
    const actual = head?.revision ?? null;
    if (!matches(expected, actual)) throw new WrongExpectedRevision(stream, expected, actual);
    let revision = actual ?? -1;
    let prevHash = head?.hash ?? null;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const id = event.id?.toLowerCase() ?? timeOrderedUuid();
      const { hash: _hash, prevHash: _prev, recordedAt: _at, ...given } = event.metadata ?? {};
      const metadata = { ...given, schemaVersion: event.metadata?.schemaVersion ?? 1, recordedAt, prevHash };
      const hash = computeEventHash({ stream, revision, id, type: event.type, data: event.data, metadata });
      try {
        const result = s.insert.run(
          stream,
          revision,
          id,
          event.type,
          // The hash covers the canonical form, which is also that of the data read back from this JSON.
          JSON.stringify(event.data),
          JSON.stringify(metadata),
          hash,
        );
        position = Number(result.lastInsertRowid);
        if (written) {
          const asRead = asReadJson(metadata) as RecordedEvent['metadata'];
          asRead.hash = hash;
          written.push({
            id,
            stream,
            revision,
            position,
            type: event.type,
            // Data the appender made as read (asReadShared) is that copy already.
            data: isAsReadShared(event.data) ? event.data : asReadJson(event.data),
            metadata: asRead,
          });
        }
      } catch (error) {
        if (isUniqueViolation(error, 'events.id')) throw new DuplicateEventId(stream, id);
        throw error;
      }
      prevHash = hash;
    }
    return { nextRevision: revision, position };
  }

  /**
   * The first event id is already stored: an idempotent retry if the whole batch sits, in order, where this
   * expected revision put it; otherwise the ids are being reused at another place.
   */
  private replayed(
    pending: PendingAppend['parts'][number],
    existing: { stream: string; revision: number },
  ): AppendResult {
    const { stream, events, expected } = pending;
    const firstId = events[0].id!.toLowerCase();
    if (existing.stream !== stream) throw new DuplicateEventId(stream, firstId);
    const start = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : existing.revision;
    if (existing.revision !== start) throw new WrongExpectedRevision(stream, expected, this.currentRevision(stream));
    const stored = this.statements.idsFrom.all(stream, start, events.length) as unknown as {
      id: string;
      position: number;
    }[];
    events.forEach((event, i) => {
      if (stored[i]?.id !== event.id?.toLowerCase()) throw new DuplicateEventId(stream, firstId);
    });
    return { nextRevision: start + events.length - 1, position: stored[stored.length - 1].position };
  }

  /** A subscription's event, parsed once for every subscription of this store (a position is never rewritten). */
  private sharedParse(row: EventRow): RecordedEvent {
    let event = this.parsed.get(row.position);
    if (!event) {
      event = toRecordedEvent(row);
      this.keepParsed(event);
    }
    return event;
  }

  /**
   * A page every event of which is kept decoded (this process's own appends, or read by another subscription): its
   * positions read from the index, the events from memory. Null when one is not kept: the page is read whole.
   */
  private keptPage(condition: SqlCondition, after: number, limit: number): RecordedEvent[] | null {
    if (this.parsed.size === 0) return null;
    const rows = this.statements.positionsFrom(condition.sql).all(after, ...condition.params, limit) as unknown as {
      position: number;
    }[];
    const events: RecordedEvent[] = [];
    for (const { position } of rows) {
      const event = this.parsed.get(position);
      if (!event) return null;
      events.push(event);
    }
    return events;
  }

  private keepParsed(event: RecordedEvent): void {
    this.parsed.set(event.position, event);
    if (this.parsed.size > SHARED_PARSED_EVENTS) {
      let oldest = this.parsedKeys.next();
      // An iterator that has ended stays ended (it was asked on an empty map): a new one.
      if (oldest.done) oldest = (this.parsedKeys = this.parsed.keys()).next();
      this.parsed.delete(oldest.value as number);
    }
  }

  private currentRevision(stream: string): number | null {
    const head = this.statements.headRevision.get(stream) as { revision: number } | undefined;
    return head?.revision ?? null;
  }

  private currentHead(): number | null {
    const row = this.statements.headPosition.get() as { position: number | null } | undefined;
    return row?.position ?? null;
  }
}

function matches(expected: ExpectedRevision, actual: number | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'stream_exists':
      return actual !== null;
    default:
      return actual === expected;
  }
}

/** node:sqlite errors come from Node's own realm (not `instanceof Error` under jest): read their fields. */
function isUniqueViolation(error: unknown, column: string): boolean {
  const { errcode, message } = (error ?? {}) as { errcode?: unknown; message?: unknown };
  return errcode === SQLITE_CONSTRAINT_UNIQUE && typeof message === 'string' && message.endsWith(column);
}
