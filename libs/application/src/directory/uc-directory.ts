import { addMonths, Kwh, type BusinessDate, type UcFacts } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import { MemoryDirectoryStore, type DirectoryStore, type DirectoryUc, type PendingWindow } from './directory-store';

const READINGS_KEPT = 4;
/** UCs whose entry (and streams whose applied revision) stay in memory between lookups. */
const CACHED = 100_000;
/** The events that change what the directory knows; the others are passed over without touching the store. */
const CHANGING = new Set([
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
]);

/** A bounded map that forgets its least recently used entries. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    if (this.map.size >= this.size) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, v);
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
 * the sweeps look for. Kept in a `DirectoryStore` (SQLite in the API and the simulation, so a restart resumes from
 * the directory's checkpoint instead of the start of the log), fed by the directory consumer and applied at once
 * after this process's own appends; each stream's events are applied once, in revision order (the revision applied
 * per stream is stored with the rest).
 */
export class UcDirectory {
  private readonly cache = new Lru<DirectoryUc>(CACHED);
  private readonly revisions = new Lru<number>(CACHED);

  constructor(readonly store: DirectoryStore = new MemoryDirectoryStore()) {}

  /** Applies an event if it is the next one of its stream (idempotent). */
  apply(e: RecordedEvent): void {
    this.applyAll([e]);
  }

  /**
   * Applies one command's events (each if it is the next of its stream: idempotent) in one transaction; events that
   * change nothing here (most of a reading's) open none.
   */
  applyAll(events: readonly RecordedEvent[]): void {
    const changing = events.filter((e) => this.changes(e));
    if (changing.length === 0) return;
    this.atomically(() => {
      for (const e of changing) this.applyOne(e);
    });
  }

  /**
   * Applies a batch of events and moves the directory's checkpoint to `position`, in one transaction. With `lazy`,
   * a batch that changes nothing (events of other kinds, or already applied after this process's own appends)
   * writes nothing, not even the checkpoint (a redelivery of such events is a no-op): returns whether it wrote.
   */
  applyBatch(events: readonly RecordedEvent[], position: number, lazy = false): boolean {
    if (lazy && !events.some((e) => this.changes(e))) return false;
    this.atomically(() => {
      for (const e of events) this.applyOne(e);
      this.store.setCheckpoint(position);
    });
    return true;
  }

  /** Whether applying `e` would change the directory (a kind it follows, not yet applied). */
  private changes(e: RecordedEvent): boolean {
    return CHANGING.has(e.type) && e.revision > this.appliedRevision(e.stream);
  }

  private appliedRevision(stream: string): number {
    let revision = this.revisions.get(stream);
    if (revision === undefined) {
      revision = this.store.appliedRevision(stream) ?? -1;
      this.revisions.set(stream, revision);
    }
    return revision;
  }

  /** The position of the last event the directory consumer applied (null: start from the beginning of the log). */
  checkpoint(): number | null {
    return this.store.checkpoint();
  }

  private atomically<T>(fn: () => T): T {
    try {
      return this.store.transaction(fn);
    } catch (error) {
      // Entries read or written inside a rolled-back transaction may be stale.
      this.cache.clear();
      this.revisions.clear();
      throw error;
    }
  }

