/**
 * Insertions a map may take while the iterator waits for the next eviction; past them it is let go (see `putLast`).
 */
const IDLE_INSERTIONS = 1_024;

/**
 * The oldest key of a Map (its first in insertion order), for a bounded cache to evict. `map.keys().next()` scans
 * from the start of V8's table over every entry deleted since the table was last compacted, and a cache's evictions
 * (and an LRU's moves to the end) leave those at the front: an eviction cost about as much as the cache's size (a
 * 50,000-entry cache, 45 µs each). One iterator kept across evictions walks past each deleted entry once. Every key
 * it returned has been deleted (the caller evicts it), so every live key is ahead of it, and its next is the oldest.
 *
 * But a live Map iterator keeps alive every table V8 has given the map since the iterator last moved (an obsolete
 * table stays linked to its successor for the iterators still on it): a cache below its capacity never evicts, so an
 * iterator made at the start held a new table every few thousand insertions, for good (a month's import of 5,000 UCs:
 * ~14 MB more live heap for each 5,000 readings). So the caches insert through `putLast`, which counts insertions,
 * and an iterator left idle for IDLE_INSERTIONS of them is let go; the next eviction starts a new one.
 */
export class OldestKey<K, V> {
  private keys: Iterator<K> | null = null;
  private idle = 0;

  constructor(private readonly map: Map<K, V>) {}

  /** Sets `key` as the newest key of the map (an insertion, or an LRU's move to the end). */
  putLast(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.keys !== null && ++this.idle > IDLE_INSERTIONS) {
      this.keys = null;
      this.idle = 0;
    }
  }

  /** The oldest key (the caller deletes it), or undefined for an empty map. */
  next(): K | undefined {
    this.idle = 0;
    this.keys ??= this.map.keys();
    let step = this.keys.next();
    if (step.done) {
      // Exhausted once (the map was empty when asked): an iterator that has ended stays ended.
      this.keys = this.map.keys();
      step = this.keys.next();
    }
    return step.done ? undefined : step.value;
  }
}
