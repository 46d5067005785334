/**
 * A value computed once per key and remembered, for the hot paths where the same few texts come back at every
 * reading (dates, tariffs, shares, labels). Bounded: cleared when full, so a long-running process that meets many
 * distinct inputs keeps at most `max` of them. Only what `compute` returns is kept: a refusal it throws is thrown
 * again the next time, naming its field.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly max = 10_000) {}

  get(key: K, compute: (key: K) => V): V {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    return this.remember(key, compute(key));
  }

  /** `get` of a value computed asynchronously (read from a store): kept once it has come, a failure not kept. */
  async getAsync(key: K, compute: (key: K) => Promise<V>): Promise<V> {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    return this.remember(key, await compute(key));
  }

  private remember(key: K, value: V): V {
    if (this.values.size >= this.max) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
