import { creditToJson, receivedToJson } from '../compensation/lot-json';
import { compareLots, expiryOf } from '../compensation/lots';
import { lotsWh, outcomeChanges, signedKwh } from '../compensation/outcome-changes';
import { InvalidInput, RuleViolation, RuleViolationError, StateConflict, UnknownReading } from '../shared/errors';
import { parseBusinessDate } from '../values/business-date';
import { parseCycle } from '../values/cycle';
import { Kwh } from '../values/kwh';
import { decideUc } from './decide-uc';
import { evolveUc } from './evolve-uc';
import type { CorrectionHistoryStep, UcCommand } from './uc-commands';
import type { CreditLotJson } from '../compensation/lot-json';
import type {
  CycleCompensatedData,
  DistributionCorrectedJson,
  EnergyPartJson,
  ExcedenteAllocatedData,
  LeavingCorrectedJson,
  ReadingPostosJson,
  UcEvent,
} from './uc-events';
import { demandCorrectionKey, receiptCorrectionKey } from './receipt-correction-key';
import type { UcFacts } from '../eligibility/uc-facts';
import { initialUcState, type UcState } from './uc-state';
import { jsonKey } from '../shared/json-key';

type CorrectReading = Extract<UcCommand, { type: 'CorrectReading' }>;
type CorrectReceipt = Extract<UcCommand, { type: 'CorrectReceipt' }>;
type CorrectHeldReceipt = Extract<UcCommand, { type: 'CorrectHeldReceipt' }>;
type RedecideAllocation = Extract<UcCommand, { type: 'RedecideAllocation' }>;
type Postos = Record<string, { consumed: string; injected: string }>;

/** One step of the history re-decided: the events it gives (none for a no-op). */
interface Redecided {
  readonly step: CorrectionHistoryStep;
  readonly events: UcEvent[];
}

/**
 * Retificação. A correction re-decides the UC's history with the corrected reading in place of the recorded one:
 * every command the stream recorded, with the outside facts it recorded (dates, TE, prices, policy, the facts of
 * other UCs), in order. What differs from the history in force is appended as events that name the correction:
 * ReadingCorrected (the balance the corrected history gives replaces the one in force), one CycleRecompensated per
 * cycle whose bill changes, and the expiries due by the correction's date (R9, "Time").
 *
 * A generator's excedente allocated to other UCs (R5–R7) may change: the CycleRecompensated events carry the
 * corrected allocation, and the correction delivers the difference to each beneficiary (`decideCorrectReceipt`),
 * appended with these events in one append.
 *
 * Credits that left the UC at a change of titular (R18) or a closure (R19) may change: the event names each hold
 * (`leaving`) and the titular stream re-decides its 30-day history with the corrected lots (HeldCreditsCorrected),
 * in the same append.
 *
 * Held credits a 30-day move (R20) already delivered to a UC are corrected there: the titular stream names each move
 * whose lots change, and the receiving UC re-bills its history (`decideCorrectHeldReceipt`), in the same append; so
 * is a UC the move gave nothing that now receives some, and a default that compared this consumption and now chooses
 * another UC (the UC chosen before: to nothing; the one chosen now: from nothing).
 *
 * A closure's distribution among members (R19) that changes (the closed UC is a beneficiary whose received excedente
 * a generator's correction changed) names each member's delivery (`distributed`), and each member re-bills its
 * history with the corrected lots (`decideCorrectHeldReceipt`), in the same append.
 *
 * Refused, nothing appended, when the change would leave the streams the correction appends to: a 30-day decision
 * that would keep the credits instead of moving them, or the reverse (R20, refused by the titular stream); a
 * distribution not carried out that would now be, or that would now give a member it gave nothing (R19); and a cycle
 * older than the oldest credit still alive (R9).
 */
