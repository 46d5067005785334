/** Wakes live subscriptions when this process commits appends (other processes are found by polling). */
export class CommitSignal {
  private resolve: () => void = () => {};
  private pending = this.fresh();

  /** Resolves at the next commit after this call. */
  next(): Promise<void> {
    return this.pending;
  }

  notify(): void {
    const resolve = this.resolve;
    this.pending = this.fresh();
    resolve();
  }

  private fresh(): Promise<void> {
    return new Promise<void>((resolve) => (this.resolve = resolve));
  }
}

/** Resolves when `wake` resolves, after `ms`, or when `signal` aborts, whichever comes first; leaves no timer behind. */
export function waitUntil(wake: Promise<void> | null, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    void wake?.then(done);
  });
}
