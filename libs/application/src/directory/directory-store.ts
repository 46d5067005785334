/** What the directory knows of one UC: enough for UcFacts and for the schedulers. */
export interface DirectoryUc {
  ucId: string;
  stream: string;
  distribuidora: string;
  titularKey: string;
  status: 'active' | 'closed';
  billedAsGroupB: boolean;
  registeredAt: string;
  /** The last few readings, for "the latest reading dated on or before the date of the decision" (P6a, R20). */
  readings: { readingDate: string; kwh: string }[];
}

/** An open 30-day window of a titular stream (R20). */
export interface PendingWindow {
  stream: string;
  distribuidora: string;
  titularKey: string;
  fromUcId: string;
  deadline: string;
  status: 'open' | 'held';
}

/**
 * Where the directory keeps its state: the UCs (with their titular index), the R20 windows, the expiry dates the
 * sweeps look for, the revision applied per stream and the directory consumer's checkpoint. Writes made inside
 * `transaction` commit together (the events of a batch and the checkpoint they move to).
 * Orders: UCs of a titular in the order they joined it; windows, UCs and titular streams in the order first seen.
 */
export interface DirectoryStore {
  /** Runs `fn` atomically; a nested call joins the outer transaction. */
  transaction<T>(fn: () => T): T;
  /** The position of the last event the directory consumer applied (null: nothing yet). */
  checkpoint(): number | null;
  setCheckpoint(position: number): void;
  appliedRevision(stream: string): number | null;
  setAppliedRevision(stream: string, revision: number): void;

  getUc(ucId: string): DirectoryUc | undefined;
  /** Adds (or replaces) a UC. */
  putUc(uc: DirectoryUc): void;
  setReadings(ucId: string, readings: DirectoryUc['readings']): void;
  setStatus(ucId: string, status: DirectoryUc['status']): void;
  /** Moves a UC to another titular key (last in that titular's order). */
  setTitular(ucId: string, titularKey: string): void;
  ucIdsOfTitular(distribuidora: string, titularKey: string): string[];

  addUcExpiry(ucId: string, expiresOn: string): void;
  clearUcExpiries(ucId: string): void;
  /** UCs with an expiry on or before `date` (registration order); forgets those dates. */
  takeUcExpiries(date: string): string[];

  /** Adds or replaces the window of (stream, fromUcId); a replaced window keeps its place. */
  putWindow(w: PendingWindow): void;
  deleteWindow(stream: string, fromUcId: string): void;
  setWindowStatus(stream: string, fromUcId: string, status: PendingWindow['status']): void;
  /** Open windows whose deadline is before `date`. */
  openWindowsBefore(date: string): PendingWindow[];
  heldWindowsOf(distribuidora: string, titularKey: string): PendingWindow[];

  /** Notes a titular stream holding credits and the expiry dates of those credits. */
  addHeldExpiries(stream: string, expiries: string[]): void;
  /** Titular streams with a held expiry on or before `date`; forgets those dates. */
  takeHeldExpiries(date: string): string[];
  /** Every titular stream that ever held credits. */
  titularStreams(): string[];
}

/** A `DirectoryStore` in memory: rebuilt from the log at each start (tests, the audit replay). */
export class MemoryDirectoryStore implements DirectoryStore {
  private readonly ucs = new Map<string, DirectoryUc>();
  private readonly byTitular = new Map<string, Set<string>>();
  private readonly ucExpiries = new Map<string, Set<string>>();
  private readonly windows = new Map<string, PendingWindow>();
  private readonly heldExpiries = new Map<string, Set<string>>();
  private readonly applied = new Map<string, number>();
  private position: number | null = null;

  transaction<T>(fn: () => T): T {
    return fn();
  }

  checkpoint(): number | null {
    return this.position;
  }

  setCheckpoint(position: number): void {
    this.position = position;
  }

  appliedRevision(stream: string): number | null {
    return this.applied.get(stream) ?? null;
  }

