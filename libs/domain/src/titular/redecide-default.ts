import { creditToJson } from '../compensation/lot-json';
import { RuleViolation, StateConflict } from '../shared/errors';
import { parseBusinessDate } from '../values/business-date';
import { Kwh } from '../values/kwh';
import type { TitularCommand, TitularEvent, TitularState } from './titular-decider';
import { moveDeliveriesChanged } from './move-deliveries';
import { earlierTitularSubstitutions, redecideTitular, type TitularHistoryStep } from './titular-history';
import { jsonKey } from '../shared/json-key';

type RedecideDefault = Extract<TitularCommand, { type: 'RedecideDefault' }>;
type DefaultRedecided = Extract<TitularEvent, { type: 'ReallocationDefaultRedecided' }>;

/** The history step a ReallocationDefaultRedecided is: the consumption it put in force in the facts compared. */
export function defaultCorrectionStep(d: DefaultRedecided['data']): TitularHistoryStep {
  return {
    kind: 'consumption-correction',
    correctionId: d.correctionId,
    ucId: d.comparedUcId,
    readingDate: d.readingDate,
    consumedKwh: d.correctedKwh,
    date: d.date,
  };
}

/**
 * Retificação of a consumption that the 30-day default compared (R20: the titular's active UC with the largest
 * consumption). The titular stream's history is re-decided with the corrected consumption in the facts each decision
 * recorded, in order. When every decision moves what it moved, ReallocationDefaultRedecided names the correction and
 * the decisions that compared it (nothing held changes); nothing compared it, or the same value: nothing appended.
 *
 * A default that now chooses another UC of largest consumption is re-decided too: the decision records the UCs before
 * and after (`previousToUcIds`), and `moves` names the two deliveries (the UC chosen before: its lots to nothing; the
 * UC chosen now: from nothing), which the correction corrects on the receiving UCs (CorrectHeldReceipt, the new one
 * placed where the process manager would have delivered it), in the same append.
 *
 * Refused with R20, nothing appended on any stream: a decision that would keep the credits instead of moving them, or
 * the reverse (not reachable by a consumption: kept means no candidate or nothing held), and a changed move whose
 * event id the command does not give.
 */
