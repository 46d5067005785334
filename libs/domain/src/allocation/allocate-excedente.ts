import { splitLargestRemainder } from '../split/split-largest-remainder';
import type { GdClass } from '../values/gd-class';
import { Percent } from '../values/percent';
import type { Posto } from '../values/posto';
import type { Rateio } from './rateio';

/** A part of the excedente: one posto and one GD class (Q2 splits per posto and per class). */
export interface EnergyPart {
  readonly posto: Posto;
  readonly gdClass: GdClass;
  readonly wh: bigint;
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
}): AllocationResult {
  const { generatorUcId, parts, rateio } = args;
  const nonZero = parts.filter((p) => p.wh > 0n);
  // R4: no rateio in force → the excedente becomes the generator's credit.
  if (!rateio) return { allocations: [], retained: nonZero.map((p) => ({ ...p })) };

  const perUc = rateio.mode === 'percentage' ? splitByPercentage(nonZero, rateio) : splitByPriority(nonZero, rateio, args.demandsWh ?? new Map());

  const allocations: AllocationPart[] = [];
  const retainedWh = new Map<string, EnergyPart>();
  const retain = (p: EnergyPart) => {
    const k = `${p.posto}|${p.gdClass}`;
    const prev = retainedWh.get(k);
    retainedWh.set(k, { posto: p.posto, gdClass: p.gdClass, wh: (prev?.wh ?? 0n) + p.wh });
  };
  for (const a of perUc) {
    if (a.wh === 0n) continue;
    // R4: a share on the generator itself is its credit; "Eligibility is checked again" → ineligible: its credit.
    if (a.ucId === generatorUcId || args.ineligible?.has(a.ucId)) retain(a);
    else allocations.push(a);
  }
  // The parts' own order (GD I first, then posto), one entry per posto and class.
  const retained = [...retainedWh.values()].sort(
    (a, b) => partIndex(nonZero, a) - partIndex(nonZero, b),
  );
  return { allocations, retained };
}

/** R5: each listed UC receives its percentage of each part; Q2 largest remainder, ties to the earlier UC. */
function splitByPercentage(parts: readonly EnergyPart[], rateio: Extract<Rateio, { mode: 'percentage' }>): AllocationPart[] {
  const weights = rateio.shares.map((s) => Percent.parse(s.percent).units);
  const out: AllocationPart[] = [];
  for (const part of parts) {
    const split = splitLargestRemainder(part.wh, weights);
    rateio.shares.forEach((s, i) => out.push({ ucId: s.ucId, posto: part.posto, gdClass: part.gdClass, wh: split[i] }));
  }
  return out;
}

/**
 * R6: UCs in order receive up to their demand (P6a) until the excedente runs out; what is left goes to the
 * leftover UC, else to the listed UC of largest demand, ties to the first in order (P6b). Amounts are filled
 * from the parts in their given order (GD I before GD II, then posto), so totals are exact with no rounding.
 */
function splitByPriority(
  parts: readonly EnergyPart[],
  rateio: Extract<Rateio, { mode: 'priority' }>,
  demandsWh: ReadonlyMap<string, bigint>,
): AllocationPart[] {
  const total = parts.reduce((a, p) => a + p.wh, 0n);
  const amounts = new Map<string, bigint>();
  let left = total;
  for (const ucId of rateio.order) {
    const take = minBig(demandsWh.get(ucId) ?? 0n, left);
    amounts.set(ucId, (amounts.get(ucId) ?? 0n) + take);
    left -= take;
  }
  if (left > 0n) {
    const target = rateio.leftoverUcId ?? largestDemand(rateio.order, demandsWh);
    amounts.set(target, (amounts.get(target) ?? 0n) + left);
  }
  // Fill: each UC in order takes its amount from the parts, in order.
  const remaining = parts.map((p) => p.wh);
  const out: AllocationPart[] = [];
  const order = [...rateio.order, ...(rateio.leftoverUcId && !rateio.order.includes(rateio.leftoverUcId) ? [rateio.leftoverUcId] : [])];
  for (const ucId of order) {
    let need = amounts.get(ucId) ?? 0n;
    for (let i = 0; i < parts.length && need > 0n; i++) {
      const take = minBig(need, remaining[i]);
      if (take === 0n) continue;
      remaining[i] -= take;
      need -= take;
      out.push({ ucId, posto: parts[i].posto, gdClass: parts[i].gdClass, wh: take });
    }
  }
  return out;
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
  return parts.findIndex((q) => q.posto === p.posto && q.gdClass === p.gdClass);
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