export function decideCorrectReading(cmd: CorrectReading, s: UcState): UcEvent[] {
  const { data, context } = cmd;
  if (typeof data.correctionId !== 'string' || data.correctionId === '')
    throw new InvalidInput('correctionId', 'o id da retificação é obrigatório');
  // Idempotent: the same correction again appends nothing.
  if (s.corrections.includes(data.correctionId)) return [];
  const cycle = parseCycle(data.cycle);
  const date = parseBusinessDate(data.date, 'date');
  const reason = requiredText(data.reason, 'reason');
  const reference = requiredText(data.reference, 'reference');
  if (!data.postos || typeof data.postos !== 'object' || Object.keys(data.postos).length === 0)
    throw new InvalidInput('postos', 'uma retificação precisa da energia consumida e injetada nos postos da UC');

  const history = context.history;
  const reading = history.find(
    (h) => h.kind === 'command' && h.command.type === 'RecordReading' && h.command.data.cycle === cycle,
  );
  if (!reading || reading.kind !== 'command' || reading.command.type !== 'RecordReading')
    throw new UnknownReading(s.ucId, cycle);
  const readingDate = parseBusinessDate(reading.command.data.readingDate);
  // "Time": a correction comes after the history it re-decides (its date fixes R9's horizon and what expires).
  const latest = s.lastReading?.readingDate ?? readingDate;
  if (date < latest)
    throw new InvalidInput('date', `a data da retificação ${date} é anterior à última leitura da UC (${latest})`);
  // R9: a cycle older than the oldest credit that can still be alive on the correction's date (60 months) is
  // beyond what a correction may touch: its credits would have expired and left the balance already.
  if (expiryOf(readingDate) <= date) {
    throw RuleViolation(
      'R9',
      `o ciclo ${cycle} (lido em ${readingDate}) é anterior ao crédito mais antigo ainda válido em ${date} ` +
        `(60 meses): uma retificação não pode alterá-lo`,
    );
  }

  const earlier = earlierSubstitutions(history);
  const before = redecide(history, earlier, null);
  mustRedecideToBalance(before.state, s);
  const readings = new Map([...earlier.readings, [cycle, data.postos]]);
  const after = redecide(
    history,
    { ...earlier, readings, facts: context.facts ? { cycle, facts: context.facts } : undefined },
    `o ciclo ${cycle} retificado`,
  );

  const previous = readingOf(before.steps, cycle);
  const corrected = readingOf(after.steps, cycle);
  // The reading in force already has these values: nothing to correct.
  if (jsonKey(previous) === jsonKey(corrected)) return [];

  // P6a (R6): a generator's priority rateio that compared this consumption is decided again by the correction itself
  // (RedecideAllocation, appended with these events); so is a 30-day default (R20) that compared it (RedecideDefault,
  // on the titular's stream), which refuses when it would move the credits elsewhere.

  // The excedente allocated to other UCs may change: the correction delivers the difference to each of them
  // (CorrectReceipt, appended with these events).
  const rebilled = rebill(s.ucId, data.correctionId, date, before, after, {
    from: cycle,
    allocationsMayChange: true,
    leavingIds: context.leavingEventIds,
  });
  const final = rebilled.state;
  return appendedWith(
    s,
    date,
    {
      type: 'ReadingCorrected',
      data: {
        ucId: s.ucId,
        correctionId: data.correctionId,
        cycle,
        readingDate,
        date,
        reason,
        reference,
        previous,
        corrected,
        ...rebilledFields(rebilled),
        latestReading: final.lastReading
          ? {
              cycle: final.lastReading.cycle,
              readingDate: final.lastReading.readingDate,
              consumedKwh: final.lastReading.consumed.toString(),
            }
          : null,
        readBy: context.readBy.map((r) => ({ stream: r.stream, eventId: r.eventId, rule: r.rule })),
      },
    },
    rebilled,
  );
}

/**
 * Retificação on a beneficiary (R5–R7): a generator's corrected reading changed what its allocation gives this UC.
 * The UC's history is re-decided with the corrected parts in place of the delivery's (at the delivery's place: what
 * was usable when stays usable then, P12), and what differs is appended as ExcedenteReceiptCorrected plus one
 * CycleRecompensated per re-billed cycle, and the expiries due by the correction's date. What would leave the UC's
 * stream in turn (its own allocation to others, R5/R6; credits that left at a change of titular or a closure,
 * R18/R19) is refused, and so is a later cycle that a rule refuses with the corrected parts: nothing is appended on
 * any stream. Re-deciding gives no negative balance: what is used is what the corrected history holds.
 */
export function decideCorrectReceipt(cmd: CorrectReceipt, s: UcState): UcEvent[] {
  const { data, context } = cmd;
  const key = receiptCorrectionKey(data.correctionId, data.sourceUcId, data.sourceCycle);
  if (s.corrections.includes(key)) return [];
  const date = parseBusinessDate(data.date, 'date');
  const sourceKey = deliveryKey(data.sourceUcId, data.sourceCycle);
  const delivered = context.history.some(
    (h) =>
      h.kind === 'command' &&
      h.command.type === 'ReceiveExcedente' &&
      deliveryKey(h.command.data.sourceUcId, h.command.data.sourceCycle) === sourceKey,
  );
  if (delivered !== (data.deliveredAt === null))
    throw new StateConflict(
      `UC ${s.ucId}: a entrega do ciclo ${data.sourceCycle} da UC ${data.sourceUcId} ` +
        (delivered ? 'já está no seu histórico' : 'não está no seu histórico, e não foi informada a posição dela'),
    );
  const history = withDelivery(context.history, data);
  const earlier = earlierSubstitutions(history);
  // The history in force: a delivery placed for a UC that received nothing carries no parts.
  const before = redecide(history, earlier, null);
  mustRedecideToBalance(before.state, s);
  const receipts = new Map([...earlier.receipts, [sourceKey, data.parts]]);
  const after = redecide(
    history,
    { ...earlier, receipts },
    `o excedente do ciclo ${data.sourceCycle} da UC ${data.sourceUcId} retificado`,
  );
  const previous = receivedOf(before.steps, sourceKey);
  const corrected = receivedOf(after.steps, sourceKey);
  if (jsonKey(previous) === jsonKey(corrected)) return [];

  const rebilled = rebill(s.ucId, data.correctionId, date, before, after, {
    from: null,
    allocationsMayChange: false,
    leavingIds: context.leavingEventIds,
  });
  return appendedWith(
    s,
    date,
    {
      type: 'ExcedenteReceiptCorrected',
      data: {
        ucId: s.ucId,
        correctionId: data.correctionId,
        sourceUcId: data.sourceUcId,
        sourceCycle: data.sourceCycle,
        sourceEventId: data.sourceEventId,
        allocatedOn: data.allocatedOn,
        deliveredAt: data.deliveredAt,
        date,
        previous,
        corrected,
        differenceKwh: signedKwh(partsWh(corrected) - partsWh(previous)),
        ...rebilledFields(rebilled),
      },
    },
    rebilled,
  );
}