export function decideRedecideDefault(cmd: RedecideDefault, s: TitularState): TitularEvent[] {
  const { data, context } = cmd;
  const date = parseBusinessDate(data.date, 'date');
  const corrected = Kwh.parse(data.consumedKwh).toString();
  const history = context.history;
  const earlier = earlierTitularSubstitutions(history);
  const before = redecideTitular(history, earlier, null);
  if (heldOf(before.state) !== heldOf(s) || jsonKey(before.state.windows) !== jsonKey(s.windows))
    throw new StateConflict(
      `as decisões do titular ${s.key} não podem ser recalculadas: o histórico registrado, recalculado, não chega ` +
        'aos créditos mantidos',
    );
  const key = `${data.comparedUcId}|${data.readingDate}`;
  const previous = earlier.consumptions.get(key) ?? recordedConsumption(history, data.comparedUcId, data.readingDate);
  if (previous === null || Kwh.parse(previous).wh === Kwh.parse(corrected).wh) return [];
  const after = redecideTitular(
    history,
    { ...earlier, consumptions: new Map([...earlier.consumptions, [key, corrected]]) },
    `o consumo da UC ${data.comparedUcId} lido em ${data.readingDate} retificado`,
  );
  const decisions: DefaultRedecided['data']['decisions'] = [];
  const moves: NonNullable<DefaultRedecided['data']['moves']> = [];
  /** The HeldCreditsReallocated events so far: the index of the next one's id in `moveEventIds`. */
  let moveCount = 0;
  for (let i = 0; i < before.steps.length; i++) {
    const b = before.steps[i];
    const a = after.steps[i];
    const first = moveCount;
    moveCount += b.filter((e) => e.type === 'HeldCreditsReallocated').length;
    if (jsonKey(b) === jsonKey(a)) continue;
    // What a decision decided, without the facts it recorded (they carry the corrected consumption).
    const same = jsonKey(b.map((e) => outcomeOf(e))) === jsonKey(a.map((e) => outcomeOf(e)));
    // R20: the default now chooses another UC (the same decision: its date, reason, source UC and lots). The UC it
    // chose gets its delivery corrected to nothing and the UC it chooses now one from nothing (CorrectHeldReceipt,
    // in the same append), so the history is the one the corrected consumption gives from the start.
    const otherUc = !same && jsonKey(b.map((e) => outcomeOf(e, true))) === jsonKey(a.map((e) => outcomeOf(e, true)));
    if (!same && !otherUc) {
      const was = b.find((e) => e.type === 'HeldCreditsReallocated' || e.type === 'HeldCreditsKept');
      const is = a.find((e) => e.type === 'HeldCreditsReallocated' || e.type === 'HeldCreditsKept');
      throw RuleViolation(
        'R20',
        `a decisão do prazo de 30 dias de ${was?.data.date ?? is?.data.date ?? '?'} sobre os créditos da UC ` +
          `${was?.data.fromUcId ?? is?.data.fromUcId ?? '?'} comparou o consumo da UC ${data.comparedUcId}; ` +
          `com ${corrected} kWh ela os daria para ${targetsOf(is)} em vez de ${targetsOf(was)}; uma retificação ` +
          'não reabre nem fecha um prazo de 30 dias depois do fato: nada gravado',
      );
    }
    if (otherUc) {
      const was = b.filter((e) => e.type === 'HeldCreditsReallocated');
      const is = a.filter((e) => e.type === 'HeldCreditsReallocated');
      was.forEach((w, k) => {
        for (const m of moveDeliveriesChanged([w], [is[k]], context.moveEventIds ?? [], first + k, s.key))
          moves.push({ ...m, fromUcId: w.data.fromUcId });
      });
    }
    const was = b.filter((e) => e.type === 'HeldCreditsReallocated' || e.type === 'HeldCreditsKept');
    a.filter((e) => e.type === 'HeldCreditsReallocated' || e.type === 'HeldCreditsKept').forEach((e, k) => {
      const toUcIds = e.type === 'HeldCreditsReallocated' ? e.data.outcome.map((o) => o.ucId) : [];
      const w = was[k];
      const previousToUcIds = w?.type === 'HeldCreditsReallocated' ? w.data.outcome.map((o) => o.ucId) : [];
      decisions.push({
        date: e.data.date,
        fromUcId: e.data.fromUcId,
        toUcIds,
        // Only when it changed: a default re-decided to the same UC records what it always did.
        ...(jsonKey(previousToUcIds) !== jsonKey(toUcIds) ? { previousToUcIds } : {}),
      });
    });
  }
  if (decisions.length === 0) return [];
  return [
    {
      type: 'ReallocationDefaultRedecided',
      data: {
        titularKey: s.key,
        correctionId: data.correctionId,
        date,
        comparedUcId: data.comparedUcId,
        readingDate: data.readingDate,
        previousKwh: Kwh.parse(previous).toString(),
        correctedKwh: corrected,
        decisions,
        ...(moves.length > 0 ? { moves } : {}),
      },
    },
  ];
}

/** The consumption of the UC's reading of that date as the history's decisions recorded it (null: none did). */
function recordedConsumption(history: readonly TitularHistoryStep[], ucId: string, readingDate: string): string | null {
  for (const h of history) {
    if (h.kind !== 'command') continue;
    const facts =
      h.command.type === 'ApplyReallocationDefault'
        ? h.command.context.candidates
        : h.command.type === 'IndicateReallocation'
          ? Object.values(h.command.context.facts)
          : [];
    const f = facts.find((x) => x.ucId === ucId && x.latestConsumption?.readingDate === readingDate);
    if (f?.latestConsumption) return f.latestConsumption.kwh;
  }
  return null;
}

/** What a titular event decided, without the inputs it recorded (`ucAside`: nor the UCs a move gave the lots to). */
function outcomeOf(e: TitularEvent, ucAside = false): unknown {
  if (e.type === 'HeldCreditsReallocated') {
    const { inputs: _inputs, ...rest } = e.data;
    if (ucAside) return { type: e.type, data: { ...rest, outcome: rest.outcome.map((o) => o.lots) } };
    return { type: e.type, data: rest };
  }
  if (e.type === 'HeldCreditsKept') {
    const { inputs: _inputs, ...rest } = e.data;
    return { type: e.type, data: rest };
  }
  return e;
}

function targetsOf(e: TitularEvent | undefined): string {
  if (e?.type === 'HeldCreditsReallocated') return `a(s) UC(s) ${e.data.outcome.map((o) => o.ucId).join(', ')}`;
  return 'nenhuma UC (mantidos para o titular)';
}

function heldOf(s: TitularState): string {
  return jsonKey(
    [...s.held]
      .map((h) => ({ ...creditToJson(h.lot), fromUcId: h.fromUcId }))
      .sort((x, y) => (jsonKey(x) < jsonKey(y) ? -1 : 1)),
  );
}
