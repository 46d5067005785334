import type { BusinessDate } from '../values/business-date';
import type { GdClass } from '../values/gd-class';
import type { Modalidade, Tranche } from './generation';

/** R15: connection requests on or before this date are GD I. */
export const GD_I_REQUEST_CUTOFF = '2023-01-07';
/** R15: GD I is kept through this date; GD I energy injected after it is GD II. */
export const GD_I_KEPT_UNTIL = '2045-12-31';
/** R15: GD III needs more than 500 kW installed in total. */
const GD_III_MIN_WATTS = 500_000n;

/** What R15 looks at, beyond the tranche's own request date. */
export interface ClassificationFacts {
  readonly totalWatts: bigint;
  readonly dispatchable: boolean;
  readonly modalidade: Modalidade;
  /** Largest percentage (units of 0.0001%) given to one UC other than the generator by the rateio in force; 0 if none. */
  readonly largestOtherShareUnits: bigint;
  /** Date the energy was injected (the reading date). */
  readonly on: BusinessDate;
}

/** R15: the GD class of a tranche's energy. */
export function classifyTranche(tranche: Tranche, facts: ClassificationFacts): GdClass {
  if (tranche.requestedAt <= GD_I_REQUEST_CUTOFF) {
    // R15: GD I kept through 2045-12-31, also across a change of titular.
    return facts.on <= GD_I_KEPT_UNTIL ? 'GD_I' : 'GD_II';
  }
  const gdIII =
    facts.totalWatts > GD_III_MIN_WATTS &&
    !facts.dispatchable &&
    (facts.modalidade === 'autoconsumo_remoto' || facts.modalidade === 'compartilhada') &&
    facts.largestOtherShareUnits >= 250_000n; // 25%, in units of 0.0001%
  return gdIII ? 'GD_III' : 'GD_II';
}

/** The class a tranche gets when registered (for display): ignores the rateio, so never GD III. */
export function requestClass(requestedAt: string): GdClass {
  return requestedAt <= GD_I_REQUEST_CUTOFF ? 'GD_I' : 'GD_II';
}
