import { splitLargestRemainder } from './split-largest-remainder';

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('splitLargestRemainder (Q2)', () => {
  it('Q2 splits 700 kWh 40/60 exactly into 280 / 420 kWh', () => {
    expect(splitLargestRemainder(700_000n, [400_000n, 600_000n])).toEqual([280_000n, 420_000n]);
  });

  it('Q2 a 1/3 split 33.3333 / 33.3333 / 33.3334 of 100 kWh: the leftover Wh goes to the largest remainder', () => {
    const parts = splitLargestRemainder(100_000n, [333_333n, 333_333n, 333_334n]);
    expect(parts).toEqual([33_333n, 33_333n, 33_334n]);
    expect(sum(parts)).toBe(100_000n);
  });

  it('Q2 equal remainders: the leftover Wh goes to the earlier entry', () => {
    expect(splitLargestRemainder(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(splitLargestRemainder(101n, [1n, 1n, 1n])).toEqual([34n, 34n, 33n]);
    expect(splitLargestRemainder(1n, [50n, 50n])).toEqual([1n, 0n]);
  });

  it('Q2 2 Wh split 33.3333 / 33.3333 / 33.3334: first to the largest remainder, then the tie to the earlier', () => {
    expect(splitLargestRemainder(2n, [333_333n, 333_333n, 333_334n])).toEqual([1n, 0n, 1n]);
  });

  it('Q2 the largest remainder wins over list order', () => {
    // 7 Wh by 1/1/3 → 1.4, 1.4, 4.2 → 1, 1, 4 and 1 Wh left: remainders .4 = .4 > .2, so the earlier .4 gets it.
    expect(splitLargestRemainder(7n, [1n, 1n, 3n])).toEqual([2n, 1n, 4n]);
    expect(splitLargestRemainder(7n, [3n, 1n, 1n])).toEqual([4n, 2n, 1n]);
  });

  it('Q2 the parts always add up to the whole', () => {
    for (const total of [0n, 1n, 2n, 3n, 999n, 1_000_001n, 123_456_789n]) {
      for (const weights of [
        [1n],
        [1n, 2n],
        [333_333n, 333_333n, 333_334n],
        [1n, 1n, 1n, 1n, 1n, 1n, 1n],
        [5n, 0n, 7n],
      ]) {
        const parts = splitLargestRemainder(total, weights);
        expect(sum(parts)).toBe(total);
        parts.forEach((p) => expect(p >= 0n).toBe(true));
      }
    }
  });

  it('Q2 a zero weight receives nothing', () => {
    expect(splitLargestRemainder(5n, [1n, 0n, 1n])).toEqual([3n, 0n, 2n]);
  });

  it('Q3 refuses a negative whole and weights that add up to zero', () => {
    expect(() => splitLargestRemainder(-1n, [1n])).toThrow(RangeError);
    expect(() => splitLargestRemainder(1n, [0n, 0n])).toThrow(RangeError);
  });
});
