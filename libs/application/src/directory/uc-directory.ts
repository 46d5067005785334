import { addMonths, Kwh, type BusinessDate, type TitularEvent, type UcEvent, type UcFacts } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import { OldestKey } from '../oldest-key';
import { toDomainEvent } from '../stream-events';
import { OwnPositions } from './own-positions';
import { MemoryDirectoryStore, type DirectoryStore, type DirectoryUc, type PendingWindow } from './directory-store';

/** The events the directory reads: the UC and titular streams'. */
type DirectoryEvent = UcEvent | TitularEvent;

const READINGS_KEPT = 4;
/**
 * UCs whose entry (and streams whose applied revision) stay in memory between lookups, unless the process sets its own
 * (COMPENSA_DIRECTORY_CACHE_UCS): an entry is about a kilobyte, so 100,000 hold about 100 MB once every UC was read.
 */
export const DEFAULT_DIRECTORY_CACHE_UCS = 100_000;
/** The events that change what the directory knows; the others are passed over without touching the store. */
const CHANGING: ReadonlySet<string> = new Set<DirectoryEvent['type']>([
  'UcRegistered',
  'ReadingRecorded',
  'TitularidadeTransferred',
  'ContractClosed',
  'CycleCompensated',
  'ExcedenteAllocated',
  'HeldCreditsReceived',
  'CreditsHeldForTitular',
  'HeldCreditsReallocated',
  'HeldCreditsKept',
  'OpeningBalanceImported',
  'OpeningHeldCreditsImported',
  'ReadingCorrected',
  'ExcedenteReceiptCorrected',
  'AllocationRedecided',
  'HeldCreditsReceiptCorrected',
]);

/** How a read-only directory (an `api` instance) waits for the worker that writes the shared store. */
export interface DirectoryWriterWait {
  /** The log's head position now. */
  head(): Promise<number | null>;
  /** Longest wait for the writer to reach a position (then the directory answers as it stands). */
  waitMs: number;
}

const POLL_MS = 10;

/** A UC's facts as of a date: its latest reading dated on or before it. */
function factsFrom(uc: DirectoryUc, asOf: string): UcFacts {
  const latest = [...uc.readings].reverse().find((r) => r.readingDate <= asOf) ?? null;
  return {
    ucId: uc.ucId,
    distribuidora: uc.distribuidora,
    titularKey: uc.titularKey,
    status: uc.status,
    billedAsGroupB: uc.billedAsGroupB,
    registeredAt: uc.registeredAt,
    latestConsumption: latest && { ...latest },
  };
}

/** A bounded map that forgets its least recently used entries. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  private readonly oldest = new OldestKey(this.map);
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) this.oldest.putLast(key, v);
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    if (this.map.size >= this.size) this.map.delete(this.oldest.next()!);
    this.oldest.putLast(key, v);
  }
  /** Whether it is there (without marking it used). */
  has(key: string): boolean {
    return this.map.has(key);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
}

/**
 * Where each UC lives and the facts other decisions compare (UcFacts), the open R20 windows and the expiry dates
 * the sweeps look for. Kept in a `DirectoryStore` (SQLite in platform.db and in the simulation, PostgreSQL with
 * PLATFORM_DB_URL, so a restart resumes from the directory's checkpoint instead of the start of the log), fed by the
 * directory consumer and applied at once after this process's own appends; each stream's events are applied once, in
 * revision order (the revision applied per stream is stored with the rest). With a shared store, one worker (the
 * lease holder) writes it and `api` instances read it (`readOnly`).
 */
export class UcDirectory {
  private readonly cache: Lru<DirectoryUc>;
  private readonly revisions: Lru<number>;
  /** Writes run one at a time: each reads the revisions the one before it wrote. */
  private writing: Promise<unknown> = Promise.resolve();
  private readOnly: boolean;
  private readonly writer: DirectoryWriterWait | null;
  /** Read-only: the position of this process's last append, and how far the writer is known to have got. */
  private ownPosition = -1;
  private reachedPosition = -1;
  /** Read-only: the position of this process's last append to each stream it wrote lately. */
  private readonly own: OwnPositions;
  /** Read-only: the checkpoint read in flight, which every waiter shares (the checkpoint only moves forwards). */
  private polling: Promise<number | null> | null = null;

