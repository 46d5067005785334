import { inCurrentShape } from '@compensa/domain';
import type { EventStore, RecordedEvent, Subscription } from '@compensa/event-store';
import type { AppLogger } from '../logger';
import { ConsumerProgress } from '../process-managers/consumer-progress';
import type { UcDirectory } from './uc-directory';

/** Most events applied in one transaction. */
const BATCH = 1_000;
/** Most events passed over (changing nothing) before the checkpoint is stored anyway. */
const CHECKPOINT_EVERY = 1_000;
/** Wait before trying a failed batch again (the store was busy or unavailable). */
const RETRY_MS = 200;

/**
 * Feeds the directory from the log, resuming after the directory's own checkpoint. Events are gathered while the
 * subscription has them at hand and applied in batches: each batch and the checkpoint it moves to commit in one
 * transaction of the directory's store, so a crash neither loses nor applies twice an event (and applying is
 * idempotent per stream revision anyway, for this process's own appends applied before the consumer sees them).
 * Batches that change nothing (already applied after this process's own appends, or events the directory does not
 * follow) move the checkpoint only every CHECKPOINT_EVERY events: redelivering them after a crash is a no-op.
 */
export class DirectoryConsumer {
  readonly name = 'directory';
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private readonly progress = new ConsumerProgress();
  private stopped = false;
  private pending: RecordedEvent[] = [];
  /** Events applied or passed over since the checkpoint was last stored. */
  private unsaved = 0;
  private flushTimer: NodeJS.Immediate | NodeJS.Timeout | null = null;
  /** The flush running (or the last one), so two never interleave. */
  private flushing: Promise<void> = Promise.resolve();

  /**
   * `checkpointEvery`: events passed over before the checkpoint is stored anyway (0: at every batch, for a shared
   * directory whose readers wait on its checkpoint).
   */
  constructor(
    private readonly store: EventStore,
    private readonly directory: UcDirectory,
    private readonly logger: AppLogger,
    private readonly checkpointEvery = CHECKPOINT_EVERY,
  ) {}

  /** Subscribes after the directory's checkpoint; resolves once the directory has caught up with the log. */
  async start(): Promise<void> {
    this.stopped = false;
    this.pending = [];
    this.unsaved = 0;
    const checkpoint = await this.directory.checkpoint();
    this.progress.advance(checkpoint);
    this.subscription = this.store.subscribe(checkpoint === null ? {} : { fromCheckpoint: checkpoint });
    let caughtUp!: () => void;
    const ready = new Promise<void>((r) => (caughtUp = r));
    this.loop = this.run(caughtUp).catch((err) => {
      if (!this.stopped)
        this.logger.error(`consumer ${this.name} stopped: ${(err as Error).stack ?? String(err)}`, 'ProcessManager');
    });
    await ready;
  }

  private async run(caughtUp: () => void): Promise<void> {
    for await (const msg of this.subscription!) {
      if (this.stopped) break;
      if (msg.kind === 'caughtUp') {
        await this.flush();
        caughtUp();
        continue;
      }
      this.pending.push(inCurrentShape(msg.event));
      if (this.pending.length >= BATCH) await this.flush();
      else this.schedule(0);
    }
    caughtUp();
  }

  /** Applies what is pending once the subscription has nothing more at hand. */
  private schedule(delayMs: number): void {
    if (this.flushTimer || this.stopped) return;
    const run = () => {
      this.flushTimer = null;
      void this.flush();
    };
    this.flushTimer = delayMs === 0 ? setImmediate(run) : setTimeout(run, delayMs);
  }

  /**
   * Applies the pending events and moves the checkpoint, in one transaction; on failure keeps them and retries.
   * One flush at a time: a call while one runs waits for it, then applies what gathered meanwhile.
   */
  private flush(): Promise<void> {
    const run = this.flushing.then(() => this.flushNow());
    this.flushing = run;
    return run;
  }

  private async flushNow(): Promise<void> {
    if (this.pending.length === 0) return;
    // Events that arrive while the batch is applied gather for the next one.
    const batch = this.pending;
    this.pending = [];
    const last = batch[batch.length - 1].position;
    try {
      const lazy = this.unsaved + batch.length < this.checkpointEvery;
      this.unsaved = (await this.directory.applyBatch(batch, last, lazy)) ? 0 : this.unsaved + batch.length;
    } catch (err) {
      this.logger.warn(
        `${this.name}: applying ${batch.length} events up to position ${last} failed, retrying: ${(err as Error).message}`,
        'ProcessManager',
      );
      this.pending = batch.concat(this.pending);
      this.schedule(RETRY_MS);
      return;
    }
    this.progress.advance(last);
  }

  /** Resolves once every event up to `position` has been handled. */
  waitFor(position: number | null): Promise<void> {
    return this.progress.waitFor(position);
  }

  /** The last position handled or passed over. */
  position(): number | null {
    return this.progress.position;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.loop;
    if (this.flushTimer) {
      clearImmediate(this.flushTimer as NodeJS.Immediate);
      clearTimeout(this.flushTimer as NodeJS.Timeout);
      this.flushTimer = null;
    }
    try {
      await this.flush();
      const seen = this.progress.position;
      // Best effort: a worker stopped because it lost its lease may no longer write (FencedOut).
      if (this.unsaved > 0 && seen !== null)
        await this.directory.applyBatch([], seen).catch((err: Error) => {
          this.logger.warn(`${this.name}: checkpoint at stop not stored: ${err.message}`, 'ProcessManager');
        });
      this.unsaved = 0;
    } finally {
      this.pending = [];
      this.progress.releaseAll();
    }
  }
}
