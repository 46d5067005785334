import {
  evolveUc,
  initialUcState,
  invoiceOfCycle,
  Kwh,
  Money,
  type CycleCompensatedData,
  type ExcedenteAllocatedData,
  type LeavingCorrectedJson,
  type ReadingPostosJson,
  type RebillingAction,
  type TitularEvent,
  type UcEvent,
} from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { streamKind } from '../audit/select-streams';
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
  action: RebillingAction;
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
  /** Σ difference over the priced cycles (of every UC re-billed): negative is refunded, positive charged. */
  totalDifference: string;
  /**
   * A generator's correction (R5–R7): each beneficiary whose received excedente changed, with its credits before and
   * after; its re-billed cycles are in `cycles`. Absent when the correction reached no other UC.
   */
  beneficiaries?: BeneficiaryChange[];
  /**
   * R18, R19: the credits that left a UC (this one or a beneficiary) at a change of titular or a closure, whose hold
   * for the titular the correction changed (HeldCreditsCorrected on the titular's stream). Absent when none changed.
   */
  held?: HeldChange[];
  /**
   * R20: the UCs that had received those credits from a 30-day move (an indication, the default, a new UC), and R19:
   * the members that had received a closed UC's credits from its distribution, whose received credits the correction
   * changed (HeldCreditsReceiptCorrected); their re-billed cycles are in `cycles`. Absent when none changed.
   */
  heldMoves?: HeldMoveChange[];
  /**
   * R20: the 30-day defaults that compared the corrected consumption, re-decided (ReallocationDefaultRedecided on the
   * titular's stream): to the same UC, or to another one. Absent when none compared it.
   */
  defaults?: DefaultRedecidedChange[];
}

/**
 * What a correction changed at a UC that had received held credits from a 30-day move (R20), or a closed UC's credits
 * from its distribution among members (R19: `rule`, and no titular: they were never held for one).
 */
export interface HeldMoveChange {
  /** The receiving UC. */
  ucId: string;
  /** The UC the credits left (R18, R19). */
  fromUcId: string;
  /** The titular the credits were held for (R20); absent for a closure's distribution. */
  titularKey?: string;
  /** R19: a closure's distribution among members (absent: a 30-day move, R20). */
  rule?: 'R19';
  receivedKwh: { before: string; after: string };
  /** after − before (negative: less received). */
  differenceKwh: string;
  /** The receiving UC's credits before and after (R8, R9). */
  balance: { beforeKwh: string; afterKwh: string };
}

/** A 30-day default that compared the corrected consumption, re-decided (R20): to the same UC or to another. */
export interface DefaultRedecidedChange {
  titularKey: string;
  comparedUcId: string;
  readingDate: string;
  consumptionKwh: { before: string; after: string };
  /**
   * The decisions that compared it: their date, the UC the credits came from, the UCs they go to, and, when the
   * corrected consumption chose another UC, the UCs they went to before (`previousToUcIds`; both UCs are in
   * `heldMoves` and their re-billed cycles in `cycles`).
   */
  decisions: { date: string; fromUcId: string; toUcIds: string[]; previousToUcIds?: string[] }[];
}

/** The default re-decisions a titular stream holds, by correction id (R20). */
export function defaultsRedecidedOf(
  events: readonly RecordedEvent[],
  out: Map<string, DefaultRedecidedChange[]> = new Map(),
): Map<string, DefaultRedecidedChange[]> {
  for (const recorded of events) {
    if (recorded.type !== 'ReallocationDefaultRedecided') continue;
    const d = toDomainEvent<TitularEvent>(recorded).data as Extract<
      TitularEvent,
      { type: 'ReallocationDefaultRedecided' }
    >['data'];
    const list = out.get(d.correctionId) ?? [];
    list.push({
      titularKey: d.titularKey,
      comparedUcId: d.comparedUcId,
      readingDate: d.readingDate,
      consumptionKwh: { before: d.previousKwh, after: d.correctedKwh },
      decisions: d.decisions,
    });
    out.set(d.correctionId, list);
  }
  return out;
}

/** What a correction changed of the credits held for a titular (R18, R19). */
export interface HeldChange {
  /** The UC they left. */
  ucId: string;
  rule: 'R18' | 'R19';
  titularKey: string;
  /** When they left. */
  date: string;
  heldKwh: { before: string; after: string };
  /** after − before (negative: less held). */
  differenceKwh: string;
}

