import { inCurrentShape } from '@compensa/domain';
import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@compensa/event-store';
import type { AppLogger } from '../logger';
import { energyInTransit } from '../parked/energy-in-transit';
import type { ParkedEvents } from '../parked/parked-events';
import { ConsumerProgress } from './consumer-progress';
import type { ConsumerStatus } from './consumer-status';
import { isPermanentFailure, ruleOf } from './failure-kind';
import { backoffDelay, defaultRetryBackoff, type RetryBackoff } from './retry-backoff';

/** How often a consumer stores its checkpoint when it only passes over events it does not handle. */
const CHECKPOINT_EVERY = 200;
/** While retrying, a warning at the first failure and then every this many attempts (the rest at most one a cap). */
const WARN_EVERY = 10;

/** What a consumer needs besides its store and handler: where to park, how to back off. */
export interface ConsumerOptions {
  /** Where a permanent failure is recorded before the checkpoint moves past it; null: nowhere (tests only). */
  readonly parked: ParkedEvents | null;
  readonly backoff?: RetryBackoff;
  /**
   * Hand events over in their current shape (`inCurrentShape`, once per event): what the process managers read. The
   * log checkpointer leaves it off: its digest covers the stored bytes.
   */
  readonly currentShape?: boolean;
  /**
   * The streams (or UCs) an event's handling writes. With it, events at hand that write none of the same ones are
   * handled side by side (their appends meet in the store's group commit: one transaction instead of one each) and
   * the checkpoint moves past them together once all are done; an event that shares one waits for those before it.
   * Without it, one event at a time.
   */
  readonly writes?: (e: RecordedEvent) => readonly string[];
}

/** Most events handled side by side (see `ConsumerOptions.writes`). */
const MAX_SIDE_BY_SIDE = 64;

/** Events being handled side by side, and how far the checkpoint moves once they all are. */
interface SideBySide {
  readonly writes: Set<string>;
  readonly handling: Promise<void>[];
  last: number;
  /** Settles once every handler so far has: made once per handler added, not once per message passed over. */
  settled: Promise<null> | null;
}

/** Raised inside the retry loop when the consumer is stopped: the event stays unhandled, the checkpoint before it. */
class ConsumerStopped extends Error {
  override readonly name = 'ConsumerStopped';
}

/**
 * A checkpointed subscription to the whole log: resumes after a restart from its stored checkpoint; its effects
 * must be idempotent (deterministic ids, redelivery a no-op), since an event handled just before a crash is
 * delivered again. Consumes with `for await`: the next event waits for the handler (backpressure).
 *
 * It never skips an event: a transient failure (store down, timeout, lost race, a directory that lags) is retried
 * with capped exponential backoff for as long as it takes, the checkpoint staying before the event; a permanent one
 * (a decider's refusal) is parked — appended durably to `parked-<consumer>` — and only then does the checkpoint move.
 */
export class CheckpointedConsumer {
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;
  private checkpoint: number | null = null;
  private readonly progress = new ConsumerProgress();
  private stopped = false;
  private wake: (() => void) | null = null;
  private current: ConsumerStatus = {
    state: 'ok',
    retryingSince: null,
    attempts: 0,
    lastError: null,
    retriesTotal: 0,
    parkedTotal: 0,
  };
  private readonly backoff: RetryBackoff;

  constructor(
    readonly name: string,
    private readonly store: EventStore,
    /** null: in memory only (rebuilt from the start at each start). */
    private readonly checkpoints: CheckpointStore | null,
    private readonly handles: (e: RecordedEvent) => boolean,
    /** The effect of one event; also what an operator's `parked retry` runs again. */
    readonly handle: (e: RecordedEvent) => Promise<void>,
    private readonly logger: AppLogger,
    private readonly options: ConsumerOptions = { parked: null },
  ) {
    this.backoff = options.backoff ?? defaultRetryBackoff;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.checkpoint = this.checkpoints ? await this.checkpoints.load(this.name) : null;
    this.progress.advance(this.checkpoint);
    this.subscription = this.store.subscribe(this.checkpoint === null ? {} : { fromCheckpoint: this.checkpoint });
    let caughtUp!: () => void;
    const ready = new Promise<void>((r) => (caughtUp = r));
    this.loop = this.run(caughtUp)
      .catch((err) => {
        if (!this.stopped && !(err instanceof ConsumerStopped))
          this.logger.error(`consumer ${this.name} stopped: ${(err as Error).stack ?? String(err)}`, 'ProcessManager');
      })
      .finally(caughtUp);
    await ready;
  }

