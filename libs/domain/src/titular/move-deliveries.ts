import { outcomeChanges } from '../compensation/outcome-changes';
import { RuleViolation } from '../shared/errors';
import type { HeldMoveCorrectedJson, TitularEvent } from './titular-decider';

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
    const changed = outcomeChanges(w.data.outcome, n.data.outcome);
    if (changed.length === 0) return;
    const moveEventId = moveEventIds[first + k];
    if (moveEventId === undefined)
      throw RuleViolation(
        'R20',
        `a movimentação de ${w.data.date} dos créditos mantidos para o titular ${key} mudaria, e o evento dela não é ` +
          'conhecido: nada gravado',
      );
    for (const c of changed)
      out.push({
        moveEventId,
        sourceEventId: `${moveEventId}:${c.ucId}`,
        ucId: c.ucId,
        reason: w.data.reason,
        date: w.data.date,
        previous: c.previous,
        corrected: c.corrected,
        differenceKwh: c.differenceKwh,
      });
  });
  return out;
}