function heldChangesOf(ucId: string, leaving: readonly LeavingCorrectedJson[] | undefined): HeldChange[] {
  const sum = (lots: readonly { kwh: string }[]) => Kwh.sum(lots.map((l) => Kwh.parse(l.kwh)));
  return (leaving ?? []).map((l) => {
    const before = sum(l.previous);
    const after = sum(l.corrected);
    return {
      ucId,
      rule: l.rule,
      titularKey: l.titularKey,
      date: l.date,
      heldKwh: { before: before.toString(), after: after.toString() },
      differenceKwh: after.wh >= before.wh ? after.minus(before).toString() : `-${before.minus(after).toString()}`,
    };
  });
}

/** What a generator's correction changed at one beneficiary. */
export interface BeneficiaryChange {
  ucId: string;
  /** The generator's cycle whose allocation changed. */
  sourceCycle: string;
  receivedKwh: { before: string; after: string };
  /** after − before (negative: less received). */
  differenceKwh: string;
  /** The beneficiary's credits before and after (R8, R9). */
  balance: { beforeKwh: string; afterKwh: string };
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
export function correctionReportsOf(
  events: readonly RecordedEvent[],
  /** Filled with the cycles this UC had re-billed by other UCs' corrections (a generator's, reaching it). */
  receipts?: ReceiptRebilling[],
): CorrectionReport[] {
  let receipt: ReceiptRebilling | null = null;
  /**
   * R20: one correction may correct a delivery of held credits twice (the UC they left corrects its hold at its
   * reading, then again as the excedente it received is corrected): one entry, each cycle from the bill first in
   * force to the last one.
   */
  const heldReceipts = new Map<string, { r: ReceiptRebilling; befores: Map<string, CycleCompensatedData> }>();
  let heldBefores: Map<string, CycleCompensatedData> | null = null;
  const inForce = new Map<string, CycleCompensatedData>();
  let state = initialUcState;
  const reports: CorrectionReport[] = [];
  let current: CorrectionReport | null = null;
  for (const recorded of events) {
    const e = toDomainEvent<UcEvent>(recorded);
    if (e.type === 'ExcedenteReceiptCorrected') {
      // A generator's correction re-billing this UC (a beneficiary): its cycles join the generator's report.
      current = null;
      const d = e.data;
      const sum = (parts: readonly { kwh: string }[]) => Kwh.sum(parts.map((p) => Kwh.parse(p.kwh))).toString();
      receipt = {
        correctionId: d.correctionId,
        cycles: [],
        held: heldChangesOf(d.ucId, d.leaving),
        change: {
          ucId: d.ucId,
          sourceCycle: d.sourceCycle,
          receivedKwh: { before: sum(d.previous), after: sum(d.corrected) },
          differenceKwh: d.differenceKwh,
          balance: {
            beforeKwh: Kwh.sum(state.credits.map((l) => l.kwh)).toString(),
            afterKwh: Kwh.sum(d.credits.map((l) => Kwh.parse(l.kwh))).toString(),
          },
        },
      };
      heldBefores = null;
      receipts?.push(receipt);
    } else if (e.type === 'HeldCreditsReceiptCorrected') {
      // R20: a titular's move had given this UC credits that a correction changed: its cycles join that report.
      current = null;
      const d = e.data;
      const sum = (lots: readonly { kwh: string }[]) => Kwh.sum(lots.map((p) => Kwh.parse(p.kwh))).toString();
      const key = `${d.correctionId}|${d.sourceEventId}`;
      const known = heldReceipts.get(key);
      const afterKwh = Kwh.sum(d.credits.map((l) => Kwh.parse(l.kwh))).toString();
      if (known) {
        const moved = known.r.moved!;
        moved.receivedKwh.after = sum(d.corrected);
        moved.differenceKwh = signedDifference(moved.receivedKwh.before, moved.receivedKwh.after);
        moved.balance.afterKwh = afterKwh;
        known.r.held.push(...heldChangesOf(d.ucId, d.leaving));
        receipt = known.r;
        heldBefores = known.befores;
      } else {
        receipt = {
          correctionId: d.correctionId,
          cycles: [],
          held: heldChangesOf(d.ucId, d.leaving),
          moved: {
            ucId: d.ucId,
            fromUcId: d.fromUcId,
            // A titular stream (R20: `titular-<distribuidora>-<key>`), or the closed UC's own (R19: its distribution).
            ...(streamKind(d.fromStream) === 'titular'
              ? { titularKey: d.fromStream.slice(d.fromStream.indexOf('-', d.fromStream.indexOf('-') + 1) + 1) }
              : { rule: 'R19' as const }),
            receivedKwh: { before: sum(d.previous), after: sum(d.corrected) },
            differenceKwh: d.differenceKwh,
            balance: { beforeKwh: Kwh.sum(state.credits.map((l) => l.kwh)).toString(), afterKwh },
          },
        };
        heldBefores = new Map();
        heldReceipts.set(key, { r: receipt, befores: heldBefores });
        receipts?.push(receipt);
      }
    } else if (e.type === 'CycleRecompensated' && receipt?.correctionId === e.data.correctionId) {
      const previous = inForce.get(e.data.cycle);
      if (previous && heldBefores) {
        // The bill first in force before this correction, to the one it leaves.
        const first = heldBefores.get(e.data.cycle) ?? previous;
        heldBefores.set(e.data.cycle, first);
        const i = receipt.cycles.findIndex((c) => c.cycle === e.data.cycle);
        const line = rebilled(first, e.data.compensation);
        if (i >= 0) receipt.cycles[i] = line;
        else receipt.cycles.push(line);
      } else if (previous) receipt.cycles.push(rebilled(previous, e.data.compensation));
    }
    if (e.type === 'ReadingCorrected') {
      receipt = null;
      heldBefores = null;
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
      const held = heldChangesOf(d.ucId, d.leaving);
      if (held.length > 0) current.held = held;
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

/** A beneficiary's cycles re-billed by a generator's correction. */
export interface ReceiptRebilling {
  correctionId: string;
  cycles: RebilledCycle[];
  /** A generator's correction reaching a beneficiary (R5–R7). */
  change?: BeneficiaryChange;
  /** R20: a correction of held credits reaching the UC a 30-day move had given them to. */
  moved?: HeldMoveChange;
  /** R18, R19: the beneficiary's credits held for a titular that the correction changed. */
  held: HeldChange[];
}

/** Adds the beneficiaries' re-billed cycles to their corrections' reports (the total spans every UC). */
export function withReceipts(
  reports: Iterable<CorrectionReport>,
  receipts: readonly ReceiptRebilling[],
  /** R20: the defaults re-decided, by correction id (`defaultsRedecidedOf` over the titular streams). */
  defaults?: ReadonlyMap<string, DefaultRedecidedChange[]>,
): void {
  for (const report of reports) {
    const redecided = defaults?.get(report.id) ?? [];
    if (redecided.length > 0) report.defaults = [...(report.defaults ?? []), ...redecided];
    const mine = receipts.filter((r) => r.correctionId === report.id);
    if (mine.length === 0) continue;
    report.cycles.push(...mine.flatMap((r) => r.cycles));
    const beneficiaries = mine.flatMap((r) => (r.change ? [r.change] : []));
    if (beneficiaries.length > 0) report.beneficiaries = [...(report.beneficiaries ?? []), ...beneficiaries];
    const moved = mine.flatMap((r) => (r.moved ? [r.moved] : []));
    if (moved.length > 0) report.heldMoves = [...(report.heldMoves ?? []), ...moved];
    const held = mine.flatMap((r) => r.held);
    if (held.length > 0) report.held = [...(report.held ?? []), ...held];
    report.totalDifference = report.cycles
      .reduce((a, c) => (c.difference === null ? a : a.plus(c.difference)), new Money(0))
      .toFixed(2);
  }
}

/** after − before of two kWh texts, signed ("-1.250": less). */
function signedDifference(before: string, after: string): string {
  const b = Kwh.parse(before);
  const a = Kwh.parse(after);
  return a.wh >= b.wh ? a.minus(b).toString() : `-${b.minus(a).toString()}`;
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
  /** The stream of a UC, to add the beneficiaries' re-billed cycles of a generator's correction. */
  streamOf?: (ucId: string) => Promise<string | undefined> | string | undefined,
): Promise<CorrectionReport | null> {
  const { events } = await loadStream(store, stream);
  const report = correctionReportsOf(events).find((r) => r.id === id) ?? null;
  if (!report || !streamOf) return report;
  return withOtherUcs(store, stream, events, report, streamOf);
}

/** Every correction of a UC's stream, oldest first, each as `correctionReportOf` gives it (the stream read once). */
export async function correctionReportsOfStream(
  store: EventStore,
  stream: string,
  streamOf: (ucId: string) => Promise<string | undefined> | string | undefined,
): Promise<CorrectionReport[]> {
  const { events } = await loadStream(store, stream);
  const reports: CorrectionReport[] = [];
  for (const report of correctionReportsOf(events))
    reports.push(await withOtherUcs(store, stream, events, report, streamOf));
  return reports;
}

/** A report of `stream` (whose events are `events`) with the other UCs' cycles it re-billed and the defaults it re-decided. */
async function withOtherUcs(
  store: EventStore,
  stream: string,
  events: readonly RecordedEvent[],
  report: CorrectionReport,
  streamOf: (ucId: string) => Promise<string | undefined> | string | undefined,
): Promise<CorrectionReport> {
  const id = report.id;
  // The beneficiaries its allocations name (R5–R7): their cycles re-billed by this correction.
  const named = new Set<string>();
  for (const e of events) {
    const allocation =
      e.type === 'ExcedenteAllocated'
        ? (e.data as ExcedenteAllocatedData)
        : e.type === 'CycleRecompensated'
          ? (e.data as { allocation: ExcedenteAllocatedData | null }).allocation
          : null;
    for (const a of allocation?.allocations ?? []) if (a.ucId !== report.ucId) named.add(a.ucId);
  }
  // R18–R20: the titular streams the correction reached (the holds it changed, the defaults that compared the
  // reading): the UCs their moves had given the credits to (re-billed), and the defaults re-decided.
  const distribuidora = stream.slice(stream.indexOf('-') + 1, stream.lastIndexOf('-'));
  const titulares = new Set<string>();
  for (const e of events) {
    if (e.type !== 'ReadingCorrected' || (e.data as { correctionId: string }).correctionId !== id) continue;
    const d = e.data as { readBy: { stream: string; rule: string }[] };
    for (const r of d.readBy) if (r.rule === 'R20') titulares.add(r.stream);
  }
  for (const h of report.held ?? []) titulares.add(`titular-${distribuidora}-${h.titularKey}`);
  const defaults = new Map<string, DefaultRedecidedChange[]>();
  for (const t of [...titulares].sort()) {
    const { events: held } = await loadStream(store, t);
    defaultsRedecidedOf(held, defaults);
    for (const e of held) {
      // R20: the moves a held-credits correction or a re-decided default changed (the UCs chosen before and now).
      if (e.type !== 'HeldCreditsCorrected' && e.type !== 'ReallocationDefaultRedecided') continue;
      const d = e.data as { correctionId: string; moves?: { ucId: string }[] };
      if (d.correctionId === id) for (const m of d.moves ?? []) named.add(m.ucId);
    }
  }
  const receipts: ReceiptRebilling[] = [];
  // R19: a UC the correction reached that had closed, its credits distributed among members: the members whose
  // deliveries it changed (`distributed`) are re-billed too, read after it.
  const read = new Set<string>();
  const queue = [...named].sort();
  while (queue.length > 0) {
    const ucId = queue.shift()!;
    if (read.has(ucId)) continue;
    read.add(ucId);
    const other = await streamOf(ucId);
    if (!other) continue;
    const { events: theirs } = await loadStream(store, other);
    correctionReportsOf(theirs, receipts);
    queue.push(...membersReached(theirs, id).filter((m) => !read.has(m)));
  }
  withReceipts([report], receipts, defaults);
  return report;
}

/** R19: the members whose deliveries of a closure's distribution the correction `id` changed on this stream. */
function membersReached(events: readonly RecordedEvent[], id: string): string[] {
  const out: string[] = [];
  for (const e of events) {
    const d = e.data as { correctionId?: string; distributed?: { ucId: string }[] };
    if (d.correctionId === id) for (const m of d.distributed ?? []) out.push(m.ucId);
  }
  return out.sort();
}
