import {
  evolveTitular,
  fold,
  initialTitularState,
  invoiceOfCycle,
  Kwh,
  ucDecider,
  type Invoice,
  type TitularEvent,
  type UcEvent,
} from '@compensa/domain';
import { toDomainEvent } from '../stream-events';
import {
  correctionReportsOf,
  defaultsRedecidedOf,
  withReceipts,
  type CorrectionReport,
  type DefaultRedecidedChange,
  type ReceiptRebilling,
} from '../corrections/correction-report';
import type { EventStore, RecordedEvent } from '@compensa/event-store';

/** One cycle of a UC in the simulation's output. */
export interface CycleReport {
  readingDate: string;
  consumed: Record<string, string>;
  injected: Record<string, string>;
  billed: Record<string, string>;
  compensatedKwh: string;
  lines: {
    posto: string;
    kwh: string;
    sourceUcId: string;
    sourcePosto: string;
    sourceKwh: string;
    vintage: string | null;
    gdClass: string;
    label: string;
  }[];
  excedenteKwh: string;
  allocations: { ucId: string; kwh: string }[];
  expiredKwh: string;
  /** R22–R28: the cycle's invoice, derived from its recorded CycleCompensated alone. */
  invoice: Invoice;
}

/** The document `compensa simulate` prints (schema: simulation-output.schema.json). */
export interface SimulationReport {
  ucs: Record<
    string,
    {
      titular: string;
      status: 'active' | 'closed';
      balance: {
        totalKwh: string;
        vintages: { vintage: string; posto: string; kwh: string; expiresOn: string; gdClass: string }[];
      };
      cycles: Record<string, CycleReport>;
    }
  >;
  titulares: Record<
    string,
    {
      heldKwh: string;
      held: { sourceUcId: string; vintage: string; kwh: string; expiresOn: string }[];
      pendingReallocations: { sourceUcId: string; deadline: string }[];
    }
  >;
  rejected: { line: number; command: string; status: number; rule: string | null; detail: string }[];
  /** Retificações, by correction id, with their re-billing reports (present when the run made one). */
  corrections?: Record<string, CorrectionReport>;
}

/** Builds the report from the event log alone: UC streams folded with the domain, cycles from their events. */
export async function buildReport(
  store: EventStore,
  rejected: SimulationReport['rejected'],
): Promise<SimulationReport> {
  const byStream = new Map<string, RecordedEvent[]>();
  for await (const e of store.readAll()) {
    if (!e.stream.startsWith('uc-') && !e.stream.startsWith('titular-')) continue;
    const list = byStream.get(e.stream) ?? [];
    list.push(e);
    byStream.set(e.stream, list);
  }
  const report: SimulationReport = { ucs: {}, titulares: {}, rejected };
  const corrections: Record<string, CorrectionReport> = {};
  const receipts: ReceiptRebilling[] = [];
  /** R20: the 30-day defaults re-decided by corrections, by correction id. */
  const defaults = new Map<string, DefaultRedecidedChange[]>();
  for (const [stream, events] of [...byStream].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (stream.startsWith('uc-')) {
      const domain = events.map((e) => toDomainEvent<UcEvent>(e));
      const state = fold(ucDecider, domain);
      report.ucs[state.ucId] = {
        titular: state.titular!.document,
        status: state.status === 'closed' ? 'closed' : 'active',
        balance: {
          totalKwh: Kwh.sum(state.credits.map((c) => c.kwh)).toString(),
          vintages: [...state.credits]
            .sort((a, b) => (a.vintage === b.vintage ? (a.posto < b.posto ? -1 : 1) : a.vintage < b.vintage ? -1 : 1))
            .map((c) => ({
              vintage: c.vintage,
              posto: c.posto,
              kwh: c.kwh.toString(),
              expiresOn: c.expiresOn,
              gdClass: c.gdClass,
            })),
        },
        cycles: cyclesOf(events),
      };
      for (const c of correctionReportsOf(events, receipts)) corrections[c.id] = c;
    } else {
      const state = events.map((e) => toDomainEvent<TitularEvent>(e)).reduce(evolveTitular, initialTitularState);
      defaultsRedecidedOf(events, defaults);
      report.titulares[state.key] = {
        heldKwh: Kwh.sum(state.held.map((h) => h.lot.kwh)).toString(),
        held: state.held.map((h) => ({
          sourceUcId: h.fromUcId,
          vintage: h.lot.vintage,
          kwh: h.lot.kwh.toString(),
          expiresOn: h.lot.expiresOn,
        })),
        pendingReallocations: state.windows
          .filter((w) => w.status === 'open')
          .map((w) => ({ sourceUcId: w.fromUcId, deadline: w.deadline })),
      };
    }
  }
  withReceipts(Object.values(corrections), receipts, defaults);
  if (Object.keys(corrections).length > 0) report.corrections = corrections;
  return report;
}