  private async run(caughtUp: () => void): Promise<void> {
    const messages = this.subscription![Symbol.asyncIterator]();
    let group: SideBySide | null = null;
    let sinceStore = 0;
    // The checkpoint past a group once every event of it is handled (a stop or a failure leaves it before them).
    const finish = async (g: SideBySide): Promise<void> => {
      group = null;
      const rejected = (await Promise.allSettled(g.handling)).find((r) => r.status === 'rejected');
      if (rejected) throw rejected.reason;
      await this.untilDone(`storing the checkpoint ${g.last}`, () => this.storeCheckpoint(g.last));
      sinceStore = 0;
      this.progress.advance(g.last);
    };
    try {
      let next = messages.next();
      for (;;) {
        if (group) {
          // While the group runs, the next message is taken as soon as it is at hand; the group ends when it is done.
          const current: SideBySide = group;
          current.settled ??= Promise.allSettled(current.handling).then(() => null);
          if ((await Promise.race([next, current.settled])) === null) {
            await finish(current);
            continue;
          }
        }
        const step = await next;
        if (step.done || this.stopped) break;
        const msg = step.value;
        if (msg.kind === 'caughtUp') {
          if (group) await finish(group);
          caughtUp();
          next = messages.next();
          continue;
        }
        const e = this.options.currentShape ? inCurrentShape(msg.event) : msg.event;
        if (!this.handles(e)) {
          if (group) group.last = e.position;
          else {
            if (++sinceStore >= CHECKPOINT_EVERY) {
              await this.untilDone(`storing the checkpoint ${e.position}`, () => this.storeCheckpoint(e.position));
              sinceStore = 0;
            }
            this.progress.advance(e.position);
          }
          next = messages.next();
          continue;
        }
        const writes = this.options.writes?.(e);
        if (group && (!writes || group.handling.length >= MAX_SIDE_BY_SIDE || writes.some((w) => group!.writes.has(w))))
          await finish(group);
        if (!writes) {
          await this.untilDone(`handling ${describe(e)}`, () => this.handleOrPark(e));
          await this.untilDone(`storing the checkpoint ${e.position}`, () => this.storeCheckpoint(e.position));
          sinceStore = 0;
          this.progress.advance(e.position);
          next = messages.next();
          continue;
        }
        next = messages.next();
        group ??= { writes: new Set(), handling: [], last: e.position, settled: null };
        for (const w of writes) group.writes.add(w);
        group.handling.push(this.untilDone(`handling ${describe(e)}`, () => this.handleOrPark(e)));
        group.settled = null;
        group.last = e.position;
      }
      if (group && !this.stopped) await finish(group);
    } finally {
      // Stopped (or failed) with a group in flight: its handlers finish or give up before the loop ends.
      const pending: SideBySide | null = group;
      if (pending) await Promise.allSettled(pending.handling);
    }
    caughtUp();
  }

  /** Handles the event; a permanent failure is parked (durably) instead, so that the checkpoint may move past it. */
  private async handleOrPark(e: RecordedEvent): Promise<void> {
    try {
      await this.handle(e);
    } catch (err) {
      if (!isPermanentFailure(err) || !this.options.parked) throw err;
      const record = await this.options.parked.park(
        this.name,
        e,
        { rule: ruleOf(err), message: (err as Error).message },
        energyInTransit(e, err),
      );
      this.current = { ...this.current, parkedTotal: this.current.parkedTotal + 1 };
      this.logger.error(
        `${this.name}: ${describe(e)} parked as ${record.parkedId} (${record.error.rule}: ${record.error.message}); ` +
          `${record.kwh ?? 'no'} kWh in transit; the consumer goes on with the next event`,
        'ProcessManager',
      );
    }
  }

  /** Runs `step` until it succeeds, waiting with capped exponential backoff between attempts; never gives up. */
  private async untilDone(what: string, step: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopped) throw new ConsumerStopped();
      try {
        await step();
        // Only the step that was retrying says so (events handled side by side may succeed meanwhile).
        if (attempt > 1 && this.current.state === 'retrying') {
          this.logger.log(`${this.name}: ${what} succeeded after ${attempt} attempts`, 'ProcessManager');
          this.current = { ...this.current, state: 'ok', retryingSince: null, attempts: 0 };
        }
        return;
      } catch (err) {
        if (this.stopped) throw new ConsumerStopped();
        const message = `${(err as Error).name}: ${(err as Error).message}`;
        this.current = {
          ...this.current,
          state: 'retrying',
          retryingSince: this.current.retryingSince ?? new Date().toISOString(),
          attempts: attempt,
          lastError: message,
          retriesTotal: this.current.retriesTotal + 1,
        };
        const delay = backoffDelay(attempt, this.backoff);
        if (attempt === 1 || attempt % WARN_EVERY === 0) {
          this.logger.warn(
            `${this.name}: ${what} failed (attempt ${attempt}, transient: ${message}); retrying in ${delay} ms, ` +
              'the checkpoint stays before it',
            'ProcessManager',
          );
        }
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async storeCheckpoint(position: number): Promise<void> {
    if (!this.checkpoints) return;
    await this.checkpoints.store(this.name, this.checkpoint, position);
    this.checkpoint = position;
  }

  /** Whether it is retrying, since when, how often, the last error. */
  status(): ConsumerStatus {
    return this.current;
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
    this.wake?.();
    await this.subscription?.close();
    await this.loop;
    const seen = this.progress.position;
    if (this.checkpoints && seen !== null && seen !== this.checkpoint) {
      await this.storeCheckpoint(seen).catch(() => undefined);
    }
    this.progress.releaseAll();
  }
}

function describe(e: RecordedEvent): string {
  return `${e.type} ${e.id} at ${e.stream}@${e.revision} (position ${e.position})`;
}
