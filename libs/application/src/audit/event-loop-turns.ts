/** Work between two turns given back to the event loop. */
export const TURN_MS = 20;

/**
 * Gives the event loop a turn every `everyMs` of work. A SQLite store answers every read at once (its promises
 * resolve as microtasks), so a long audit would otherwise hold the thread from start to end: an API process serving
 * it would answer nothing else (`/health` included) and no timer would fire. Checking the clock costs tens of
 * nanoseconds; callers ask `due()` per unit of work and `await turn()` only when it says so.
 */
export class EventLoopTurns {
  private last = performance.now();

  constructor(private readonly everyMs = TURN_MS) {}

  due(): boolean {
    return performance.now() - this.last >= this.everyMs;
  }

  /** One turn (setImmediate: pending I/O and timers run before the work goes on). */
  async turn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}
