import { cohortKey, withCohort, type ScceCohort } from '../values/scce-cohort';
import { splitLargestRemainder } from '../split/split-largest-remainder';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import { Percent } from '../values/percent';
import { POSTOS, type Posto } from '../values/posto';
import type { Rateio } from './rateio';

/** A part of the excedente: one posto and one GD class (Q2 splits per posto and per class). */
export interface EnergyPart {
  readonly posto: Posto;
  readonly gdClass: GdClass;
  readonly wh: bigint;
  /** R23 (L art. 27 §2): energy of a tranche requested between 2023-01-08 and 2023-07-07. */
  readonly cohort?: ScceCohort;
}

/** One UC's allocation of one part. */
export interface AllocationPart extends EnergyPart {
  readonly ucId: string;
}

/** What the allocation compared, recorded in the event so a replay re-derives it. */
export interface AllocationInputs {
  /** P6a demands (kWh strings), priority rateios only. */
  demands?: Record<string, string>;
  /** Listed UCs found ineligible at allocation time, with the reason ("Eligibility is checked again"). */
  ineligible: Record<string, string>;
}

/** The outcome of R4–R6. */
export interface AllocationResult {
  /** Parts delivered to other UCs. */
  readonly allocations: AllocationPart[];
  /** Parts that stay with the generator as its credit (its own share, ineligible UCs' shares, or no rateio). */
  readonly retained: EnergyPart[];
}

/**
 * R4–R6: allocates the excedente parts of a generator.
 * @param demandsWh P6a demand of each listed UC (priority only).
 * @param ineligible listed UCs that receive nothing now; their share becomes the generator's credit.
 */
export function allocateExcedente(args: {
  generatorUcId: string;
  parts: readonly EnergyPart[];
  rateio: Rateio | null;
  demandsWh?: ReadonlyMap<string, bigint>;
  ineligible?: ReadonlySet<string>;
  /** The generator's postos, in its order (R6 ties between parts); default: every posto in POSTOS order. */
  postos?: readonly Posto[];
}): AllocationResult {
  const { generatorUcId, parts, rateio } = args;
  const nonZero = parts.filter((p) => p.wh > 0n);
  // R4: no rateio in force → the excedente becomes the generator's credit.
  if (!rateio) return { allocations: [], retained: nonZero.map((p) => ({ ...p })) };

  const perUc =
    rateio.mode === 'percentage'
      ? splitByPercentage(nonZero, rateio)
      : splitByPriority(nonZero, rateio, args.demandsWh ?? new Map(), args.postos ?? POSTOS);

  const allocations: AllocationPart[] = [];
  const retainedWh = new Map<string, EnergyPart>();
  const retain = (p: EnergyPart) => {
    const k = `${p.posto}|${p.gdClass}${cohortKey(p.cohort)}`;
    const prev = retainedWh.get(k);
    retainedWh.set(k, withCohort({ posto: p.posto, gdClass: p.gdClass, wh: (prev?.wh ?? 0n) + p.wh }, p.cohort));
  };
  for (const a of perUc) {
    if (a.wh === 0n) continue;
    // R4: a share on the generator itself is its credit; "Eligibility is checked again" → ineligible: its credit.
    if (a.ucId === generatorUcId || args.ineligible?.has(a.ucId)) retain(a);
    else allocations.push(a);
  }
  // The parts' own order (GD I first, then posto), one entry per posto and class.
  const retained = [...retainedWh.values()].sort((a, b) => partIndex(nonZero, a) - partIndex(nonZero, b));
  return { allocations, retained };
}

/** R5: each listed UC receives its percentage of each part; Q2 largest remainder, ties to the earlier UC. */
function splitByPercentage(
  parts: readonly EnergyPart[],
  rateio: Extract<Rateio, { mode: 'percentage' }>,
): AllocationPart[] {
  const weights = rateio.shares.map((s) => Percent.parse(s.percent).units);
  const out: AllocationPart[] = [];
  for (const part of parts) {
    const split = splitLargestRemainder(part.wh, weights);
    rateio.shares.forEach((s, i) =>
      out.push(withCohort({ ucId: s.ucId, posto: part.posto, gdClass: part.gdClass, wh: split[i] }, part.cohort)),
    );
  }
  return out;
}

/**
 * R6: UCs in order receive up to their demand (P6a) until the excedente runs out; what is left goes to the
 * leftover UC, else to the listed UC of largest demand, ties to the first in order (P6b).
 * "Priority rateio and classes" (R6, R16): each UC takes its kWh from every posto and GD-class part in proportion to
 * what is left of each part (Q2, ties to the earlier part: the generator's posto order, then GD I, GD II, GD III), so
 * every beneficiary receives the plant's mix; the leftover UC takes all that remains of every part.
 */
function splitByPriority(
  parts: readonly EnergyPart[],
  rateio: Extract<Rateio, { mode: 'priority' }>,
  demandsWh: ReadonlyMap<string, bigint>,
  postos: readonly Posto[],
): AllocationPart[] {
  const ordered = [...parts].sort(
    (a, b) =>
      postos.indexOf(a.posto) - postos.indexOf(b.posto) ||
      GD_CLASSES.indexOf(a.gdClass) - GD_CLASSES.indexOf(b.gdClass),
  );
  const remaining = ordered.map((p) => p.wh);
  const byKey = new Map<string, AllocationPart>();
  const give = (ucId: string, i: number, wh: bigint) => {
    if (wh === 0n) return;
    remaining[i] -= wh;
    const { posto, gdClass, cohort } = ordered[i];
    const k = `${ucId}|${posto}|${gdClass}${cohortKey(cohort)}`;
    const prev = byKey.get(k);
    byKey.set(k, withCohort({ ucId, posto, gdClass, wh: (prev?.wh ?? 0n) + wh }, cohort));
  };
  for (const ucId of rateio.order) {
    const left = remaining.reduce((a, w) => a + w, 0n);
    const take = minBig(demandsWh.get(ucId) ?? 0n, left);
    if (take === 0n) continue;
    splitLargestRemainder(take, remaining).forEach((wh, i) => give(ucId, i, wh));
  }
  // P6b: the leftover takes all that remains of every part.
  if (remaining.some((w) => w > 0n)) {
    const target = rateio.leftoverUcId ?? largestDemand(rateio.order, demandsWh);
    [...remaining].forEach((wh, i) => give(target, i, wh));
  }
  return [...byKey.values()];
}

/** P6b: the listed UC with the largest demand; ties go to the first in order. */
function largestDemand(order: readonly string[], demandsWh: ReadonlyMap<string, bigint>): string {
  let best = order[0];
  let bestDemand = demandsWh.get(best) ?? 0n;
  for (const ucId of order) {
    const d = demandsWh.get(ucId) ?? 0n;
    if (d > bestDemand) {
      best = ucId;
      bestDemand = d;
    }
  }
  return best;
}

function partIndex(parts: readonly EnergyPart[], p: EnergyPart): number {
  return parts.findIndex((q) => q.posto === p.posto && q.gdClass === p.gdClass && q.cohort === p.cohort);
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
