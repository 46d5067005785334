import { RuleViolation } from '../shared/errors';
import { GD_I_REQUEST_CUTOFF } from './classify-gd';
import { formatKw } from './generation';

/** R21: micro up to 75 kW. */
export const MICRO_MAX_WATTS = 75_000n;
/** R21: mini up to 5 MW dispatchable (and any GD I plant); 3 MW non-dispatchable. */
export const MINI_MAX_DISPATCHABLE_WATTS = 5_000_000n;
export const MINI_MAX_NON_DISPATCHABLE_WATTS = 3_000_000n;

/**
 * R21: refuses installed power above the limit. `firstRequestedAt` is the plant's first tranche: a GD I plant
 * (requested on or before 2023-01-07) keeps the 5 MW limit whatever its source.
 */
export function checkSize(totalWatts: bigint, dispatchable: boolean, firstRequestedAt: string): 'micro' | 'mini' {
  const limit =
    dispatchable || firstRequestedAt <= GD_I_REQUEST_CUTOFF
      ? MINI_MAX_DISPATCHABLE_WATTS
      : MINI_MAX_NON_DISPATCHABLE_WATTS;
  if (totalWatts > limit) {
    throw RuleViolation(
      'R21',
      `a potência instalada de ${formatKw(totalWatts)} kW passa do limite de ${formatKw(limit)} kW da minigeração`,
    );
  }
  return totalWatts <= MICRO_MAX_WATTS ? 'micro' : 'mini';
}
