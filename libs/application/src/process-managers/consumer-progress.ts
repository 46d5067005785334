/**
 * How far a consumer got in the log, and who waits for it to get further (`waitForIdle`): shared by every
 * checkpointed consumer so they all answer `waitFor` and `position` the same way.
 */
export class ConsumerProgress {
  private seen: number | null = null;
  private waiters: { position: number; resolve: () => void }[] = [];

  /** The position of the last event handled or passed over; null before the first. */
  get position(): number | null {
    return this.seen;
  }

  /** Moves to `position` and wakes whoever waited for it. */
  advance(position: number | null): void {
    this.seen = position;
    const seen = position ?? -1;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (w.position <= seen ? w.resolve : () => still.push(w))();
    this.waiters = still;
  }

  /** Resolves once every event up to `position` has been handled. */
  waitFor(position: number | null): Promise<void> {
    if (position === null || (this.seen !== null && this.seen >= position)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /** On stop: nobody waits for a consumer that will not move. */
  releaseAll(): void {
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }
}
