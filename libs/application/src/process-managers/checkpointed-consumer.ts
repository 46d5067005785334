import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@compensa/event-store';
import type { AppLogger } from '../logger';
import { ConsumerProgress } from './consumer-progress';

/** How often a consumer stores its checkpoint when it only passes over events it does not handle. */
const CHECKPOINT_EVERY = 200;

/**
 * A checkpointed subscription to the whole log: resumes after a restart from its stored checkpoint; its effects
 * must be idempotent (deterministic ids, redelivery a no-op), since an event handled just before a crash is
 * delivered again. Consumes with `for await`: the next event waits for the handler (backpressure).
 */
export class CheckpointedConsumer {
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private checkpoint: number | null = null;
  private readonly progress = new ConsumerProgress();
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly store: EventStore,
    /** null: in memory only (rebuilt from the start at each start). */
    private readonly checkpoints: CheckpointStore | null,
    private readonly handles: (e: RecordedEvent) => boolean,
    private readonly handle: (e: RecordedEvent) => Promise<void>,
    private readonly logger: AppLogger,
  ) {}

  async start(): Promise<void> {
    this.checkpoint = this.checkpoints ? await this.checkpoints.load(this.name) : null;
    this.progress.advance(this.checkpoint);
    this.subscription = this.store.subscribe(this.checkpoint === null ? {} : { fromCheckpoint: this.checkpoint });
    let caughtUp!: () => void;
    const ready = new Promise<void>((r) => (caughtUp = r));
    this.loop = this.run(caughtUp).catch((err) => {
      if (!this.stopped)
        this.logger.error(`consumer ${this.name} stopped: ${(err as Error).stack ?? String(err)}`, 'ProcessManager');
    });
    await ready;
  }

  private async run(caughtUp: () => void): Promise<void> {
    let sinceStore = 0;
    for await (const msg of this.subscription!) {
      if (this.stopped) break;
      if (msg.kind === 'caughtUp') {
        caughtUp();
        continue;
      }
      const e = msg.event;
      if (this.handles(e)) {
        await this.handleWithRetry(e);
        await this.storeCheckpoint(e.position);
        sinceStore = 0;
      } else if (++sinceStore >= CHECKPOINT_EVERY) {
        await this.storeCheckpoint(e.position);
        sinceStore = 0;
      }
      this.progress.advance(e.position);
    }
    caughtUp();
  }

  /** A handler fails on transient trouble (store unavailable); a refusal by a rule is logged and skipped. */
  private async handleWithRetry(e: RecordedEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handle(e);
        return;
      } catch (err) {
        const name = (err as Error).name;
        if (['RuleViolation', 'InvalidInput', 'StateConflict', 'UnknownUc'].includes(name) || attempt >= 5) {
          this.logger.warn(
            `${this.name}: ${e.type} at ${e.stream}@${e.revision} not handled: ${(err as Error).message}`,
            'ProcessManager',
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  }

  private async storeCheckpoint(position: number): Promise<void> {
    if (!this.checkpoints) return;
    await this.checkpoints.store(this.name, this.checkpoint, position);
    this.checkpoint = position;
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
    const seen = this.progress.position;
    if (this.checkpoints && seen !== null && seen !== this.checkpoint) {
      await this.storeCheckpoint(seen).catch(() => undefined);
    }
    this.progress.releaseAll();
  }
}
