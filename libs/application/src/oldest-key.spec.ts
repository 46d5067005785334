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
      for (const m of [map, reference]) {
        // An LRU: a hit moves to the end.
        const hit = m.get(key);
        m.delete(key);
        m.set(key, hit ?? i);
      }
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
});
