/** R27: which plants count as above 1 MW for the ICMS of compensated energy. */
import type { UcState } from '../uc/uc-state';

/** 1 MW in W: a plant above it is not exempt (R27, Convênio ICMS 16/2015). */
export const ONE_MW_WATTS = 1_000_000n;

/** R27: the plants whose energy a UC may use at a reading: its own, its received excedente's and its credits'. */
export function energySourcesOf(state: UcState): Set<string> {
  const sources = new Set<string>([state.ucId]);
  for (const l of state.received) sources.add(l.sourceUcId);
  for (const l of state.credits) sources.add(l.sourceUcId);
  return sources;
}

/** R27: the installed power of a plant's tranches, in W. */
export function installedWatts(state: UcState | null | undefined): bigint {
  return state?.generation?.tranches.reduce((a, t) => a + t.watts, 0n) ?? 0n;
}