/**
 * Retificação on a UC that received credits held for a titular (R20: an indication, the default or a new UC moved
 * them here): a correction of the UC they left (R18, R19) changed the lots the titular's move gives this UC. The UC's
 * history is re-decided with the corrected lots in place of the delivery's (at the delivery's place), and what differs
 * is appended as HeldCreditsReceiptCorrected plus one CycleRecompensated per re-billed cycle (credits used, R10's cap),
 * and the expiries due by the correction's date (R9). What would leave the UC's stream in turn (its allocation to
 * others, R5/R6) is refused, and so is a later cycle a rule refuses with the corrected lots: nothing is appended on any
 * stream; a closure's distribution that changes is corrected on the members (`distributed`, R19). Credits that left
 * this UC later (R18, R19) are corrected on their titular stream in the same append (`leaving`). Re-deciding gives no
 * negative balance: what is used is what the corrected history holds.
 */
export function decideCorrectHeldReceipt(cmd: CorrectHeldReceipt, s: UcState): UcEvent[] {
  const { data, context } = cmd;
  // Idempotent by what is in force, not by the correction's id: one correction may correct a delivery twice (the
  // UC the credits left corrects its hold at its reading, then again as the excedente it received is corrected); the
  // same lots again give nothing below.
  const date = parseBusinessDate(data.date, 'date');
  const delivered = context.history.some(
    (h) =>
      h.kind === 'command' &&
      h.command.type === 'ReceiveHeldCredits' &&
      h.command.data.sourceEventId === data.sourceEventId,
  );
  const placed = data.deliveredAt !== undefined;
  if (delivered && placed)
    throw new StateConflict(`UC ${s.ucId}: a entrega ${data.sourceEventId} já está no seu histórico`);
  // R20: a move that gave this UC nothing (no delivery reached it) and now gives it credits is delivered where the
  // process manager would have delivered it (`deliveredAt`); without that place it cannot be.
  if (!delivered && !placed)
    throw RuleViolation(
      'R20',
      `a UC ${s.ucId} não recebeu nada da movimentação ${data.sourceEventId.split(':').slice(0, -1).join(':')} de ` +
        `${data.fromStream}, e não foi informada a posição da entrega no seu histórico: nada gravado`,
    );
  const history = withHeldDelivery(context.history, data);
  const earlier = earlierSubstitutions(history);
  // The history in force: a delivery placed for a UC that received nothing carries no lots.
  const before = redecide(history, earlier, null);
  mustRedecideToBalance(before.state, s);
  const heldReceipts = new Map([...(earlier.heldReceipts ?? []), [data.sourceEventId, data.lots]]);
  const after = redecide(
    history,
    { ...earlier, heldReceipts },
    `os créditos movidos de ${data.fromStream} (mantidos da UC ${data.fromUcId}) retificados`,
  );
  const previous = heldReceivedOf(before.steps, data.sourceEventId);
  const corrected = heldReceivedOf(after.steps, data.sourceEventId);
  if (jsonKey(previous) === jsonKey(corrected)) return [];
  const rebilled = rebill(s.ucId, data.correctionId, date, before, after, {
    from: null,
    allocationsMayChange: false,
    leavingIds: context.leavingEventIds,
  });
  return appendedWith(
    s,
    date,
    {
      type: 'HeldCreditsReceiptCorrected',
      data: {
        ucId: s.ucId,
        correctionId: data.correctionId,
        sourceEventId: data.sourceEventId,
        fromStream: data.fromStream,
        fromUcId: data.fromUcId,
        date,
        ...(placed ? { deliveredAt: data.deliveredAt } : {}),
        previous,
        corrected,
        differenceKwh: signedKwh(lotsWh(corrected) - lotsWh(previous)),
        ...rebilledFields(rebilled),
      },
    },
    rebilled,
  );
}

/**
 * R20: the history a held-credits receipt correction re-decides: for a UC a move gave nothing, an empty delivery
 * placed where the held-credits process manager would have delivered it (what the corrected lots then replace).
 */
export function withHeldDelivery(
  history: readonly CorrectionHistoryStep[],
  d: { sourceEventId: string; fromStream: string; deliveredAt?: number },
): CorrectionHistoryStep[] {
  if (d.deliveredAt === undefined) return [...history];
  return withStepAt(history, d.deliveredAt, {
    type: 'ReceiveHeldCredits',
    data: { sourceEventId: d.sourceEventId, fromStream: d.fromStream, rule: 'R20', lots: [] },
  });
}

