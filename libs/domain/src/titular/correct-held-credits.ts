import { creditToJson, type CreditLotJson } from '../compensation/lot-json';
import type { UcCommand } from '../uc/uc-commands';
import { compareLots } from '../compensation/lots';
import { lotsWh, signedKwh } from '../compensation/outcome-changes';
import { RuleViolation, StateConflict } from '../shared/errors';
import { parseBusinessDate } from '../values/business-date';
import { Kwh } from '../values/kwh';
import {
  decideTitular,
  evolveTitular,
  type HeldMoveCorrectedJson,
  type TitularCommand,
  type TitularEvent,
  type TitularState,
} from './titular-decider';
import { moveDeliveriesChanged } from './move-deliveries';
import { earlierTitularSubstitutions, redecideTitular, type TitularHistoryStep } from './titular-history';
import { jsonKey } from '../shared/json-key';

type CorrectHeldCredits = Extract<TitularCommand, { type: 'CorrectHeldCredits' }>;
type CorrectHeldReceipt = Extract<UcCommand, { type: 'CorrectHeldReceipt' }>;
type HeldCreditsCorrected = Extract<TitularEvent, { type: 'HeldCreditsCorrected' }>;

/** A 30-day move's reason (the code its event records) as the refusal says it in pt-BR. */
const MOVE_REASONS: Readonly<Record<string, string>> = {
  indication: 'indicação do titular',
  default: 'destinação automática',
  'new-uc': 'nova UC do titular',
};

/** The history step a HeldCreditsCorrected is: the lots it put in force for its hold. */
export function heldCorrectionStep(d: HeldCreditsCorrected['data']): TitularHistoryStep {
  return {
    kind: 'held-correction',
    correctionId: d.correctionId,
    sourceEventId: d.sourceEventId,
    date: d.date,
    lots: d.corrected,
  };
}

/**
 * The CorrectHeldCredits a UC's correction asks of its titular for one credit that left it (R18, R19): the one
 * shape the platform's correction work and the portfolio simulator both issue.
 */
export function correctHeldCreditsCommand(
  correction: { correctionId: string; date: string },
  fromUcId: string,
  leaving: { sourceEventId: string; rule: CorrectHeldCredits['data']['rule']; corrected: CreditLotJson[] },
  context: CorrectHeldCredits['context'],
): CorrectHeldCredits {
  return {
    type: 'CorrectHeldCredits',
    data: {
      correctionId: correction.correctionId,
      sourceEventId: leaving.sourceEventId,
      fromUcId,
      rule: leaving.rule,
      date: correction.date,
      lots: leaving.corrected,
    },
    context,
  };
}

/**
 * R20: the CorrectHeldReceipt a titular's HeldCreditsCorrected or ReallocationDefaultRedecided asks of a UC one of its
 * changed moves reaches (the receiving UC re-bills its history with the corrected lots; one the move gave nothing gets
 * the delivery placed at `deliveredAt`).
 */
export function correctHeldReceiptCommand(
  correction: { correctionId: string; date: string; fromUcId: string },
  /** A 30-day move's delivery (R20), or a closure distribution's (R19): its id and the lots it gives now. */
  move: Pick<HeldMoveCorrectedJson, 'sourceEventId' | 'corrected'>,
  fromStream: string,
  context: CorrectHeldReceipt['context'],
  /** A UC the move gave nothing: where in its history the process manager would have delivered it (R20). */
  deliveredAt: number | null = null,
): CorrectHeldReceipt {
  return {
    type: 'CorrectHeldReceipt',
    data: {
      correctionId: correction.correctionId,
      sourceEventId: move.sourceEventId,
      fromStream,
      fromUcId: correction.fromUcId,
      date: correction.date,
      lots: move.corrected,
      ...(deliveredAt !== null ? { deliveredAt } : {}),
    },
    context,
  };
}

/**
 * Retificação of the credits held for a titular (R18, R19): a correction of the source UC's history changed the credits
 * that left it. The titular stream's history is re-decided with the corrected lots in place of the hold's, every
 * command with the inputs it recorded (an indication's facts, a default's candidates), in order. The held credits and
 * 30-day windows stay (every 30-day decision must decide the same): the held credits it gives replace those in force
 * (HeldCreditsCorrected), then what is due by the correction's date expires (R9, "Time").
 *
 * A 30-day decision that moved these credits to UCs (an indication, the default, a new UC: R20) and decides the same
 * with the corrected lots (the same UCs, reason, date and inputs) moves other lots: each changed delivery is named in
 * `moves` (its event id from `moveEventIds`), and the receiving UC re-bills its history with the corrected lots
 * (CorrectHeldReceipt), in the same append.
 *
 * A UC the move gave nothing (a percentage split that gave it 0 Wh: no delivery reached it) that now receives credits
 * is named in `moves` too (`previous` empty): it gets the delivery from nothing, where the process manager would have
 * made it (CorrectHeldReceipt with `deliveredAt`).
 *
 * Refused with R20, nothing appended on any stream: a 30-day decision decided otherwise (kept instead of moved, or
 * the reverse: the titular stream's 30-day windows and what a UC registered since picked up would change after the
 * fact); a move whose event id is not given.
 */
