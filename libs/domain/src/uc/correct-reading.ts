import { creditToJson, receivedToJson } from '../compensation/lot-json';
import { compareLots, expiryOf } from '../compensation/lots';
import { InvalidInput, RuleViolation, RuleViolationError, StateConflict, UnknownReading } from '../shared/errors';
import { parseBusinessDate } from '../values/business-date';
import { parseCycle } from '../values/cycle';
import { Kwh } from '../values/kwh';
import { decideUc } from './decide-uc';
import { evolveUc } from './evolve-uc';
import type { CorrectionHistoryStep, UcCommand } from './uc-commands';
import type { CycleCompensatedData, ExcedenteAllocatedData, ReadingPostosJson, UcEvent } from './uc-events';
import { initialUcState, type UcState } from './uc-state';

type CorrectReading = Extract<UcCommand, { type: 'CorrectReading' }>;
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
 * Refused, nothing appended, when the change would leave the UC's stream: excedente allocated to other UCs (R5,
 * R6), credits that left with a change of titular (R18) or a closure (R19), a consumption another stream's decision
 * compared (P6a: R6; the 30-day default: R20); and a cycle older than the oldest credit still alive (R9).
 */
export function decideCorrectReading(cmd: CorrectReading, s: UcState): UcEvent[] {
  const { data, context } = cmd;
  if (typeof data.correctionId !== 'string' || data.correctionId === '')
    throw new InvalidInput('correctionId', 'a correction id is required');
  // Idempotent: the same correction again appends nothing.
  if (s.corrections.includes(data.correctionId)) return [];
  const cycle = parseCycle(data.cycle);
  const date = parseBusinessDate(data.date, 'date');
  const reason = requiredText(data.reason, 'reason');
  const reference = requiredText(data.reference, 'reference');
  if (!data.postos || typeof data.postos !== 'object' || Object.keys(data.postos).length === 0)
    throw new InvalidInput('postos', 'a correction needs consumed and injected energy for the UC postos');

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
    throw new InvalidInput('date', `the correction's date ${date} is before the UC's latest reading (${latest})`);
  // R9: a cycle older than the oldest credit that can still be alive on the correction's date (60 months) is
  // beyond what a correction may touch: its credits would have expired and left the balance already.
  if (expiryOf(readingDate) <= date) {
    throw RuleViolation(
      'R9',
      `cycle ${cycle} (read on ${readingDate}) is older than the oldest credit still alive on ${date} ` +
        `(60 months): a correction may not touch it`,
    );
  }

  const earlier = new Map<string, Postos>();
  for (const h of history) if (h.kind === 'correction') earlier.set(h.cycle, h.postos);
  const before = redecide(history, earlier, null);
  const inForce = before.state;
  if (!sameBalance(inForce, s)) {
    throw new StateConflict(
      `UC ${s.ucId}: its recorded history does not re-decide to the balance in force, so it cannot be corrected`,
    );
  }
  const after = redecide(history, new Map([...earlier, [cycle, data.postos]]), cycle);

  const previous = readingOf(before.steps, cycle);
  const corrected = readingOf(after.steps, cycle);
  // The reading in force already has these values: nothing to correct.
  if (JSON.stringify(previous) === JSON.stringify(corrected)) return [];

  if (context.readBy.length > 0 && totalConsumed(previous) !== totalConsumed(corrected)) {
    const first = context.readBy[0];
    throw RuleViolation(
      first.rule,
      `the consumption of cycle ${cycle} was compared by ${first.stream} (event ${first.eventId}` +
        `${first.rule === 'R6' ? ', a priority rateio demand, P6a' : ', the 30-day default'}): ` +
        're-deciding another stream is not supported; nothing appended',
    );
  }

  const recompensated: UcEvent[] = [];
  let expiredBefore = 0n;
  let expiredAfter = 0n;
  for (let i = 0; i < before.steps.length; i++) {
    const b = before.steps[i].events;
    const a = after.steps[i].events;
    expiredBefore += expiredWh(b);
    expiredAfter += expiredWh(a);
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    const step = before.steps[i].step;
    const command = step.kind === 'command' ? step.command : null;
    checkStaysInStream(s.ucId, command, b, a);
    const compensation = find(a, 'CycleCompensated');
    if (!compensation) continue;
    if (compensation.cycle < cycle)
      throw new StateConflict(`cycle ${compensation.cycle}, before the corrected one, re-decides differently`);
    recompensated.push({
      type: 'CycleRecompensated',
      data: {
        ucId: s.ucId,
        correctionId: data.correctionId,
        cycle: compensation.cycle,
        date,
        compensation,
        allocation: find(a, 'ExcedenteAllocated') ?? null,
        expiredKwh: Kwh.ofWh(expiredWh(a)).toString(),
      },
    });
  }

  const final = after.state;
  const events: UcEvent[] = [
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
        recompensated: recompensated.map((e) => (e.data as { cycle: string }).cycle),
        credits: final.credits.map(creditToJson),
        received: final.received.map(receivedToJson),
        latestReading: final.lastReading
          ? {
              cycle: final.lastReading.cycle,
              readingDate: final.lastReading.readingDate,
              consumedKwh: final.lastReading.consumed.toString(),
            }
          : null,
        expiredKwh: { before: Kwh.ofWh(expiredBefore).toString(), after: Kwh.ofWh(expiredAfter).toString() },
        readBy: context.readBy.map((r) => ({ stream: r.stream, eventId: r.eventId, rule: r.rule })),
      },
    },
    ...recompensated,
  ];
  // R9 ("Time"): what the corrected history holds past its expiry by the correction's date leaves now.
  const expiry = decideUc({ type: 'ExpireCredits', data: { date } }, events.reduce(evolveUc, s));
  return [...events, ...expiry];
}

