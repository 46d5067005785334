import {
  evolveUc,
  initialUcState,
  invoiceOfCycle,
  Kwh,
  Money,
  type CycleCompensatedData,
  type ReadingPostosJson,
  type UcEvent,
} from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { loadStream, toDomainEvent } from '../stream-events';

/** One cycle's bill before and after a correction (kWh, and R$ where its tariffs were published). */
export interface RebilledBill {
  compensatedKwh: string;
  billedKwh: string;
  excedenteKwh: string;
  /** The invoice's total (R22–R28), or null when a tariff was missing for the cycle. */
  total: string | null;
}

/** A re-billed cycle: what the UC was billed, what it should have been, and what to refund or charge. */
export interface RebilledCycle {
  ucId: string;
  cycle: string;
  readingDate: string;
  before: RebilledBill;
  after: RebilledBill;
  /** after − before, in kWh billed at full tariff. */
  billedKwhDifference: string;
  /** after − before in R$ (null without tariffs): negative is owed back to the consumer. */
  difference: string | null;
  action: 'refund' | 'charge' | 'none' | 'unpriced';
}

/** The re-billing report of a correction (GET /v1/corrections/{id}; `corrections` of `compensa simulate`). */
export interface CorrectionReport {
  id: string;
  ucId: string;
  stream: string;
  cycle: string;
  readingDate: string;
  date: string;
  reason: string;
  reference: string;
  previous: ReadingPostosJson;
  corrected: ReadingPostosJson;
  cycles: RebilledCycle[];
  /** The UC's credits before and after the correction (R8, R9). */
  balance: { beforeKwh: string; afterKwh: string };
  /** Credits expired in the re-decided cycles, before and after (R9). */
  expiredKwh: { before: string; after: string };
  /** Σ difference over the priced cycles: negative is refunded, positive charged. */
  totalDifference: string;
}

const billOf = (c: CycleCompensatedData): RebilledBill => {
  const billed = Kwh.sum(Object.values(c.billed).map((k) => Kwh.parse(k!)));
  return {
    compensatedKwh: c.compensatedKwh,
    billedKwh: billed.toString(),
    excedenteKwh: c.excedenteKwh,
    total: invoiceOfCycle(c).total,
  };
};

/**
 * The corrections a UC stream holds, each with its re-billing report: for every cycle it re-billed, the bill in force
 * before it (the cycle's latest CycleCompensated or CycleRecompensated) and the one it put in force.
 */
export function correctionReportsOf(events: readonly RecordedEvent[]): CorrectionReport[] {
  const inForce = new Map<string, CycleCompensatedData>();
  let state = initialUcState;
  const reports: CorrectionReport[] = [];
  let current: CorrectionReport | null = null;
  for (const recorded of events) {
    const e = toDomainEvent<UcEvent>(recorded);
    if (e.type === 'ReadingCorrected') {
      const d = e.data;
      current = {
        id: d.correctionId,
        ucId: d.ucId,
        stream: recorded.stream,
        cycle: d.cycle,
        readingDate: d.readingDate,
        date: d.date,
        reason: d.reason,
        reference: d.reference,
        previous: d.previous,
        corrected: d.corrected,
        cycles: [],
        balance: {
          beforeKwh: Kwh.sum(state.credits.map((l) => l.kwh)).toString(),
          afterKwh: Kwh.sum(d.credits.map((l) => Kwh.parse(l.kwh))).toString(),
        },
        expiredKwh: d.expiredKwh,
        totalDifference: '0.00',
      };
      reports.push(current);
    } else if (e.type === 'CycleRecompensated' && current?.id === e.data.correctionId) {
      const previous = inForce.get(e.data.cycle);
      if (previous) current.cycles.push(rebilled(previous, e.data.compensation));
      current.totalDifference = current.cycles
        .reduce((a, c) => (c.difference === null ? a : a.plus(c.difference)), new Money(0))
        .toFixed(2);
    }
    if (e.type === 'CycleCompensated') inForce.set(e.data.cycle, e.data);
    if (e.type === 'CycleRecompensated') inForce.set(e.data.cycle, e.data.compensation);
    state = evolveUc(state, e);
  }
  return reports;
}

function rebilled(before: CycleCompensatedData, after: CycleCompensatedData): RebilledCycle {
  const b = billOf(before);
  const a = billOf(after);
  const difference =
    a.total === null || b.total === null ? null : new Money(a.total).minus(new Money(b.total)).toFixed(2);
  const action =
    difference === null
      ? 'unpriced'
      : new Money(difference).isZero()
        ? 'none'
        : difference.startsWith('-')
          ? 'refund'
          : 'charge';
  return {
    ucId: after.ucId,
    cycle: after.cycle,
    readingDate: after.readingDate,
    before: b,
    after: a,
    billedKwhDifference:
      Kwh.parse(a.billedKwh).wh >= Kwh.parse(b.billedKwh).wh
        ? Kwh.parse(a.billedKwh).minus(Kwh.parse(b.billedKwh)).toString()
        : `-${Kwh.parse(b.billedKwh).minus(Kwh.parse(a.billedKwh)).toString()}`,
    difference,
    action,
  };
}

/** The report of one correction, read from its UC's stream; null when the stream holds no correction with this id. */
export async function correctionReportOf(
  store: EventStore,
  stream: string,
  id: string,
): Promise<CorrectionReport | null> {
  const { events } = await loadStream(store, stream);
  return correctionReportsOf(events).find((r) => r.id === id) ?? null;
}