/** `history` with `command` placed at step `at` (or last): where a process manager would have delivered it. */
function withStepAt(
  history: readonly CorrectionHistoryStep[],
  at: number,
  command: UcCommand,
): CorrectionHistoryStep[] {
  const out = [...history];
  out.splice(Math.min(at, out.length), 0, { kind: 'command', command });
  return out;
}

/** The history step a HeldCreditsReceiptCorrected is: the lots it put in force for the delivery. */
export function heldReceiptCorrectionStep(
  d: Extract<UcEvent, { type: 'HeldCreditsReceiptCorrected' }>['data'],
): CorrectionHistoryStep {
  return {
    kind: 'held-receipt-correction',
    correctionId: d.correctionId,
    sourceEventId: d.sourceEventId,
    date: d.date,
    lots: d.corrected,
  };
}

/**
 * The history a receipt correction re-decides: for a UC that received nothing from the generator's cycle, an empty
 * delivery placed where the process manager would have delivered it (what the corrected parts then replace).
 */
export function withDelivery(
  history: readonly CorrectionHistoryStep[],
  d: {
    sourceUcId: string;
    sourceCycle: string;
    sourceEventId: string;
    allocatedOn: string;
    deliveredAt: number | null;
  },
): CorrectionHistoryStep[] {
  if (d.deliveredAt === null) return [...history];
  return withStepAt(history, d.deliveredAt, {
    type: 'ReceiveExcedente',
    data: {
      sourceUcId: d.sourceUcId,
      sourceEventId: d.sourceEventId,
      sourceCycle: d.sourceCycle,
      allocatedOn: d.allocatedOn,
      parts: [],
    },
  });
}

/** The history step an ExcedenteReceiptCorrected is: the parts it put in force. */
export function receiptCorrectionStep(
  d: Extract<UcEvent, { type: 'ExcedenteReceiptCorrected' }>['data'],
): CorrectionHistoryStep {
  return {
    kind: 'receipt-correction',
    correctionId: d.correctionId,
    sourceUcId: d.sourceUcId,
    sourceCycle: d.sourceCycle,
    date: d.date,
    parts: d.corrected,
  };
}

/**
 * Retificação on a generator whose priority rateio compared another UC's corrected consumption (P6a, R6): its history
 * is re-decided with the corrected consumption in the facts its readings compared; what differs is appended as
 * AllocationRedecided, one CycleRecompensated per cycle whose bill or allocation changes (the beneficiaries get theirs
 * from the same correction), and the expiries due by the correction's date. Nothing differs: nothing appended.
 */
export function decideRedecideAllocation(cmd: RedecideAllocation, s: UcState): UcEvent[] {
  const { data, context } = cmd;
  if (s.corrections.includes(demandCorrectionKey(data.correctionId, data.comparedUcId))) return [];
  const date = parseBusinessDate(data.date, 'date');
  const corrected = Kwh.parse(data.consumedKwh).toString();
  const earlier = earlierSubstitutions(context.history);
  const before = redecide(context.history, earlier, null);
  mustRedecideToBalance(before.state, s);
  const key = `${data.comparedUcId}|${data.readingDate}`;
  let previous: string | null = null;
  for (const h of context.history) {
    if (h.kind !== 'command' || h.command.type !== 'RecordReading') continue;
    const latest = h.command.context.facts?.[data.comparedUcId]?.latestConsumption;
    if (latest?.readingDate === data.readingDate) previous ??= earlier.demands?.get(key) ?? latest.kwh;
  }
  if (previous === null || Kwh.parse(previous).wh === Kwh.parse(corrected).wh) return [];
  const demands = new Map([...(earlier.demands ?? []), [key, corrected]]);
  const after = redecide(
    context.history,
    { ...earlier, demands },
    `o consumo da UC ${data.comparedUcId} lido em ${data.readingDate} retificado`,
  );
  const rebilled = rebill(s.ucId, data.correctionId, date, before, after, {
    from: null,
    allocationsMayChange: true,
    leavingIds: context.leavingEventIds,
  });
  if (
    rebilled.recompensated.length === 0 &&
    rebilled.leaving.length === 0 &&
    rebilled.distributed.length === 0 &&
    sameBalance(rebilled.state, s)
  )
    return [];
  return appendedWith(
    s,
    date,
    {
      type: 'AllocationRedecided',
      data: {
        ucId: s.ucId,
        correctionId: data.correctionId,
        date,
        comparedUcId: data.comparedUcId,
        readingDate: data.readingDate,
        previousKwh: Kwh.parse(previous).toString(),
        correctedKwh: corrected,
        ...rebilledFields(rebilled),
      },
    },
    rebilled,
  );
}

/** The history step an AllocationRedecided is: the consumption it put in force in the facts compared. */
export function demandCorrectionStep(
  d: Extract<UcEvent, { type: 'AllocationRedecided' }>['data'],
): CorrectionHistoryStep {
  return {
    kind: 'demand-correction',
    correctionId: d.correctionId,
    ucId: d.comparedUcId,
    readingDate: d.readingDate,
    consumedKwh: d.correctedKwh,
    date: d.date,
  };
}

