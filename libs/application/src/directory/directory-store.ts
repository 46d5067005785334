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
 * sweeps look for, the revision applied per stream and the directory consumer's checkpoint. Writes made through the
 * store `transaction` hands to `fn` commit together (the events of a batch and the checkpoint they move to).
 * Orders: UCs of a titular in the order they joined it; windows, UCs and titular streams in the order first seen.
 * Asynchronous, as the shared directory is in PostgreSQL (PLATFORM_DB_URL).
 */
export interface DirectoryStore {
  /** Runs `fn` atomically on the store it is given; a nested call joins the outer transaction. */
  transaction<T>(fn: (store: DirectoryStore) => Promise<T>): Promise<T>;
  /** The position of the last event the directory consumer applied (null: nothing yet). */
  checkpoint(): Promise<number | null>;
  setCheckpoint(position: number): Promise<void>;
  appliedRevision(stream: string): Promise<number | null>;
  /** The revisions applied of these streams, in one read; streams with none applied are absent. */
  appliedRevisions(streams: readonly string[]): Promise<Map<string, number>>;
  setAppliedRevision(stream: string, revision: number): Promise<void>;
  /** `setAppliedRevision` of each entry, in one write. */
  setAppliedRevisions(revisions: ReadonlyMap<string, number>): Promise<void>;

  getUc(ucId: string): Promise<DirectoryUc | undefined>;
  /** The UCs of these ids that are there, in one read, in no promised order. */
  getUcs(ucIds: readonly string[]): Promise<DirectoryUc[]>;
  /** Adds (or replaces) a UC. */
  putUc(uc: DirectoryUc): Promise<void>;
  setReadings(ucId: string, readings: DirectoryUc['readings']): Promise<void>;
  setStatus(ucId: string, status: DirectoryUc['status']): Promise<void>;
  /** Moves a UC to another titular key (last in that titular's order). */
  setTitular(ucId: string, titularKey: string): Promise<void>;
  ucIdsOfTitular(distribuidora: string, titularKey: string): Promise<string[]>;

  addUcExpiry(ucId: string, expiresOn: string): Promise<void>;
  clearUcExpiries(ucId: string): Promise<void>;
  /** UCs with an expiry on or before `date` (registration order); forgets those dates. */
  takeUcExpiries(date: string): Promise<string[]>;

  /** Adds or replaces the window of (stream, fromUcId); a replaced window keeps its place. */
  putWindow(w: PendingWindow): Promise<void>;
  deleteWindow(stream: string, fromUcId: string): Promise<void>;
  setWindowStatus(stream: string, fromUcId: string, status: PendingWindow['status']): Promise<void>;
  /** Open windows whose deadline is before `date`. */
  openWindowsBefore(date: string): Promise<PendingWindow[]>;
  heldWindowsOf(distribuidora: string, titularKey: string): Promise<PendingWindow[]>;

  /** Notes a titular stream holding credits and the expiry dates of those credits. */
  addHeldExpiries(stream: string, expiries: string[]): Promise<void>;
  /** Titular streams with a held expiry on or before `date`; forgets those dates. */
  takeHeldExpiries(date: string): Promise<string[]>;
  /** Every titular stream that ever held credits. */
  titularStreams(): Promise<string[]>;
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

  transaction<T>(fn: (store: DirectoryStore) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async checkpoint(): Promise<number | null> {
    return this.position;
  }

  async setCheckpoint(position: number): Promise<void> {
    this.position = position;
  }

  async appliedRevision(stream: string): Promise<number | null> {
    return this.applied.get(stream) ?? null;
  }

  async appliedRevisions(streams: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const stream of streams) {
      const revision = this.applied.get(stream);
      if (revision !== undefined) out.set(stream, revision);
    }
    return out;
  }

  async setAppliedRevision(stream: string, revision: number): Promise<void> {
    this.applied.set(stream, revision);
  }

  async setAppliedRevisions(revisions: ReadonlyMap<string, number>): Promise<void> {
    for (const [stream, revision] of revisions) this.applied.set(stream, revision);
  }

  async getUc(ucId: string): Promise<DirectoryUc | undefined> {
    const uc = this.ucs.get(ucId);
    return uc && { ...uc, readings: [...uc.readings] };
  }

  async getUcs(ucIds: readonly string[]): Promise<DirectoryUc[]> {
    const found: DirectoryUc[] = [];
    for (const id of ucIds) {
      const uc = await this.getUc(id);
      if (uc) found.push(uc);
    }
    return found;
  }

  async putUc(uc: DirectoryUc): Promise<void> {
    const old = this.ucs.get(uc.ucId);
    if (old) this.byTitular.get(`${old.distribuidora}|${old.titularKey}`)?.delete(uc.ucId);
    this.ucs.set(uc.ucId, { ...uc, readings: [...uc.readings] });
    this.index(uc.distribuidora, uc.titularKey, uc.ucId);
  }

  async setReadings(ucId: string, readings: DirectoryUc['readings']): Promise<void> {
    const uc = this.ucs.get(ucId);
    if (uc) uc.readings = [...readings];
  }

  async setStatus(ucId: string, status: DirectoryUc['status']): Promise<void> {
    const uc = this.ucs.get(ucId);
    if (uc) uc.status = status;
  }

  async setTitular(ucId: string, titularKey: string): Promise<void> {
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

  async ucIdsOfTitular(distribuidora: string, titularKey: string): Promise<string[]> {
    return [...(this.byTitular.get(`${distribuidora}|${titularKey}`) ?? [])];
  }

  async addUcExpiry(ucId: string, expiresOn: string): Promise<void> {
    const set = this.ucExpiries.get(ucId) ?? new Set<string>();
    set.add(expiresOn);
    this.ucExpiries.set(ucId, set);
  }

  async clearUcExpiries(ucId: string): Promise<void> {
    this.ucExpiries.delete(ucId);
  }

  async takeUcExpiries(date: string): Promise<string[]> {
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

  async putWindow(w: PendingWindow): Promise<void> {
    this.windows.set(`${w.stream}|${w.fromUcId}`, { ...w });
  }

  async deleteWindow(stream: string, fromUcId: string): Promise<void> {
    this.windows.delete(`${stream}|${fromUcId}`);
  }

  async setWindowStatus(stream: string, fromUcId: string, status: PendingWindow['status']): Promise<void> {
    const w = this.windows.get(`${stream}|${fromUcId}`);
    if (w) w.status = status;
  }

  async openWindowsBefore(date: string): Promise<PendingWindow[]> {
    return [...this.windows.values()].filter((w) => w.status === 'open' && w.deadline < date).map((w) => ({ ...w }));
  }

  async heldWindowsOf(distribuidora: string, titularKey: string): Promise<PendingWindow[]> {
    return [...this.windows.values()]
      .filter((w) => w.status === 'held' && w.distribuidora === distribuidora && w.titularKey === titularKey)
      .map((w) => ({ ...w }));
  }

  async addHeldExpiries(stream: string, expiries: string[]): Promise<void> {
    const set = this.heldExpiries.get(stream) ?? new Set<string>();
    for (const x of expiries) set.add(x);
    this.heldExpiries.set(stream, set);
  }

  async takeHeldExpiries(date: string): Promise<string[]> {
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

  async titularStreams(): Promise<string[]> {
    return [...this.heldExpiries.keys()];
  }
}
