import { splitLargestRemainder } from '../split/split-largest-remainder';
import type { GdClass } from '../values/gd-class';
import { GD_CLASSES } from '../values/gd-class';
import type { ClassificationFacts } from './classify-gd';
import { classifyTranche } from './classify-gd';
import type { Tranche } from './generation';

/** R16: a cycle's injected Wh of one posto, split among tranches in proportion to kW, summed by GD class. */
export function splitInjectionByClass(
  injectedWh: bigint,
  tranches: readonly Tranche[],
  facts: ClassificationFacts,
): { gdClass: GdClass; wh: bigint }[] {
  if (injectedWh === 0n) return [];
  const parts = splitLargestRemainder(
    injectedWh,
    tranches.map((t) => t.watts),
  );
  const byClass = new Map<GdClass, bigint>();
  tranches.forEach((t, i) => {
    const c = classifyTranche(t, facts);
    byClass.set(c, (byClass.get(c) ?? 0n) + parts[i]);
  });
  // R16 "Tranches": GD I energy is used before GD II: keep the fixed class order.
  return GD_CLASSES.filter((c) => (byClass.get(c) ?? 0n) > 0n).map((c) => ({ gdClass: c, wh: byClass.get(c)! }));
}