type Recompensated = Extract<UcEvent, { type: 'CycleRecompensated' }>;

/**
 * The cycles whose bill the corrected history changes, as CycleRecompensated, with the credits expired before and
 * after and the final state. `from`: no cycle before it may change (the corrected reading's cycle).
 */
/** What every correction event says of its re-billing: the cycles billed again, the balance after, the expired kWh. */
function rebilledFields(r: Rebilled) {
  return {
    recompensated: r.recompensated.map((e) => e.data.cycle),
    credits: r.state.credits.map(creditToJson),
    received: r.state.received.map(receivedToJson),
    expiredKwh: r.expiredKwh,
    // Only when some changed: a correction that holds nothing for a titular records what it always did.
    ...(r.leaving.length > 0 ? { leaving: r.leaving } : {}),
    ...(r.distributed.length > 0 ? { distributed: r.distributed } : {}),
  };
}

/**
 * A correction's events: its own, one CycleRecompensated per cycle billed again, and (R9 "Time") what the corrected
 * history holds past its expiry by the correction's date, which leaves now.
 */
function appendedWith(s: UcState, date: string, correction: UcEvent, rebilled: Rebilled): UcEvent[] {
  const events: UcEvent[] = [correction, ...rebilled.recompensated];
  const expiry = decideUc({ type: 'ExpireCredits', data: { date } }, events.reduce(evolveUc, s));
  return [...events, ...expiry];
}

/** A correction re-decides from the recorded history: that history must give the balance in force, or it refuses. */
function mustRedecideToBalance(redecided: UcState, s: UcState): void {
  if (!sameBalance(redecided, s))
    throw new StateConflict(
      `a UC ${s.ucId} não pode ser retificada: o histórico registrado, recalculado, não chega ao saldo em vigor`,
    );
}

/** A re-billing: the cycles billed again, the expired kWh before and after, the state it ends in. */
interface Rebilled {
  recompensated: Recompensated[];
  expiredKwh: { before: string; after: string };
  state: UcState;
  /** R18, R19: the credits held for a titular that change (the titular stream corrects them in the same append). */
  leaving: LeavingCorrectedJson[];
  /** R19: the members' deliveries of a closure's distribution that change (each member corrects its own). */
  distributed: DistributionCorrectedJson[];
}

function rebill(
  ucId: string,
  correctionId: string,
  date: string,
  before: { steps: Redecided[] },
  after: { steps: Redecided[]; state: UcState },
  options: { from: string | null; allocationsMayChange: boolean; leavingIds?: readonly string[] },
): Rebilled {
  const recompensated: Recompensated[] = [];
  const leaving: LeavingCorrectedJson[] = [];
  const distributed: DistributionCorrectedJson[] = [];
  let expiredBefore = 0n;
  let expiredAfter = 0n;
  /**
   * The TitularidadeTransferred / ContractClosed / CreditsReallocated events so far: the index of the next one's id in
   * `leavingIds`.
   */
  let leavings = 0;
  for (let i = 0; i < before.steps.length; i++) {
    const b = before.steps[i].events;
    const a = after.steps[i].events;
    expiredBefore += expiredWh(b);
    expiredAfter += expiredWh(a);
    const ordinal = leavings;
    const leavingEvents = b.filter(isLeavingEvent);
    leavings += leavingEvents.length;
    if (decisionOf(b) === decisionOf(a)) continue;
    const step = before.steps[i].step;
    const command = step.kind === 'command' ? step.command : null;
    checkStaysInStream(ucId, command, b, a, options.allocationsMayChange);
    // The transfer's or closure's event comes first in its step, its distribution (R19) after it.
    const left = leavingChange(command, b, a, options.leavingIds?.[ordinal]);
    if (left) leaving.push(left);
    const k = leavingEvents.findIndex((e) => e.type === 'CreditsReallocated');
    distributed.push(...distributionChange(command, b, a, k < 0 ? undefined : options.leavingIds?.[ordinal + k]));
    const compensation = find(a, 'CycleCompensated');
    if (!compensation) continue;
    if (options.from !== null && compensation.cycle < options.from)
      throw new StateConflict(`o ciclo ${compensation.cycle}, anterior ao retificado, seria decidido de outra forma`);
    recompensated.push({
      type: 'CycleRecompensated',
      data: {
        ucId,
        correctionId,
        cycle: compensation.cycle,
        date,
        compensation,
        allocation: find(a, 'ExcedenteAllocated') ?? null,
        expiredKwh: Kwh.ofWh(expiredWh(a)).toString(),
      },
    });
  }
  return {
    recompensated,
    expiredKwh: { before: Kwh.ofWh(expiredBefore).toString(), after: Kwh.ofWh(expiredAfter).toString() },
    state: after.state,
    leaving,
    distributed,
  };
}

/**
 * The events whose ids a correction's command gives (`leavingEventIds`, in order): a change of titular or a closure
 * (R18, R19: the holds name them) and a closure's distribution (R19: its deliveries name it).
 */