  setAppliedRevision(stream: string, revision: number): void {
    this.applied.set(stream, revision);
  }

  getUc(ucId: string): DirectoryUc | undefined {
    const uc = this.ucs.get(ucId);
    return uc && { ...uc, readings: [...uc.readings] };
  }

  putUc(uc: DirectoryUc): void {
    const old = this.ucs.get(uc.ucId);
    if (old) this.byTitular.get(`${old.distribuidora}|${old.titularKey}`)?.delete(uc.ucId);
    this.ucs.set(uc.ucId, { ...uc, readings: [...uc.readings] });
    this.index(uc.distribuidora, uc.titularKey, uc.ucId);
  }

  setReadings(ucId: string, readings: DirectoryUc['readings']): void {
    const uc = this.ucs.get(ucId);
    if (uc) uc.readings = [...readings];
  }

  setStatus(ucId: string, status: DirectoryUc['status']): void {
    const uc = this.ucs.get(ucId);
    if (uc) uc.status = status;
  }

  setTitular(ucId: string, titularKey: string): void {
    const uc = this.ucs.get(ucId);
    if (!uc) return;
    this.byTitular.get(`${uc.distribuidora}|${uc.titularKey}`)?.delete(ucId);
    uc.titularKey = titularKey;
    this.index(uc.distribuidora, titularKey, ucId);
  }

  private index(distribuidora: string, key: string, ucId: string): void {
    const k = `${distribuidora}|${key}`;
    const set = this.byTitular.get(k) ?? new Set<string>();
    set.add(ucId);
    this.byTitular.set(k, set);
  }

  ucIdsOfTitular(distribuidora: string, titularKey: string): string[] {
    return [...(this.byTitular.get(`${distribuidora}|${titularKey}`) ?? [])];
  }

  addUcExpiry(ucId: string, expiresOn: string): void {
    const set = this.ucExpiries.get(ucId) ?? new Set<string>();
    set.add(expiresOn);
    this.ucExpiries.set(ucId, set);
  }

  clearUcExpiries(ucId: string): void {
    this.ucExpiries.delete(ucId);
  }

  takeUcExpiries(date: string): string[] {
    const out: string[] = [];
    for (const ucId of this.ucs.keys()) {
      const set = this.ucExpiries.get(ucId);
      const due = set ? [...set].filter((x) => x <= date) : [];
      if (due.length) {
        out.push(ucId);
        for (const x of due) set!.delete(x);
      }
    }
    return out;
  }

  putWindow(w: PendingWindow): void {
    this.windows.set(`${w.stream}|${w.fromUcId}`, { ...w });
  }

  deleteWindow(stream: string, fromUcId: string): void {
    this.windows.delete(`${stream}|${fromUcId}`);
  }

  setWindowStatus(stream: string, fromUcId: string, status: PendingWindow['status']): void {
    const w = this.windows.get(`${stream}|${fromUcId}`);
    if (w) w.status = status;
  }

  openWindowsBefore(date: string): PendingWindow[] {
    return [...this.windows.values()].filter((w) => w.status === 'open' && w.deadline < date).map((w) => ({ ...w }));
  }

  heldWindowsOf(distribuidora: string, titularKey: string): PendingWindow[] {
    return [...this.windows.values()]
      .filter((w) => w.status === 'held' && w.distribuidora === distribuidora && w.titularKey === titularKey)
      .map((w) => ({ ...w }));
  }

  addHeldExpiries(stream: string, expiries: string[]): void {
    const set = this.heldExpiries.get(stream) ?? new Set<string>();
    for (const x of expiries) set.add(x);
    this.heldExpiries.set(stream, set);
  }

  takeHeldExpiries(date: string): string[] {
    const out: string[] = [];
    for (const [stream, set] of this.heldExpiries) {
      const due = [...set].filter((x) => x <= date);
      if (due.length) {
        out.push(stream);
        for (const x of due) set.delete(x);
      }
    }
    return out;
  }

  titularStreams(): string[] {
    return [...this.heldExpiries.keys()];
  }
}