  /**
   * `readOnly`: another process writes the store (an `api` instance reading the shared directory a worker keeps; a
   * worker or `all` process without the lease): nothing is cached (the writer's changes are seen at once) and `apply*`
   * write nothing (`setReadOnly` switches as the lease comes and goes). With `writer`, a read-only read of a UC first
   * waits (up to `waitMs`) for the writer to have applied this process's own appends to that UC's stream (a stream
   * name alone needs none: it never changes), a titular's UCs for all its appends, and a UC not found is looked up
   * again once the writer has reached the head of the log (registered through another instance a moment ago).
   */
  constructor(
    readonly store: DirectoryStore = new MemoryDirectoryStore(),
    options: { readOnly?: boolean; writer?: DirectoryWriterWait; cachedUcs?: number } = {},
  ) {
    const cached = options.cachedUcs ?? DEFAULT_DIRECTORY_CACHE_UCS;
    this.cache = new Lru<DirectoryUc>(cached);
    this.revisions = new Lru<number>(cached);
    this.own = new OwnPositions(cached);
    this.readOnly = options.readOnly ?? false;
    this.writer = options.writer ?? null;
  }

  /** Writes (the lease was gained: this process now feeds the shared directory) or only reads (it was lost). */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
    this.forget();
  }

  /** Applies an event if it is the next one of its stream (idempotent). */
  apply(e: RecordedEvent): Promise<void> {
    return this.applyAll([e]);
  }

  /**
   * Applies one command's events (each if it is the next of its stream: idempotent) in one transaction; events that
   * change nothing here (most of a reading's) open none.
   */
  applyAll(events: readonly RecordedEvent[]): Promise<void> {
    if (this.readOnly) {
      for (const e of events) {
        this.ownPosition = Math.max(this.ownPosition, e.position);
        this.own.note(e.stream, e.position);
      }
      return Promise.resolve();
    }
    return this.serially(async () => {
      await this.readRevisions(events, this.store);
      const changing: RecordedEvent[] = [];
      for (const e of events) if (await this.changes(e, this.store)) changing.push(e);
      if (changing.length === 0) return;
      await this.atomically(async (s) => {
        const applied = new Map<string, number>();
        for (const e of changing) await this.applyOne(e, s, applied);
        await s.setAppliedRevisions(applied);
      });
    });
  }

  /**
   * Applies a batch of events and moves the directory's checkpoint to `position`, in one transaction. With `lazy`,
   * a batch that changes nothing (events of other kinds, or already applied after this process's own appends)
   * writes nothing, not even the checkpoint (a redelivery of such events is a no-op): returns whether it wrote.
   */
  applyBatch(events: readonly RecordedEvent[], position: number, lazy = false): Promise<boolean> {
    if (this.readOnly) return Promise.resolve(false);
    return this.serially(async () => {
      await this.readRevisions(events, this.store);
      if (lazy) {
        let any = false;
        for (const e of events) if ((any = await this.changes(e, this.store))) break;
        if (!any) return false;
      }
      await this.atomically(async (s) => {
        const applied = new Map<string, number>();
        for (const e of events) await this.applyOne(e, s, applied);
        await s.setAppliedRevisions(applied);
        await s.setCheckpoint(position);
      });
      return true;
    });
  }

  /** Forgets what is cached (a worker that gains the lease again: another wrote the store meanwhile). */
  forget(): void {
    this.cache.clear();
    this.revisions.clear();
  }

  /** Whether applying `e` would change the directory (a kind it follows, not yet applied). */
  private async changes(e: RecordedEvent, s: DirectoryStore): Promise<boolean> {
    return CHANGING.has(e.type) && e.revision > (await this.appliedRevision(e.stream, s));
  }

  /**
   * The applied revisions `changes` will ask for, of the streams of `events` not cached, in one read: a bulk import's
   * wave applies the events of a thousand streams at once, which one by one were as many queries.
   */
  private async readRevisions(events: readonly RecordedEvent[], s: DirectoryStore): Promise<void> {
    const missing = new Set<string>();
    for (const e of events) if (CHANGING.has(e.type) && !this.revisions.has(e.stream)) missing.add(e.stream);
    if (missing.size < 2) return;
    const found = await s.appliedRevisions([...missing]);
    for (const stream of missing) this.revisions.set(stream, found.get(stream) ?? -1);
  }

  private async appliedRevision(stream: string, s: DirectoryStore): Promise<number> {
    let revision = this.revisions.get(stream);
    if (revision === undefined) {
      revision = (await s.appliedRevision(stream)) ?? -1;
      this.revisions.set(stream, revision);
    }
    return revision;
  }

  /** The position of the last event the directory consumer applied (null: start from the beginning of the log). */
  checkpoint(): Promise<number | null> {
    return this.store.checkpoint();
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writing.then(fn, fn);
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async atomically<T>(fn: (s: DirectoryStore) => Promise<T>): Promise<T> {
    try {
      return await this.store.transaction(fn);
    } catch (error) {
      // Entries read or written inside a rolled-back transaction may be stale.
      this.forget();
      throw error;
    }
  }

  /**
   * Applies `e` inside a transaction; the revision it applies is noted in `applied`, which the transaction writes in
   * one statement before it commits (a wave of an import applies two events of each of a thousand streams).
   */
  private async applyOne(e: RecordedEvent, s: DirectoryStore, applied: Map<string, number>): Promise<void> {
    // The revision guard is kept for the events that change something: a redelivered one is never applied twice.
    // Those applied in this transaction are not written yet: `applied` first.
    if (!CHANGING.has(e.type)) return;
    if (e.revision <= (applied.get(e.stream) ?? (await this.appliedRevision(e.stream, s)))) return;
    applied.set(e.stream, e.revision);
    this.revisions.set(e.stream, e.revision);
    // In its current shape and typed: each case below reads its own event's fields, as the compiler knows them.
    const ev = toDomainEvent<DirectoryEvent>(e);
    const ucId = 'ucId' in ev.data && typeof ev.data.ucId === 'string' ? ev.data.ucId : undefined;
    const uc = ucId ? await this.entry(ucId, s) : undefined;
    switch (ev.type) {
      case 'UcRegistered': {
        const data = ev.data;
        this.cache.delete(data.ucId);
        await s.putUc({
          ucId: data.ucId,
          stream: e.stream,
          distribuidora: data.distribuidora,
          titularKey: data.titular.key,
          status: 'active',
          billedAsGroupB: data.billedAsGroupB,
          registeredAt: data.registeredAt,
          readings: [],
        });
        await s.clearUcExpiries(data.ucId);
        break;
      }
      case 'ReadingRecorded': {
        if (!uc) break;
        const data = ev.data;
        const kwh = Kwh.sum(Object.values(data.postos).map((p) => Kwh.parse(p.consumed))).toString();
        const readings = [...uc.readings, { readingDate: data.readingDate, kwh }].slice(-READINGS_KEPT);
        await s.setReadings(uc.ucId, readings);
        this.cache.set(uc.ucId, { ...uc, readings });
        break;
      }
      case 'ReadingCorrected': {
        if (!uc) break;
        // P6a, R20: later decisions compare the corrected consumption; R9: the sweeps look for the new expiries.
        const data = ev.data;
        const kwh = Kwh.sum(Object.values(data.corrected).map((p) => Kwh.parse(p.consumed))).toString();
        const readings = uc.readings.map((r) => (r.readingDate === data.readingDate ? { ...r, kwh } : r));
        await s.setReadings(uc.ucId, readings);
        this.cache.set(uc.ucId, { ...uc, readings });
        for (const l of data.credits) await s.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      }
      case 'AllocationRedecided':
      case 'ExcedenteReceiptCorrected':
      case 'HeldCreditsReceiptCorrected':
        // R9: a correction changed this UC's credits; the sweeps look for their expiries.
        if (uc) for (const l of ev.data.credits) await s.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      case 'TitularidadeTransferred':
        if (!uc) break;
        this.cache.delete(uc.ucId);
        await s.setTitular(uc.ucId, ev.data.newTitular.key);
        await s.clearUcExpiries(uc.ucId);
        break;
      case 'ContractClosed':
        if (uc) {
          this.cache.delete(uc.ucId);
          await s.setStatus(uc.ucId, 'closed');
          await s.clearUcExpiries(uc.ucId);
        }
        break;
      case 'CycleCompensated':
        if (uc) for (const l of ev.data.receivedToCredit) await s.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      case 'ExcedenteAllocated': {
        const data = ev.data;
        // R9: retained excedente becomes credit with vintage = the reading; its expiry is 60 months later.
        if (uc && data.retained.length && data.surplusBase === 'net')
          await s.addUcExpiry(uc.ucId, addMonths(data.readingDate as BusinessDate, 60));
        break;
      }
      case 'HeldCreditsReceived':
        if (uc) for (const l of ev.data.lots) await s.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      case 'CreditsHeldForTitular': {
        const data = ev.data;
        await s.putWindow({
          stream: e.stream,
          distribuidora: data.distribuidora,
          titularKey: data.titular.key,
          fromUcId: data.fromUcId,
          deadline: data.deadline,
          status: 'open',
        });
        await s.addHeldExpiries(
          e.stream,
          data.lots.map((l) => l.expiresOn),
        );
        break;
      }
      case 'OpeningBalanceImported':
        // R9: the opened credits expire 60 months after their vintage, as the platform's own.
        if (uc) for (const l of ev.data.credits) await s.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      case 'OpeningHeldCreditsImported': {
        // R20: the window in the state the legacy system left it (open: the default is due after the deadline).
        const data = ev.data;
        await s.putWindow({
          stream: e.stream,
          distribuidora: data.distribuidora,
          titularKey: data.titular.key,
          fromUcId: data.fromUcId,
          deadline: data.deadline,
          status: data.status,
        });
        await s.addHeldExpiries(
          e.stream,
          data.lots.map((l) => l.expiresOn),
        );
        break;
      }
      case 'HeldCreditsReallocated':
        // Guarded as before typing: a window is only ever keyed by the UC it came from.
        if (ev.data.fromUcId) await s.deleteWindow(e.stream, ev.data.fromUcId);
        break;
      case 'HeldCreditsKept':
        await s.setWindowStatus(e.stream, ev.data.fromUcId, 'held');
        break;
    }
  }

  /** A UC's entry, from the cache of hot entries or the store (entries are never mutated: replaced). */
  private async entry(ucId: string, s: DirectoryStore = this.store): Promise<DirectoryUc | undefined> {
    if (this.readOnly) {
      const uc = await s.getUc(ucId);
      // Found: read your writes asks only that this process's own appends to its stream be applied.
      if (uc) return (await this.waitForOwn([uc.stream])) ? s.getUc(ucId) : uc;
      if (!this.writer) return uc;
      // Not found: registered a moment ago (here or elsewhere)? Again once the writer has reached the head.
      const head = await this.writer.head();
      return head !== null && (await this.writerReached(head)) ? s.getUc(ucId) : undefined;
    }
    const hit = this.cache.get(ucId);
    if (hit) return hit;
    const uc = await s.getUc(ucId);
    if (uc) this.cache.set(ucId, uc);
    return uc;
  }

  /**
   * A UC's entry for `streamOf`: its stream never changes once registered, so an entry found needs no wait for the
   * writer (read your writes is for a UC not found yet: `entry`'s wait and second look).
   */
  private async registered(ucId: string): Promise<DirectoryUc | undefined> {
    if (this.readOnly) {
      const uc = await this.store.getUc(ucId);
      if (uc) return uc;
    }
    return this.entry(ucId);
  }

  /**
   * Read-only: waits for the writer to have applied this process's own appends to these streams (read your writes);
   * whether it waited (what was read before is then read again).
   */
  private async waitForOwn(streams: readonly string[]): Promise<boolean> {
    if (!this.readOnly || !this.writer) return false;
    const needed = Math.max(-1, ...streams.map((s) => this.own.of(s)));
    if (needed <= this.reachedPosition) return false;
    await this.writerReached(needed);
    return true;
  }

  /** Read-only: waits for the writer to have applied this process's own appends (read your writes). */
  private async fresh(): Promise<void> {
    if (this.readOnly && this.writer && this.ownPosition > this.reachedPosition)
      await this.writerReached(this.ownPosition);
  }

  /** Whether the directory's writer reached `position` within the wait (polling the stored checkpoint). */
  async writerReached(position: number): Promise<boolean> {
    if (position <= this.reachedPosition) return true;
    const deadline = Date.now() + (this.writer?.waitMs ?? 0);
    for (;;) {
      // Shared: a checkpoint read by another waiter (even one asked before this wait began) at or past `position`
      // shows the writer got there, as the checkpoint never moves back.
      this.polling ??= this.store.checkpoint().finally(() => (this.polling = null));
      const checkpoint = (await this.polling) ?? -1;
      this.reachedPosition = Math.max(this.reachedPosition, checkpoint);
      if (checkpoint >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async streamOf(ucId: string): Promise<string | null> {
    return (await this.registered(ucId))?.stream ?? null;
  }

  /**
   * `streamOf` of many UCs (a bulk import's chunk): those not cached in one read. UCs the directory does not know
   * are absent.
   */
  async streamsOf(ucIds: Iterable<string>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(ucIds)) {
      const hit = this.readOnly ? undefined : this.cache.get(id);
      if (hit) out.set(id, hit.stream);
      else missing.push(id);
    }
    if (missing.length > 1) {
      for (const uc of await this.store.getUcs(missing)) {
        out.set(uc.ucId, uc.stream);
        if (!this.readOnly) this.cache.set(uc.ucId, uc);
      }
    }
    // One, or not found: looked up as `streamOf` does (read-only: again once the writer has reached the head).
    for (const id of missing) {
      if (out.has(id)) continue;
      const stream = await this.streamOf(id);
      if (stream !== null) out.set(id, stream);
    }
    return out;
  }

  async has(ucId: string): Promise<boolean> {
    return (await this.registered(ucId)) !== undefined;
  }

  /** The facts of a UC as of a date (its latest reading dated on or before it). */
  async factsOf(ucId: string, asOf: string): Promise<UcFacts | undefined> {
    const uc = await this.entry(ucId);
    return uc && factsFrom(uc, asOf);
  }

  /** Facts of several UCs, keyed by id; unknown UCs are left out (the decision sees them as unregistered). */
  async factsMap(ucIds: Iterable<string>, asOf: string): Promise<Record<string, UcFacts>> {
    const ids = [...ucIds];
    const found = await this.entries(ids);
    const out: Record<string, UcFacts> = {};
    for (const id of ids) {
      const uc = found.get(id);
      if (uc) out[id] = factsFrom(uc, asOf);
    }
    return out;
  }

  /** Several UCs' entries as `entry` gives each, those the store has in one read (a generator's rateio). */
  private async entries(ids: readonly string[]): Promise<Map<string, DirectoryUc>> {
    const out = new Map<string, DirectoryUc>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.readOnly ? undefined : this.cache.get(id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length > 1) {
      let found = await this.store.getUcs(missing);
      if (await this.waitForOwn(found.map((uc) => uc.stream))) found = await this.store.getUcs(missing);
      for (const uc of found) {
        out.set(uc.ucId, uc);
        if (!this.readOnly) this.cache.set(uc.ucId, uc);
      }
    }
    // One, or not found: looked up as `entry` does (read-only: again once the writer has reached the head).
    for (const id of missing) {
      if (out.has(id)) continue;
      const uc = await this.entry(id);
      if (uc) out.set(id, uc);
    }
    return out;
  }

  /** The UCs of a titular key in a distribuidora (R20 candidates). */
  async ucsOfTitular(distribuidora: string, key: string, asOf: string): Promise<UcFacts[]> {
    await this.fresh();
    const out: UcFacts[] = [];
    for (const id of await this.store.ucIdsOfTitular(distribuidora, key)) {
      const f = await this.factsOf(id, asOf);
      if (f) out.push(f);
    }
    return out;
  }

  /** The UC ids of a titular key in a distribuidora, in the order they joined it. */
  async ucIdsOfTitular(distribuidora: string, key: string): Promise<string[]> {
    await this.fresh();
    return this.store.ucIdsOfTitular(distribuidora, key);
  }

  /** R20: windows whose default is due by `date` (the first day after the deadline, i.e. deadline < date). */
  dueWindows(date: string): Promise<PendingWindow[]> {
    return this.store.openWindowsBefore(date);
  }

  /** Titular streams still holding credits for a titular key after a default found no UC (R20 pick-up). */
  heldWindowsOf(distribuidora: string, key: string): Promise<PendingWindow[]> {
    return this.store.heldWindowsOf(distribuidora, key);
  }

  /** R9 sweep: UCs with a credit expiring on or before `date`. Forgets those dates. */
  takeUcExpiries(date: string): Promise<string[]> {
    return this.serially(() => this.atomically((s) => s.takeUcExpiries(date)));
  }

  /** R9 sweep: titular streams with held credits expiring on or before `date`. Forgets those dates. */
  takeHeldExpiries(date: string): Promise<string[]> {
    return this.serially(() => this.atomically((s) => s.takeHeldExpiries(date)));
  }

  /** Every titular stream known (the simulation's output lists them). */
  titularStreams(): Promise<string[]> {
    return this.store.titularStreams();
  }
}