export function isLeavingEvent(e: { type: string }): boolean {
  return e.type === 'TitularidadeTransferred' || e.type === 'ContractClosed' || e.type === 'CreditsReallocated';
}

/**
 * R19: the members' deliveries of a closure's distribution whose lots the corrected history changes (the same
 * distribution, carried out at the closure on the same request). Each member re-bills its history with the corrected
 * lots (HeldCreditsReceiptCorrected, in the same append); one whose lots become none is corrected to nothing.
 * One after which nothing would have left the UC (it would have used all its credits) is not carried out in the
 * corrected history: each member's delivery is corrected to nothing. Refused: a distribution whose event id the
 * command does not give; one not carried out (nothing left the UC) that the corrected history would carry out; a
 * member the distribution gave nothing that now would receive some (the delivery was never made, and placing it
 * after the fact is not supported).
 */
function distributionChange(
  command: UcCommand | null,
  b: readonly UcEvent[],
  a: readonly UcEvent[],
  distributionEventId: string | undefined,
): DistributionCorrectedJson[] {
  const was = b.find((e) => e.type === 'CreditsReallocated');
  const is = a.find((e) => e.type === 'CreditsReallocated');
  if (was?.type !== 'CreditsReallocated') {
    if (!is) return [];
    const closed = b.find((e) => e.type === 'ContractClosed');
    const on = closed?.type === 'ContractClosed' ? ` em ${closed.data.date}` : '';
    throw RuleViolation(
      'R19',
      `${command?.type ?? 'o encerramento'}${on}: com o valor retificado, créditos sairiam da UC e a distribuição ` +
        'entre os membros seria feita; uma retificação não faz depois do fato uma distribuição que não foi feita: ' +
        'nada gravado',
    );
  }
  // Nothing left the UC in the corrected history (it used all its credits): the distribution gives nothing, and
  // each member's delivery is corrected to nothing.
  const changed = outcomeChanges(was.data.outcome, is?.type === 'CreditsReallocated' ? is.data.outcome : []);
  if (changed.length === 0) return [];
  if (distributionEventId === undefined)
    throw RuleViolation(
      'R19',
      `a distribuição de ${was.data.date} entre os membros mudaria, e o evento dela não é conhecido: nada gravado`,
    );
  return changed.map((c) => {
    if (c.previous.length === 0)
      throw RuleViolation(
        'R19',
        `a distribuição de ${was.data.date} não deu créditos à UC ${c.ucId}, e com o valor retificado daria; uma ` +
          'retificação não faz depois do fato uma entrega que não foi feita: nada gravado',
      );
    return {
      distributionEventId,
      sourceEventId: `${distributionEventId}:${c.ucId}`,
      ucId: c.ucId,
      date: was.data.date,
      previous: c.previous,
      corrected: c.corrected,
      differenceKwh: c.differenceKwh,
    };
  });
}

/**
 * R18, R19: the credits that left the UC at this step, when the corrected history changes them. They were held for the
 * titular (CreditsHeldForTitular names the leaving event): the titular stream re-decides its 30-day history with the
 * corrected lots (HeldCreditsCorrected). One that now would hold nothing closes its 30-day window there (R20: the
 * decisions taken in it move nothing). Refused: a leaving whose event id the command does not give; one that held
 * nothing (no hold, no window: opening one after the fact would need the indications the titular was refused then,
 * which are not recorded).
 */
function leavingChange(
  command: UcCommand | null,
  b: readonly UcEvent[],
  a: readonly UcEvent[],
  sourceEventId: string | undefined,
): LeavingCorrectedJson | null {
  const was = b.find((e) => e.type === 'TitularidadeTransferred' || e.type === 'ContractClosed');
  const is = a.find((e) => e.type === 'TitularidadeTransferred' || e.type === 'ContractClosed');
  if (!was || !is || was.type !== is.type) return null;
  const previous = was.data.creditsLeaving;
  const corrected = is.data.creditsLeaving;
  if (jsonKey(previous) === jsonKey(corrected)) return null;
  const rule = was.type === 'TitularidadeTransferred' ? 'R18' : 'R19';
  const at = command?.type ?? was.type;
  if (sourceEventId === undefined)
    throw RuleViolation(
      rule,
      `${at}: os créditos que saíram da UC mudariam, e o registro de que foram mantidos para o titular não é ` +
        'conhecido: nada gravado',
    );
  // The process manager holds nothing, and opens no 30-day window, when nothing leaves: a correction that would
  // open one after the fact is refused (what the titular would have indicated in it is not known).
  if (previous.length === 0)
    throw RuleViolation(
      rule,
      `${at} em ${was.data.date}: nenhum crédito saiu da UC nessa data, então nenhum foi mantido para o titular e ` +
        'nenhum prazo de 30 dias foi aberto (R20); uma retificação não abre um prazo depois do fato: nada gravado',
    );
  const titularKey = was.type === 'TitularidadeTransferred' ? was.data.previousTitular.key : was.data.titular.key;
  return { sourceEventId, rule, titularKey, date: was.data.date, previous, corrected };
}

