import type { MoneyValue } from './cycle-pricing';
export { kwhTextOfWh, whOfText } from '../values/wh-text';

/**
 * R28 without decimal.js for the common case (the invoice's fast path, see `computeInvoice`). Every figure is a whole
 * number of centavos (a JS integer, exact below 2^53) or of Wh; no figure is ever a float. A float only LOCATES an
 * exact amount between two whole centavos: `estimate` is the amount in centavos computed in floats from the exact
 * inputs, and the exact value (as decimal.js computes it at 60 digits) lies within `magnitude × REL_ERROR` of it.
 * When that interval holds no rounding boundary (a whole centavo for `truncate`, a half centavo for `abnt`), the
 * exact value rounds to the same whole centavos as the estimate; otherwise the answer is NaN and the caller computes
 * the figure with decimal.js.
 *
 * The bound: each float step rounds with relative error ≤ 2^-53 ≈ 1.1e-16 (a decimal text parsed to a float, at
 * most 2 × 2^-53); an amount here takes at most ~10 steps plus one per term of a sum (≤ 1,000 terms, see
 * `MAX_TERMS`), relative to the sum of the magnitudes of the terms: ≤ 1,100 × 1.1e-16 ≈ 1.3e-13. decimal.js at
 * 60 digits adds ≤ 1e-58 per step. 1e-12 covers both with a margin; an estimate that close to a boundary happens
 * about once in 10^9 figures and costs only the exact computation.
 */
export const REL_ERROR = 1e-12;
/** Terms of a sum the bound above allows. */
export const MAX_TERMS = 1_000;
/** Centavos above this (R$ 351 billion) are left to decimal.js; 64 such figures still add up exactly (< 2^53). */
const LIMIT = 2 ** 45;

/**
 * R28: the exact amount rounded once to whole centavos (`truncate`: toward zero; otherwise half-even), or NaN when
 * the estimate cannot tell (see above). `magnitude` ≥ |estimate|, the sum of the magnitudes of what was added; 0
 * only when every term is exactly 0 (a factor was exactly 0), so the amount is exactly 0.
 */
export function centavosOf(estimate: number, magnitude: number, truncate: boolean): number {
  if (magnitude === 0) return 0;
  if (!(magnitude < LIMIT)) return NaN; // also NaN and Infinity
  const err = magnitude * REL_ERROR;
  if (truncate) {
    const whole = Math.trunc(estimate);
    const frac = Math.abs(estimate - whole); // exact (|estimate| < 2^45)
    return frac > err && frac < 1 - err ? whole : NaN;
  }
  const floor = Math.floor(estimate);
  const fromHalf = estimate - floor - 0.5; // exact near the half (Sterbenz); far from it, off by ≤ 2^-53
  if (!(Math.abs(fromHalf) > err)) return NaN;
  return fromHalf < 0 ? floor : floor + 1;
}

/** A `Money` value as a float for `centavosOf`'s estimates, or NaN when it is outside [1e-60, 1e60] (and not 0). */
export function estimateOf(value: MoneyValue): number {
  if (value.isZero()) return 0;
  const f = Number(value.toString());
  const a = Math.abs(f);
  return a >= 1e-60 && a <= 1e60 ? f : NaN;
}

/** Whole centavos as printed ("35.39", "-23.69", "0.00"): `amountText` of the same value. */
export function centavosText(centavos: number): string {
  const a = centavos < 0 ? -centavos : centavos;
  const rest = a % 100;
  const reais = (a - rest) / 100;
  return `${centavos < 0 ? '-' : ''}${reais}.${rest < 10 ? '0' : ''}${rest}`;
}
