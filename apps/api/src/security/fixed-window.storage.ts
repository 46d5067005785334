import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler expects back from its storage (the package does not export the type from its root). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One tracker's current window. */
interface Window {
  startsAt: number;
  hits: number;
}

/**
 * Fixed-window counters, O(1) per request. The throttler's default storage keeps one timestamp per hit and filters
 * them on every request: at thousands of requests per second per key that is garbage on the hot path.
 * A window lasts `ttl` ms; past `limit` hits in it the tracker is blocked until it ends (`blockDuration` is ignored).
 */
export class FixedWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    this.sweep(now, ttl);
    let window = this.windows.get(key);
    if (!window || now >= window.startsAt + ttl) {
      window = { startsAt: now, hits: 0 };
      this.windows.set(key, window);
    }
    window.hits += 1;
    // Whole seconds, at least 1: what Retry-After and X-RateLimit-Reset carry.
    const secondsLeft = Math.max(1, Math.ceil((window.startsAt + ttl - now) / 1000));
    const isBlocked = window.hits > limit;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    });
  }

  /** How many trackers have a window (tests). */
  get size(): number {
    return this.windows.size;
  }

  /** Drops ended windows now and then, so trackers seen once (IPs, keys) do not accumulate. */
  private sweep(now: number, ttl: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + Math.max(ttl, 10_000);
    for (const [key, window] of this.windows) if (now >= window.startsAt + ttl) this.windows.delete(key);
  }
}
