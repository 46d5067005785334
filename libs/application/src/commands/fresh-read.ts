/**
 * Reads that must be issued after their caller asked (a revision check that promises to see every write finished
 * before the command began), shared by the callers of the same key: a caller that finds a read in flight (issued
 * before it asked, so not fresh enough for it) waits for the next one, which every caller arriving meanwhile joins.
 * Under load, one read per key a round trip instead of one per caller; alone, a caller reads at once.
 */
export class FreshRead<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly next = new Map<string, Promise<T>>();

  /** `read()`'s answer, from a call of it made after this call. */
  of(key: string, read: () => Promise<T>): Promise<T> {
    const queued = this.next.get(key);
    if (queued) return queued;
    const running = this.running.get(key);
    if (!running) return this.start(key, read);
    const after = running
      .catch(() => undefined)
      .then(() => {
        this.next.delete(key);
        return this.start(key, read);
      });
    this.next.set(key, after);
    return after;
  }

  private start(key: string, read: () => Promise<T>): Promise<T> {
    const reading = read().finally(() => {
      if (this.running.get(key) === reading) this.running.delete(key);
    });
    this.running.set(key, reading);
    return reading;
  }
}
