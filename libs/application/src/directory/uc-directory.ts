import { addDays, addMonths, Kwh, type BusinessDate, type UcFacts } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';

/** What the directory knows of one UC: enough for UcFacts and for the schedulers. */
interface UcEntry {
  ucId: string;
  stream: string;
  distribuidora: string;
  titularKey: string;
  status: 'active' | 'closed';
  billedAsGroupB: boolean;
  registeredAt: string;
  /** The last few readings, for "the latest reading dated on or before the date of the decision" (P6a, R20). */
  readings: { readingDate: string; kwh: string }[];
  /** Expiry dates of credits created here (R9 sweep); stale dates are harmless (the sweep is a no-op). */
  expiries: Set<string>;
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

const READINGS_KEPT = 4;

/**
 * Where each UC lives and the facts other decisions compare (UcFacts), the open R20 windows and the expiry dates
 * the sweeps look for. Built from the event log (a catch-up subscription from the start) and applied at once after
 * this process's own appends; each stream's events are applied once, in revision order.
 */
export class UcDirectory {
  private readonly ucs = new Map<string, UcEntry>();
  private readonly byTitular = new Map<string, Set<string>>();
  private readonly windows = new Map<string, PendingWindow>();
  private readonly heldExpiries = new Map<string, Set<string>>();
  private readonly applied = new Map<string, number>();

  /** Applies an event if it is the next one of its stream (idempotent). */
  apply(e: RecordedEvent): void {
    const last = this.applied.get(e.stream) ?? -1;
    if (e.revision <= last) return;
    this.applied.set(e.stream, e.revision);
    const d = e.data as Record<string, unknown> & { ucId?: string };
    const uc = d.ucId ? this.ucs.get(d.ucId as string) : undefined;
    switch (e.type) {
      case 'UcRegistered': {
        const data = e.data as { ucId: string; distribuidora: string; titular: { key: string }; billedAsGroupB: boolean; registeredAt: string };
        this.ucs.set(data.ucId, {
          ucId: data.ucId,
          stream: e.stream,
          distribuidora: data.distribuidora,
          titularKey: data.titular.key,
          status: 'active',
          billedAsGroupB: data.billedAsGroupB,
          registeredAt: data.registeredAt,
          readings: [],
          expiries: new Set(),
        });
        this.index(data.distribuidora, data.titular.key, data.ucId);
        break;
      }
      case 'ReadingRecorded': {
        if (!uc) break;
        const data = e.data as { readingDate: string; postos: Record<string, { consumed: string }> };
        const kwh = Kwh.sum(Object.values(data.postos).map((p) => Kwh.parse(p.consumed))).toString();
        uc.readings = [...uc.readings, { readingDate: data.readingDate, kwh }].slice(-READINGS_KEPT);
        break;
      }
      case 'TitularidadeTransferred': {
        if (!uc) break;
        const data = e.data as { newTitular: { key: string } };
        this.byTitular.get(`${uc.distribuidora}|${uc.titularKey}`)?.delete(uc.ucId);
        uc.titularKey = data.newTitular.key;
        this.index(uc.distribuidora, uc.titularKey, uc.ucId);
        uc.expiries.clear();
        break;
      }
      case 'ContractClosed':
        if (uc) {
          uc.status = 'closed';
          uc.expiries.clear();
        }
        break;
      case 'CycleCompensated':
        for (const l of (e.data as { receivedToCredit: { expiresOn: string }[] }).receivedToCredit) uc?.expiries.add(l.expiresOn);
        break;
      case 'ExcedenteAllocated': {
        const data = e.data as { retained: unknown[]; readingDate: string; surplusBase: string };
        // R9: retained excedente becomes credit with vintage = the reading; its expiry is 60 months later.
        if (uc && data.retained.length && data.surplusBase === 'net') uc.expiries.add(addMonths(data.readingDate as BusinessDate, 60));
        break;
      }
      case 'HeldCreditsReceived':
        for (const l of (e.data as { lots: { expiresOn: string }[] }).lots) uc?.expiries.add(l.expiresOn);
        break;
      case 'CreditsHeldForTitular': {
        const data = e.data as { distribuidora: string; titular: { key: string }; fromUcId: string; deadline: string; lots: { expiresOn: string }[] };
        this.windows.set(`${e.stream}|${data.fromUcId}`, {
          stream: e.stream,
          distribuidora: data.distribuidora,
          titularKey: data.titular.key,
          fromUcId: data.fromUcId,
          deadline: data.deadline,
          status: 'open',
        });
        const set = this.heldExpiries.get(e.stream) ?? new Set<string>();
        for (const l of data.lots) set.add(l.expiresOn);
        this.heldExpiries.set(e.stream, set);
        break;
      }
      case 'CreditsReallocated': {
        const data = e.data as { fromUcId?: string };
        if (data.fromUcId) this.windows.delete(`${e.stream}|${data.fromUcId}`);
        break;
      }
      case 'HeldCreditsKept': {
        const w = this.windows.get(`${e.stream}|${(e.data as { fromUcId: string }).fromUcId}`);
        if (w) w.status = 'held';
        break;
      }
    }
  }

  private index(distribuidora: string, key: string, ucId: string): void {
    const k = `${distribuidora}|${key}`;
    const set = this.byTitular.get(k) ?? new Set<string>();
    set.add(ucId);
    this.byTitular.set(k, set);
  }

  streamOf(ucId: string): string | null {
    return this.ucs.get(ucId)?.stream ?? null;
  }

  has(ucId: string): boolean {
    return this.ucs.has(ucId);
  }

  /** The facts of a UC as of a date (its latest reading dated on or before it). */
  factsOf(ucId: string, asOf: string): UcFacts | undefined {
    const uc = this.ucs.get(ucId);
    if (!uc) return undefined;
    const latest = [...uc.readings].reverse().find((r) => r.readingDate <= asOf) ?? null;
    return {
      ucId: uc.ucId,
      distribuidora: uc.distribuidora,
      titularKey: uc.titularKey,
      status: uc.status,
      billedAsGroupB: uc.billedAsGroupB,
      registeredAt: uc.registeredAt,
      latestConsumption: latest,
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
    return [...(this.byTitular.get(`${distribuidora}|${key}`) ?? [])].map((id) => this.factsOf(id, asOf)!).filter(Boolean);
  }

  /** R20: windows whose default is due by `date` (the first day after the deadline). */
  dueWindows(date: string): PendingWindow[] {
    return [...this.windows.values()].filter((w) => w.status === 'open' && addDays(w.deadline as BusinessDate, 1) <= date);
  }

  /** Titular streams still holding credits for a titular key after a default found no UC (R20 pick-up). */
  heldWindowsOf(distribuidora: string, key: string): PendingWindow[] {
    return [...this.windows.values()].filter((w) => w.status === 'held' && w.distribuidora === distribuidora && w.titularKey === key);
  }

  /** R9 sweep: UCs with a credit expiring on or before `date`. Forgets those dates. */
  takeUcExpiries(date: string): string[] {
    const out: string[] = [];
    for (const uc of this.ucs.values()) {
      const due = [...uc.expiries].filter((x) => x <= date);
      if (due.length) {
        out.push(uc.ucId);
        for (const x of due) uc.expiries.delete(x);
      }
    }
    return out;
  }

  /** R9 sweep: titular streams with held credits expiring on or before `date`. Forgets those dates. */
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

  /** Every titular stream known (the simulation's output lists them). */
  titularStreams(): string[] {
    return [...new Set([...this.windows.values()].map((w) => w.stream).concat([...this.heldExpiries.keys()]))];
  }
}

