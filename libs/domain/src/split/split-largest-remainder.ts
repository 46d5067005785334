/**
 * Q2: splits a whole number of Wh by weights with the largest-remainder method, so the parts add up exactly
 * to the whole. Leftover Wh go to the largest remainders; ties go to the earlier entry in the list.
 */
export function splitLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('cannot split a negative amount');
  const weightSum = weights.reduce((a, w) => a + w, 0n);
  if (weightSum <= 0n) throw new RangeError('weights must add up to more than zero');
  const parts = weights.map((w) => (total * w) / weightSum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % weightSum }));
  let left = total - parts.reduce((a, p) => a + p, 0n);
  // Largest remainder first; equal remainders keep list order (Array.prototype.sort is stable).
  remainders.sort((a, b) => (a.r === b.r ? 0 : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts;
}
