import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OldestKey } from './oldest-key';

describe('OldestKey', () => {
  it('evicts what map.keys().next() would, through an LRU workload of moves, evictions, clears and an empty map', () => {
    let seed = 12345;
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const capacity = 50;
    const map = new Map<number, number>();
    const oldest = new OldestKey(map);
    const reference = new Map<number, number>();
    const evicted: [number | undefined, number | undefined][] = [];
    expect(oldest.next()).toBeUndefined();
    for (let i = 0; i < 20_000; i++) {
      const key = Math.floor(random() * 150);
      if (i % 5_000 === 4_999) {
        map.clear();
        reference.clear();
        expect(oldest.next()).toBeUndefined();
      }
      // An LRU: a hit moves to the end.
      oldest.putLast(key, map.get(key) ?? i);
      const hit = reference.get(key);
      reference.delete(key);
      reference.set(key, hit ?? i);
      if (map.size > capacity) {
        const mine = oldest.next();
        const theirs = reference.keys().next().value;
        evicted.push([mine, theirs]);
        map.delete(mine!);
        reference.delete(theirs!);
      }
    }
    expect(evicted.length).toBeGreaterThan(5_000);
    expect(evicted.filter(([a, b]) => a !== b)).toEqual([]);
    expect([...map.keys()]).toEqual([...reference.keys()]);
  });

  it('lets the map’s old tables go while no eviction comes (a cache below its capacity keeps moving its keys)', () => {
    // A live Map iterator keeps every table V8 gives the map after it: an idle one held them all (a leak).
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const map = new Map<string, number>();
    const oldest = new OldestKey(map);
    for (let i = 0; i < 5_000; i++) map.set(`k${i}`, i);
    map.delete(oldest.next()!); // one eviction: the iterator exists
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 300_000; i++) {
      oldest.putLast(`k${(i % 4_999) + 1}`, i);
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Idle for good, it held ~15 MB of old tables here; let go, what a few thousand strings cost.
    expect(grown).toBeLessThan(4 * 2 ** 20);
    expect(oldest.next()).toBe(`k${(300_000 % 4_999) + 1}`);
  });
});