export function decideCorrectHeldCredits(cmd: CorrectHeldCredits, s: TitularState): TitularEvent[] {
  const { data, context } = cmd;
  const date = parseBusinessDate(data.date, 'date');
  const history = context.history;
  const held = history.some(
    (h) =>
      h.kind === 'command' && h.command.type === 'HoldCredits' && h.command.data.sourceEventId === data.sourceEventId,
  );
  // The process manager holds the credits after they leave: a correction in between waits for it (409, retried).
  if (!held)
    throw new StateConflict(
      `os créditos que saíram da UC ${data.fromUcId} (${data.sourceEventId}) ainda não estão mantidos para o titular ` +
        s.key,
    );
  const earlier = earlierTitularSubstitutions(history);
  const before = redecideTitular(history, earlier, null);
  if (heldOf(before.state) !== heldOf(s) || jsonKey(before.state.windows) !== jsonKey(s.windows))
    throw new StateConflict(
      `os créditos mantidos para o titular ${s.key} não podem ser retificados: o histórico registrado, recalculado, ` +
        'não chega aos créditos mantidos',
    );
  const previous = earlier.holds.get(data.sourceEventId) ?? holdOf(history, data.sourceEventId);
  const lots = data.lots.map((l) => ({ ...l }));
  // Idempotent: the lots in force already are these (the same correction again).
  if (jsonKey(previous) === jsonKey(lots)) return [];
  const hold = holdCommandOf(history, data.sourceEventId);
  // R20: an earlier correction left this hold nothing, so no window is open for it: giving it credits again would open
  // one after the fact (an indication the titular made meanwhile was refused and is not recorded).
  if (previous.length === 0)
    throw RuleViolation(
      data.rule,
      `os créditos que saíram da UC ${data.fromUcId} em ${hold?.data.date ?? '?'} foram retificados para nenhum, e o ` +
        'prazo de 30 dias deles foi encerrado; uma retificação não abre um prazo depois do fato: nada gravado',
    );
  // R20: corrected to nothing, the hold opened no window: the decisions taken in it move nothing (below).
  const windowClosed = lots.length === 0 && hold ? { date: hold.data.date, deadline: hold.data.deadline } : undefined;
  const after = redecideTitular(
    history,
    { ...earlier, holds: new Map([...earlier.holds, [data.sourceEventId, lots]]) },
    `os créditos que saíram da UC ${data.fromUcId} retificados`,
  );

  let expiredBefore = 0n;
  let expiredAfter = 0n;
  const moves: HeldMoveCorrectedJson[] = [];
  /** The HeldCreditsReallocated events so far: the index of the next one's id in `moveEventIds`. */
  let moveCount = 0;
  for (let i = 0; i < before.steps.length; i++) {
    const b = before.steps[i];
    const a = after.steps[i];
    expiredBefore += expiredWh(b);
    expiredAfter += expiredWh(a);
    const first = moveCount;
    moveCount += b.filter((e) => e.type === 'HeldCreditsReallocated').length;
    // R20: a 30-day decision (a hold aside, which carries the corrected lots) must decide the same.
    if (decisionOf(b) === decisionOf(a)) continue;
    // R20: the same decision (the same UCs, by the same reason, on the same date) moving other lots: the receiving
    // UCs are re-billed with the corrected lots (CorrectHeldReceipt, in the same append).
    if (decisionOf(b, true) === decisionOf(a, true)) {
      // R20: a UC the move gave nothing (its split gave it 0 Wh, so no delivery reached it) and now gives some gets
      // the delivery from nothing, placed where the process manager would have made it.
      moves.push(...moveDeliveriesChanged(b, a, context.moveEventIds ?? [], first, s.key));
      continue;
    }
    // R20: the hold corrected to nothing, and with it its window: the hold and the decisions taken in the window (an
    // indication, the default, a new UC) are not in the corrected history (an indication is refused with R14, nothing
    // held); each delivery they made is corrected to nothing on the receiving UC (CorrectHeldReceipt).
    if (windowClosed && decisionOf(a) === decisionOf([]) && b.every((e) => ofClosedWindow(e, data))) {
      moves.push(...moveDeliveriesChanged(b, b.map(givingNothing), context.moveEventIds ?? [], first, s.key));
      continue;
    }
    const moved = [...b, ...a].find((e) => e.type === 'HeldCreditsReallocated' || e.type === 'HeldCreditsKept');
    throw RuleViolation(
      'R20',
      `os créditos mantidos para o titular ${s.key} vindos da UC ${data.fromUcId} foram ` +
        (moved?.type === 'HeldCreditsReallocated'
          ? `movidos em ${moved.data.date} (${MOVE_REASONS[moved.data.reason] ?? moved.data.reason}) para a(s) ` +
            `UC(s) ${moved.data.outcome.map((o) => o.ucId).join(', ')}`
          : `objeto de uma decisão do prazo de 30 dias${moved ? ` de ${moved.data.date}` : ''}`) +
        ', que seria outra com os créditos retificados (mantidos para o titular em vez de movidos, ou o contrário); ' +
        'uma retificação não reabre nem fecha um prazo de 30 dias depois do fato: nada gravado',
    );
  }
  const correction: TitularEvent = {
    type: 'HeldCreditsCorrected',
    data: {
      titularKey: s.key,
      fromUcId: data.fromUcId,
      correctionId: data.correctionId,
      sourceEventId: data.sourceEventId,
      rule: data.rule,
      date,
      previous,
      corrected: lots,
      differenceKwh: signedKwh(lotsWh(lots) - lotsWh(previous)),
      held: [...after.state.held]
        .sort((x, y) => (x.fromUcId < y.fromUcId ? -1 : x.fromUcId > y.fromUcId ? 1 : compareLots(x.lot, y.lot)))
        .map((h) => ({ ...creditToJson(h.lot), fromUcId: h.fromUcId })),
      expiredKwh: { before: Kwh.ofWh(expiredBefore).toString(), after: Kwh.ofWh(expiredAfter).toString() },
      // Only when some changed: a correction of credits still held records what it always did.
      ...(moves.length > 0 ? { moves } : {}),
      ...(windowClosed ? { windowClosed } : {}),
    },
  };
  // Every 30-day decision decided the same (above), so the windows are those in force, less a closed one (evolve).
  const corrected = evolveTitular(s, correction);
  if (jsonKey(after.state.windows) !== jsonKey(corrected.windows))
    throw new StateConflict(`titular ${s.key}: o histórico retificado daria outros prazos de 30 dias`);
  // "Time": what the corrected history holds past its expiry by the correction's date leaves now (R9).
  const expiry = decideTitular({ type: 'ExpireHeldCredits', data: { date } }, corrected);
  return [correction, ...expiry];
}

