import { FixedWindowStorage } from './fixed-window.storage';

describe('FixedWindowStorage', () => {
  let now = 0;
  const storage = new FixedWindowStorage(() => now);

  it('counts hits per key in a window of ttl ms, blocking past the limit until the window ends', async () => {
    now = 1_000;
    for (let hit = 1; hit <= 3; hit++) {
      expect(await storage.increment('a', 1000, 3)).toMatchObject({ totalHits: hit, isBlocked: false });
    }
    now = 1_400;
    expect(await storage.increment('a', 1000, 3)).toEqual({
      totalHits: 4,
      timeToExpire: 1,
      isBlocked: true,
      timeToBlockExpire: 1,
    });
    expect(await storage.increment('b', 1000, 3)).toMatchObject({ totalHits: 1, isBlocked: false });
    now = 2_000;
    expect(await storage.increment('a', 1000, 3)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('forgets ended windows, so trackers seen once do not accumulate', async () => {
    now = 100_000;
    await storage.increment('c', 1000, 3);
    expect(storage.size).toBe(1);
  });
});
