import { COHORT_2023_H1, cohortOf, type ScceCohort } from '../values/scce-cohort';
import { splitLargestRemainder } from '../split/split-largest-remainder';
import type { GdClass } from '../values/gd-class';
import { GD_CLASSES } from '../values/gd-class';
import type { ClassificationFacts } from './classify-gd';
import { classifyTranche } from './classify-gd';
import type { Tranche } from './generation';

/**
 * R16: a cycle's injected Wh of one posto, split among tranches in proportion to kW, summed by GD class; R23: the
 * energy of tranches requested in the 2023-H1 window is kept apart with its cohort.
 */
export function splitInjectionByClass(
  injectedWh: bigint,
  tranches: readonly Tranche[],
  facts: ClassificationFacts,
): { gdClass: GdClass; wh: bigint; cohort?: ScceCohort }[] {
  if (injectedWh === 0n) return [];
  const parts = splitLargestRemainder(
    injectedWh,
    tranches.map((t) => t.watts),
  );
  const byClass = new Map<GdClass, bigint>();
  const ofCohort = new Map<GdClass, bigint>();
  tranches.forEach((t, i) => {
    const c = classifyTranche(t, facts);
    const into = cohortOf(t.requestedAt, c) === undefined ? byClass : ofCohort;
    into.set(c, (into.get(c) ?? 0n) + parts[i]);
  });
  // R16 "Tranches": GD I energy is used before GD II: keep the fixed class order (a class's cohort energy after it).
  const out: { gdClass: GdClass; wh: bigint; cohort?: ScceCohort }[] = [];
  for (const c of GD_CLASSES) {
    const wh = byClass.get(c) ?? 0n;
    if (wh > 0n) out.push({ gdClass: c, wh });
    const cohortWh = ofCohort.get(c) ?? 0n;
    if (cohortWh > 0n) out.push({ gdClass: c, wh: cohortWh, cohort: COHORT_2023_H1 });
  }
  return out;
}