/** The lots a hold held, as its HoldCredits recorded them. */
function holdOf(history: readonly TitularHistoryStep[], sourceEventId: string): CreditLotJson[] {
  return holdCommandOf(history, sourceEventId)?.data.lots ?? [];
}

/** The HoldCredits that held the credits of a leaving. */
function holdCommandOf(
  history: readonly TitularHistoryStep[],
  sourceEventId: string,
): Extract<TitularCommand, { type: 'HoldCredits' }> | undefined {
  for (const h of history)
    if (h.kind === 'command' && h.command.type === 'HoldCredits' && h.command.data.sourceEventId === sourceEventId)
      return h.command;
  return undefined;
}

/** R20: an event of the hold a correction empties, or of a decision taken in its window (expiries aside). */
function ofClosedWindow(e: TitularEvent, data: CorrectHeldCredits['data']): boolean {
  switch (e.type) {
    case 'CreditsHeldForTitular':
      return e.data.sourceEventId === data.sourceEventId;
    case 'ReallocationIndicated':
    case 'HeldCreditsReallocated':
    case 'HeldCreditsKept':
      return e.data.fromUcId === data.fromUcId;
    case 'HeldCreditsExpired':
      return true;
    default:
      return false;
  }
}

/** A 30-day move as it is once its hold held nothing: every UC it named given nothing. */
function givingNothing(e: TitularEvent): TitularEvent {
  return e.type === 'HeldCreditsReallocated'
    ? { ...e, data: { ...e.data, outcome: e.data.outcome.map((o) => ({ ucId: o.ucId, lots: [] })) } }
    : e;
}

/**
 * What a step decided, compared between histories: expiries (counted apart) and holds (their lots are the change)
 * aside; `lotsAside`: the lots each move gives aside too (who receives, by what reason and inputs, stays).
 */
function decisionOf(events: readonly TitularEvent[], lotsAside = false): string {
  return jsonKey(
    events
      .filter((e) => e.type !== 'HeldCreditsExpired')
      .map((e) =>
        e.type === 'CreditsHeldForTitular'
          ? { ...e, data: { ...e.data, lots: [] } }
          : lotsAside && e.type === 'HeldCreditsReallocated'
            ? { ...e, data: { ...e.data, outcome: e.data.outcome.map((o) => ({ ucId: o.ucId })) } }
            : e,
      ),
  );
}

function heldOf(s: TitularState): string {
  return jsonKey(
    [...s.held]
      .map((h) => ({ ...creditToJson(h.lot), fromUcId: h.fromUcId }))
      .sort((x, y) => (jsonKey(x) < jsonKey(y) ? -1 : 1)),
  );
}

function expiredWh(events: readonly TitularEvent[]): bigint {
  return events.reduce((a, e) => (e.type === 'HeldCreditsExpired' ? a + Kwh.parse(e.data.totalKwh).wh : a), 0n);
}