/** A required free-text field (the reason, the distribuidora's process number). */
function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInput(field, `a ${field} is required`);
  return value.trim();
}

/**
 * Re-decides the history with the readings of `corrections` in place of the recorded ones. An earlier correction
 * in the history lets what was due by its date expire, as its own decision did. A step that a rule refuses with
 * the corrected values refuses the correction (the rule's own id); one that the history in force cannot re-decide
 * (`corrected` null) is a conflict.
 */
function redecide(
  history: readonly CorrectionHistoryStep[],
  corrections: ReadonlyMap<string, Postos>,
  corrected: string | null,
): { steps: Redecided[]; state: UcState } {
  let state = initialUcState;
  const steps: Redecided[] = [];
  for (const step of history) {
    let command: UcCommand;
    if (step.kind === 'correction') {
      command = { type: 'ExpireCredits', data: { date: step.date } };
    } else {
      command = step.command;
      if (command.type === 'RecordReading') {
        const postos = corrections.get(command.data.cycle);
        if (postos) command = { ...command, data: { ...command.data, postos } };
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

/** A refusal met while re-deciding, said of the cycle it concerns. */
function refusalOf(err: unknown, command: UcCommand, corrected: string | null): Error {
  const at = command.type === 'RecordReading' ? `cycle ${command.data.cycle}` : command.type;
  if (corrected === null)
    return new StateConflict(`the recorded history does not re-decide (${at}: ${(err as Error).message})`);
  if (err instanceof RuleViolationError)
    return RuleViolation(err.rule, `with cycle ${corrected} corrected, ${at} is refused: ${err.detail}`);
  if (err instanceof InvalidInput || err instanceof StateConflict) return err;
  return new StateConflict(`with cycle ${corrected} corrected, ${at} cannot be decided: ${(err as Error).message}`);
}

/** The reading's values of a cycle in a re-decided history. */
function readingOf(steps: readonly Redecided[], cycle: string): ReadingPostosJson {
  for (const { events } of steps)
    for (const e of events) if (e.type === 'ReadingRecorded' && e.data.cycle === cycle) return e.data.postos;
  throw new StateConflict(`cycle ${cycle} is not in the re-decided history`);
}

function totalConsumed(postos: ReadingPostosJson): bigint {
  return Object.values(postos).reduce((a, p) => a + Kwh.parse(p!.consumed).wh, 0n);
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
 * What a correction may change stays in the UC's stream. Excedente allocated to other UCs (R5, R6) and credits that
 * left the UC (R18, R19) were delivered to other streams, whose later decisions depended on them: refused.
 */
function checkStaysInStream(ucId: string, command: UcCommand | null, b: UcEvent[], a: UcEvent[]): void {
  const at = command?.type === 'RecordReading' ? `cycle ${command.data.cycle}` : (command?.type ?? 'a correction');
  const toOthers = (events: UcEvent[]) => {
    const alloc = find(events, 'ExcedenteAllocated');
    return JSON.stringify({
      allocations: alloc?.allocations.filter((x) => x.ucId !== ucId) ?? [],
      ineligible: alloc?.inputs.ineligible ?? {},
    });
  };
  if (toOthers(b) !== toOthers(a)) {
    const alloc = find(a, 'ExcedenteAllocated') ?? find(b, 'ExcedenteAllocated');
    throw RuleViolation(
      alloc?.rateio?.mode === 'priority' ? 'R6' : 'R5',
      `${at}: the excedente allocated to other UCs would change; re-billing the UCs that received it is not ` +
        'supported: nothing appended',
    );
  }
  for (const [type, rule] of [
    ['TitularidadeTransferred', 'R18'],
    ['ContractClosed', 'R19'],
    ['CreditsReallocated', 'R19'],
  ] as const) {
    const leaving = (events: UcEvent[]) => {
      const e = events.find((x) => x.type === type);
      if (!e) return '';
      if (e.type === 'CreditsReallocated') return JSON.stringify(e.data.outcome);
      return JSON.stringify((e.data as { creditsLeaving: unknown }).creditsLeaving);
    };
    if (leaving(b) !== leaving(a)) {
      throw RuleViolation(
        rule,
        `${at}: the credits that left the UC (held for the titular, then the 30-day decisions of R20) would ` +
          'change; re-deciding them is not supported: nothing appended',
      );
    }
  }
}

/** The balance (credits, received excedente) two states hold, compared exactly. */
function sameBalance(a: UcState, b: UcState): boolean {
  const credits = (s: UcState) => JSON.stringify([...s.credits].sort(compareLots).map(creditToJson));
  const received = (s: UcState) =>
    JSON.stringify([...s.received].map(receivedToJson).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)));
  return credits(a) === credits(b) && received(a) === received(b);
}
