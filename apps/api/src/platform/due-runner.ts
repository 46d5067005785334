import { Logger } from '@nestjs/common';
import type { Clock, Platform } from '@compensa/application';
import type { EventStore } from '@compensa/event-store';

/** What one run of the deadline scheduler did. */
export interface DueRun {
  date: string;
  /** Log head before and after: the run's effects (R20 defaults, R9 sweeps, deliveries) lie between. */
  headBefore: number | null;
  headAfter: number | null;
  ms: number;
}

/**
 * Runs what is due (R20 defaults, R9 expiry sweeps) up to today, at start and then every `intervalMs`.
 * Runs never overlap: a tick that finds a run in progress is skipped.
 */
export class DueRunner {
  private readonly logger = new Logger('DeadlineScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DueRun | null> | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  /** Runs once now (awaited: the API accepts commands after the overdue deadlines ran), then periodically. */
  async start(): Promise<void> {
    await this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    // Never keeps the process alive on its own: shutdown does not wait for the next tick.
    this.timer.unref();
  }

  /** Runs what is due today unless a run is already in progress; logs what it did. Never throws. */
  runOnce(): Promise<DueRun | null> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async run(): Promise<DueRun | null> {
    const date = this.clock.today();
    const started = Date.now();
    try {
      const headBefore = await this.store.headPosition();
      await this.platform.runDue(date);
      const headAfter = await this.store.headPosition();
      const run = { date, headBefore, headAfter, ms: Date.now() - started };
      const effect = headAfter === headBefore ? 'nothing was due' : `log head ${headBefore ?? 'empty'} → ${headAfter}`;
      this.logger.log(`ran what is due up to ${date} in ${run.ms} ms: ${effect}`);
      return run;
    } catch (error) {
      this.logger.error(`running what is due up to ${date} failed: ${(error as Error).stack ?? String(error)}`);
      return null;
    }
  }
}