  private applyOne(e: RecordedEvent): void {
    // The revision guard is kept for the events that change something: a redelivered one is never applied twice.
    if (!this.changes(e)) return;
    this.store.setAppliedRevision(e.stream, e.revision);
    this.revisions.set(e.stream, e.revision);
    const d = e.data as Record<string, unknown> & { ucId?: string };
    const ucId = typeof d.ucId === 'string' ? d.ucId : undefined;
    const uc = ucId ? this.entry(ucId) : undefined;
    switch (e.type) {
      case 'UcRegistered': {
        const data = e.data as {
          ucId: string;
          distribuidora: string;
          titular: { key: string };
          billedAsGroupB: boolean;
          registeredAt: string;
        };
        this.cache.delete(data.ucId);
        this.store.putUc({
          ucId: data.ucId,
          stream: e.stream,
          distribuidora: data.distribuidora,
          titularKey: data.titular.key,
          status: 'active',
          billedAsGroupB: data.billedAsGroupB,
          registeredAt: data.registeredAt,
          readings: [],
        });
        this.store.clearUcExpiries(data.ucId);
        break;
      }
      case 'ReadingRecorded': {
        if (!uc) break;
        const data = e.data as { readingDate: string; postos: Record<string, { consumed: string }> };
        const kwh = Kwh.sum(Object.values(data.postos).map((p) => Kwh.parse(p.consumed))).toString();
        const readings = [...uc.readings, { readingDate: data.readingDate, kwh }].slice(-READINGS_KEPT);
        this.store.setReadings(uc.ucId, readings);
        this.cache.set(uc.ucId, { ...uc, readings });
        break;
      }
      case 'ReadingCorrected': {
        if (!uc) break;
        // P6a, R20: later decisions compare the corrected consumption; R9: the sweeps look for the new expiries.
        const data = e.data as {
          readingDate: string;
          corrected: Record<string, { consumed: string }>;
          credits: { expiresOn: string }[];
        };
        const kwh = Kwh.sum(Object.values(data.corrected).map((p) => Kwh.parse(p.consumed))).toString();
        const readings = uc.readings.map((r) => (r.readingDate === data.readingDate ? { ...r, kwh } : r));
        this.store.setReadings(uc.ucId, readings);
        this.cache.set(uc.ucId, { ...uc, readings });
        for (const l of data.credits) this.store.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      }
      case 'AllocationRedecided':
      case 'ExcedenteReceiptCorrected': {
        // R9: a correction changed this UC's credits; the sweeps look for their expiries.
        if (!uc) break;
        for (const l of (e.data as { credits: { expiresOn: string }[] }).credits)
          this.store.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      }
      case 'TitularidadeTransferred': {
        if (!uc) break;
        this.cache.delete(uc.ucId);
        this.store.setTitular(uc.ucId, (e.data as { newTitular: { key: string } }).newTitular.key);
        this.store.clearUcExpiries(uc.ucId);
        break;
      }
      case 'ContractClosed':
        if (uc) {
          this.cache.delete(uc.ucId);
          this.store.setStatus(uc.ucId, 'closed');
          this.store.clearUcExpiries(uc.ucId);
        }
        break;
      case 'CycleCompensated':
        if (uc)
          for (const l of (e.data as { receivedToCredit: { expiresOn: string }[] }).receivedToCredit)
            this.store.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      case 'ExcedenteAllocated': {
        const data = e.data as { retained: unknown[]; readingDate: string; surplusBase: string };
        // R9: retained excedente becomes credit with vintage = the reading; its expiry is 60 months later.
        if (uc && data.retained.length && data.surplusBase === 'net')
          this.store.addUcExpiry(uc.ucId, addMonths(data.readingDate as BusinessDate, 60));
        break;
      }
      case 'HeldCreditsReceived':
        if (uc)
          for (const l of (e.data as { lots: { expiresOn: string }[] }).lots)
            this.store.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      case 'CreditsHeldForTitular': {
        const data = e.data as {
          distribuidora: string;
          titular: { key: string };
          fromUcId: string;
          deadline: string;
          lots: { expiresOn: string }[];
        };
        this.store.putWindow({
          stream: e.stream,
          distribuidora: data.distribuidora,
          titularKey: data.titular.key,
          fromUcId: data.fromUcId,
          deadline: data.deadline,
          status: 'open',
        });
        this.store.addHeldExpiries(
          e.stream,
          data.lots.map((l) => l.expiresOn),
        );
        break;
      }
      case 'OpeningBalanceImported':
        // R9: the opened credits expire 60 months after their vintage, as the platform's own.
        if (uc)
          for (const l of (e.data as { credits: { expiresOn: string }[] }).credits)
            this.store.addUcExpiry(uc.ucId, l.expiresOn);
        break;
      case 'OpeningHeldCreditsImported': {
        // R20: the window in the state the legacy system left it (open: the default is due after the deadline).
        const data = e.data as {
          distribuidora: string;
          titular: { key: string };
          fromUcId: string;
          deadline: string;
          status: 'open' | 'held';
          lots: { expiresOn: string }[];
        };
        this.store.putWindow({
          stream: e.stream,
          distribuidora: data.distribuidora,
          titularKey: data.titular.key,
          fromUcId: data.fromUcId,
          deadline: data.deadline,
          status: data.status,
        });
        this.store.addHeldExpiries(
          e.stream,
          data.lots.map((l) => l.expiresOn),
        );
        break;
      }
      case 'HeldCreditsReallocated': {
        const data = e.data as { fromUcId?: string };
        if (data.fromUcId) this.store.deleteWindow(e.stream, data.fromUcId);
        break;
      }
      case 'HeldCreditsKept':
        this.store.setWindowStatus(e.stream, (e.data as { fromUcId: string }).fromUcId, 'held');
        break;
    }
  }

  /** A UC's entry, from the cache of hot entries or the store (entries are never mutated: replaced). */
  private entry(ucId: string): DirectoryUc | undefined {
    const hit = this.cache.get(ucId);
    if (hit) return hit;
    const uc = this.store.getUc(ucId);
    if (uc) this.cache.set(ucId, uc);
    return uc;
  }

  streamOf(ucId: string): string | null {
    return this.entry(ucId)?.stream ?? null;
  }

  has(ucId: string): boolean {
    return this.entry(ucId) !== undefined;
  }

  /** The facts of a UC as of a date (its latest reading dated on or before it). */
  factsOf(ucId: string, asOf: string): UcFacts | undefined {
    const uc = this.entry(ucId);
    if (!uc) return undefined;
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

  /** Facts of several UCs, keyed by id; unknown UCs are left out (the decision sees them as unregistered). */
  factsMap(ucIds: Iterable<string>, asOf: string): Record<string, UcFacts> {
    const out: Record<string, UcFacts> = {};
    for (const id of ucIds) {
      const f = this.factsOf(id, asOf);
      if (f) out[id] = f;
    }
    return out;
  }

  /** The UCs of a titular key in a distribuidora (R20 candidates). */
  ucsOfTitular(distribuidora: string, key: string, asOf: string): UcFacts[] {
    return this.store
      .ucIdsOfTitular(distribuidora, key)
      .map((id) => this.factsOf(id, asOf)!)
      .filter(Boolean);
  }

  /** R20: windows whose default is due by `date` (the first day after the deadline, i.e. deadline < date). */
  dueWindows(date: string): PendingWindow[] {
    return this.store.openWindowsBefore(date);
  }

  /** Titular streams still holding credits for a titular key after a default found no UC (R20 pick-up). */
  heldWindowsOf(distribuidora: string, key: string): PendingWindow[] {
    return this.store.heldWindowsOf(distribuidora, key);
  }

  /** R9 sweep: UCs with a credit expiring on or before `date`. Forgets those dates. */
  takeUcExpiries(date: string): string[] {
    return this.atomically(() => this.store.takeUcExpiries(date));
  }

  /** R9 sweep: titular streams with held credits expiring on or before `date`. Forgets those dates. */
  takeHeldExpiries(date: string): string[] {
    return this.atomically(() => this.store.takeHeldExpiries(date));
  }

  /** Every titular stream known (the simulation's output lists them). */
  titularStreams(): string[] {
    return this.store.titularStreams();
  }
}