/** A required free-text field (the reason, the distribuidora's process number). */
function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInput(field, `o campo ${field} é obrigatório`);
  return value.trim();
}

/** What a re-decided history puts in place of the recorded values: readings by cycle, deliveries by source. */
interface Substitutions {
  readonly readings: ReadonlyMap<string, Postos>;
  /** Keyed by `deliveryKey` (generator and its cycle). */
  readonly receipts: ReadonlyMap<string, EnergyPartJson[]>;
  /** P6a: other UCs' corrected consumption, by `${ucId}|${readingDate}`, in the facts each reading compared. */
  readonly demands?: ReadonlyMap<string, string>;
  /** R20: the lots of a delivery of held credits (by its source event id), as a correction put them. */
  readonly heldReceipts?: ReadonlyMap<string, CreditLotJson[]>;
  /** Facts of other UCs for a cycle's reading whose events recorded none (recorded facts win). */
  readonly facts?: { readonly cycle: string; readonly facts: Readonly<Record<string, UcFacts>> };
}

/** The values earlier corrections in the history put in force. */
function earlierSubstitutions(history: readonly CorrectionHistoryStep[]): Substitutions {
  const readings = new Map<string, Postos>();
  const receipts = new Map<string, EnergyPartJson[]>();
  const demands = new Map<string, string>();
  const heldReceipts = new Map<string, CreditLotJson[]>();
  for (const h of history) {
    if (h.kind === 'held-receipt-correction') heldReceipts.set(h.sourceEventId, h.lots);
    else if (h.kind === 'correction') readings.set(h.cycle, h.postos);
    else if (h.kind === 'receipt-correction') receipts.set(deliveryKey(h.sourceUcId, h.sourceCycle), h.parts);
    else if (h.kind === 'demand-correction') demands.set(`${h.ucId}|${h.readingDate}`, h.consumedKwh);
  }
  return { readings, receipts, demands, heldReceipts };
}

function deliveryKey(sourceUcId: string, sourceCycle: string): string {
  return `${sourceUcId}|${sourceCycle}`;
}

/**
 * Re-decides the history with the substituted readings and deliveries in place of the recorded ones. An earlier
 * correction in the history lets what was due by its date expire, as its own decision did. A step that a rule
 * refuses with the corrected values refuses the correction (the rule's own id); one that the history in force
 * cannot re-decide (`corrected` null) is a conflict.
 */
function redecide(
  history: readonly CorrectionHistoryStep[],
  subs: Substitutions,
  corrected: string | null,
): { steps: Redecided[]; state: UcState } {
  let state = initialUcState;
  const steps: Redecided[] = [];
  for (const step of history) {
    let command: UcCommand;
    if (step.kind !== 'command') {
      command = { type: 'ExpireCredits', data: { date: step.date } };
    } else {
      command = step.command;
      if (command.type === 'RecordReading') {
        const postos = subs.readings.get(command.data.cycle);
        if (postos) command = { ...command, data: { ...command.data, postos } };
        if (command.type === 'RecordReading' && subs.facts?.cycle === command.data.cycle) {
          const facts = { ...subs.facts.facts, ...command.context.facts };
          command = { ...command, context: { ...command.context, facts } };
        }
        if (command.type === 'RecordReading' && subs.demands && subs.demands.size > 0 && command.context.facts) {
          command = {
            ...command,
            context: { ...command.context, facts: withDemands(command.context.facts, subs.demands) },
          };
        }
      } else if (command.type === 'ReceiveExcedente') {
        const parts = subs.receipts.get(deliveryKey(command.data.sourceUcId, command.data.sourceCycle));
        if (parts) command = { ...command, data: { ...command.data, parts } };
      } else if (command.type === 'ReceiveHeldCredits') {
        const lots = subs.heldReceipts?.get(command.data.sourceEventId);
        if (lots) command = { ...command, data: { ...command.data, lots } };
      }
    }
    let events: UcEvent[];
    try {
      events = decideUc(command, state);
    } catch (err) {
      throw refusalOf(err, command, corrected);
    }
    state = events.reduce(evolveUc, state);
    steps.push({ step, events });
  }
  return { steps, state };
}

/** P6a: the facts a reading compared, with other UCs' corrected consumption in place of the recorded one. */
function withDemands(
  facts: Readonly<Record<string, UcFacts>>,
  demands: ReadonlyMap<string, string>,
): Record<string, UcFacts> {
  const out: Record<string, UcFacts> = {};
  for (const [ucId, f] of Object.entries(facts)) {
    const latest = f.latestConsumption;
    const kwh = latest ? demands.get(`${ucId}|${latest.readingDate}`) : undefined;
    out[ucId] = kwh !== undefined && latest ? { ...f, latestConsumption: { ...latest, kwh } } : f;
  }
  return out;
}

