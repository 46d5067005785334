import { backoffDelay, defaultRetryBackoff } from './retry-backoff';

describe('backoffDelay', () => {
  it('doubles from 50 ms and stops growing at the 30 s cap (defaults)', () => {
    const delays = [1, 2, 3, 4, 10, 11, 12, 100, 10_000].map((a) => backoffDelay(a, defaultRetryBackoff));
    expect(delays).toEqual([50, 100, 200, 400, 25_600, 30_000, 30_000, 30_000, 30_000]);
  });
});