/** Each cycle with its lines, its allocation and the credits that expired at its reading (same command). */
function cyclesOf(events: RecordedEvent[]): Record<string, CycleReport> {
  const cycles: Record<string, CycleReport> = {};
  const byCommand = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const k = String(e.metadata.commandId ?? e.id);
    byCommand.set(k, [...(byCommand.get(k) ?? []), e]);
  }
  for (const group of byCommand.values()) {
    const comp = group.find((e) => e.type === 'CycleCompensated');
    if (!comp) continue;
    const c = toDomainEvent<Extract<UcEvent, { type: 'CycleCompensated' }>>(comp).data;
    const alloc = group.find((e) => e.type === 'ExcedenteAllocated')?.data as
      Extract<UcEvent, { type: 'ExcedenteAllocated' }>['data'] | undefined;
    const expired = group
      .filter((e) => e.type === 'CreditsExpired')
      .map((e) => Kwh.parse((e.data as { totalKwh: string }).totalKwh));
    cycles[c.cycle] = cycleReport(c, alloc, Kwh.sum(expired));
  }
  // Retificação: a re-billed cycle's compensation and allocation replace the ones in force.
  for (const e of events) {
    if (e.type !== 'CycleRecompensated') continue;
    const d = toDomainEvent<Extract<UcEvent, { type: 'CycleRecompensated' }>>(e).data;
    cycles[d.cycle] = cycleReport(d.compensation, d.allocation ?? undefined, Kwh.parse(d.expiredKwh));
  }
  return cycles;
}

type CycleData = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];
type AllocationData = Extract<UcEvent, { type: 'ExcedenteAllocated' }>['data'];

/** A cycle's report: its compensation lines, its allocation and the credits that expired at its reading. */
function cycleReport(c: CycleData, alloc: AllocationData | undefined, expired: Kwh): CycleReport {
  const allocations = new Map<string, Kwh>();
  for (const a of alloc?.allocations ?? [])
    allocations.set(a.ucId, (allocations.get(a.ucId) ?? Kwh.ZERO).plus(Kwh.parse(a.kwh)));
  const retained = Kwh.sum((alloc?.retained ?? []).map((p) => Kwh.parse(p.kwh)));
  if (alloc?.rateio && !retained.isZero())
    allocations.set(c.ucId, (allocations.get(c.ucId) ?? Kwh.ZERO).plus(retained));
  return {
    readingDate: c.readingDate,
    consumed: c.consumed as Record<string, string>,
    injected: c.injected as Record<string, string>,
    billed: c.billed as Record<string, string>,
    compensatedKwh: c.compensatedKwh,
    lines: c.lines.map((l) => ({
      posto: l.posto,
      kwh: l.kwh,
      sourceUcId: l.sourceUcId,
      sourcePosto: l.sourcePosto,
      sourceKwh: l.sourceKwh,
      vintage: l.vintage,
      gdClass: l.gdClass,
      label: l.label,
    })),
    excedenteKwh: c.excedenteKwh,
    allocations: [...allocations].map(([ucId, kwh]) => ({ ucId, kwh: kwh.toString() })),
    expiredKwh: expired.toString(),
    invoice: invoiceOfCycle(c),
  };
}