/** A refusal met while re-deciding, said of the cycle it concerns. */
function refusalOf(err: unknown, command: UcCommand, corrected: string | null): Error {
  const at = command.type === 'RecordReading' ? `o ciclo ${command.data.cycle}` : `o comando ${command.type}`;
  if (corrected === null)
    return new StateConflict(`o histórico registrado não pode ser recalculado (${at}: ${(err as Error).message})`);
  if (err instanceof RuleViolationError)
    return RuleViolation(err.rule, `com ${corrected}, ${at} seria recusado: ${err.detail}`);
  if (err instanceof InvalidInput || err instanceof StateConflict) return err;
  return new StateConflict(`com ${corrected}, ${at} não poderia ser decidido: ${(err as Error).message}`);
}

/** The reading's values of a cycle in a re-decided history. */
function readingOf(steps: readonly Redecided[], cycle: string): ReadingPostosJson {
  for (const { events } of steps)
    for (const e of events) if (e.type === 'ReadingRecorded' && e.data.cycle === cycle) return e.data.postos;
  throw new StateConflict(`o ciclo ${cycle} não está no histórico recalculado`);
}

/**
 * What a step decided, compared between histories: its events without the facts of other UCs an allocation recorded
 * (P6a: a corrected consumption is recorded there by every allocation that checked the UC, even a percentage one that
 * does not compare it; only what it decided counts).
 */
function decisionOf(events: readonly UcEvent[]): string {
  return jsonKey(
    events.map((e) =>
      e.type === 'ExcedenteAllocated' ? { ...e, data: { ...e.data, inputs: { ...e.data.inputs, facts: [] } } } : e,
    ),
  );
}

/** The parts a delivery gave in a re-decided history (none when it gave nothing). */
function receivedOf(steps: readonly Redecided[], key: string): EnergyPartJson[] {
  for (const { events } of steps)
    for (const e of events)
      if (e.type === 'ExcedenteReceived' && deliveryKey(e.data.sourceUcId, e.data.sourceCycle) === key)
        return e.data.parts;
  return [];
}

/** The lots a delivery of held credits gave in a re-decided history (none when it gave nothing). */
function heldReceivedOf(steps: readonly Redecided[], sourceEventId: string): CreditLotJson[] {
  for (const { events } of steps)
    for (const e of events)
      if (e.type === 'HeldCreditsReceived' && e.data.sourceEventId === sourceEventId) return e.data.lots;
  return [];
}

function partsWh(parts: readonly EnergyPartJson[]): bigint {
  return parts.reduce((a, p) => a + Kwh.parse(p.kwh).wh, 0n);
}

function expiredWh(events: readonly UcEvent[]): bigint {
  return events.reduce((a, e) => (e.type === 'CreditsExpired' ? a + Kwh.parse(e.data.totalKwh).wh : a), 0n);
}

function find<T extends 'CycleCompensated' | 'ExcedenteAllocated'>(
  events: readonly UcEvent[],
  type: T,
): (T extends 'CycleCompensated' ? CycleCompensatedData : ExcedenteAllocatedData) | undefined {
  const e = events.find((x) => x.type === type);
  return e?.data as never;
}

/**
 * What a correction may change stays in the streams it appends to. Excedente allocated to other UCs (R5, R6) is
 * delivered by a generator's own correction (`allocationsMayChange`), not by a beneficiary's. A change of titular or a
 * closure stays what it was (what left the UC is compared by `leavingChange`, a closure's distribution by
 * `distributionChange`).
 */
function checkStaysInStream(
  ucId: string,
  command: UcCommand | null,
  b: UcEvent[],
  a: UcEvent[],
  allocationsMayChange: boolean,
): void {
  const at = command?.type === 'RecordReading' ? `o ciclo ${command.data.cycle}` : (command?.type ?? 'a retificação');
  const toOthers = (events: UcEvent[]) => {
    const alloc = find(events, 'ExcedenteAllocated');
    return jsonKey({
      allocations: alloc?.allocations.filter((x) => x.ucId !== ucId) ?? [],
    });
  };
  if (!allocationsMayChange && toOthers(b) !== toOthers(a)) {
    const alloc = find(a, 'ExcedenteAllocated') ?? find(b, 'ExcedenteAllocated');
    throw RuleViolation(
      alloc?.rateio?.mode === 'priority' ? 'R6' : 'R5',
      `${at}: o excedente que esta UC rateou para outras UCs também mudaria; uma retificação só refatura as ` +
        'beneficiárias da geradora da leitura retificada: nada gravado',
    );
  }
  const kind = (events: UcEvent[]) =>
    events.find((x) => x.type === 'TitularidadeTransferred' || x.type === 'ContractClosed')?.type ?? '';
  if (kind(b) !== kind(a))
    throw new StateConflict(
      `${at}: no histórico retificado, a troca de titularidade ou o encerramento da UC muda (${kind(b)} / ${kind(a)})`,
    );
}

/** The balance (credits, received excedente) two states hold, compared exactly. */
function sameBalance(a: UcState, b: UcState): boolean {
  const credits = (s: UcState) => jsonKey([...s.credits].sort(compareLots).map(creditToJson));
  const received = (s: UcState) =>
    jsonKey([...s.received].map(receivedToJson).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)));
  return credits(a) === credits(b) && received(a) === received(b);
}
