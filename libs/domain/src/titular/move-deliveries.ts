import type { CreditLotJson } from '../compensation/lot-json';
import { RuleViolation } from '../shared/errors';
import { Kwh } from '../values/kwh';
import type { HeldMoveCorrectedJson, TitularEvent } from './titular-decider';
import { jsonKey } from '../shared/json-key';

/**
 * R20 retificação: the deliveries of one history step's 30-day moves whose lots a correction changes, each named as the
 * held-credits process manager names a delivery (`<move event id>:<ucId>`). The moves are compared one by one, in
 * order (the same decision: its date, reason and source UC; the caller checks it); per move, every UC either outcome
 * names: the lots it gave before (none when it gave that UC nothing, or did not name it) and gives now (none when it
 * no longer names it). A move whose event id is not known is refused with R20: nothing appended.
 */
export function moveDeliveriesChanged(
  before: readonly TitularEvent[],
  after: readonly TitularEvent[],
  moveEventIds: readonly string[],
  first: number,
  key: string,
): HeldMoveCorrectedJson[] {
  const out: HeldMoveCorrectedJson[] = [];
  const was = before.filter((e) => e.type === 'HeldCreditsReallocated');
  const is = after.filter((e) => e.type === 'HeldCreditsReallocated');
  was.forEach((w, k) => {
    const n = is[k];
    if (w.type !== 'HeldCreditsReallocated' || n?.type !== 'HeldCreditsReallocated') return;
    const previous = new Map(w.data.outcome.map((o) => [o.ucId, o.lots]));
    const corrected = new Map(n.data.outcome.map((o) => [o.ucId, o.lots]));
    const ucIds = [...new Set([...previous.keys(), ...corrected.keys()])];
    const changed = ucIds.filter((ucId) => jsonKey(previous.get(ucId) ?? []) !== jsonKey(corrected.get(ucId) ?? []));
    if (changed.length === 0) return;
    const moveEventId = moveEventIds[first + k];
    if (moveEventId === undefined)
      throw RuleViolation(
        'R20',
        `a movimentação de ${w.data.date} dos créditos mantidos para o titular ${key} mudaria, e o evento dela não é ` +
          'conhecido: nada gravado',
      );
    for (const ucId of changed) {
      const p = previous.get(ucId) ?? [];
      const c = corrected.get(ucId) ?? [];
      out.push({
        moveEventId,
        sourceEventId: `${moveEventId}:${ucId}`,
        ucId,
        reason: w.data.reason,
        date: w.data.date,
        previous: p,
        corrected: c,
        differenceKwh: signedKwh(lotsWh(c) - lotsWh(p)),
      });
    }
  });
  return out;
}

function lotsWh(lots: readonly CreditLotJson[]): bigint {
  return lots.reduce((a, l) => a + Kwh.parse(l.kwh).wh, 0n);
}

/** A kWh difference, signed ("-1.250": less). */
function signedKwh(wh: bigint): string {
  return wh < 0n ? `-${Kwh.ofWh(-wh).toString()}` : Kwh.ofWh(wh).toString();
}
