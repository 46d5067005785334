/** A catch-up subscription to $all that survives dropped connections by resubscribing from where it got. */
import type { AllStreamResolvedEvent, AllStreamSubscription, CaughtUp } from '@kurrent/kurrentdb-client';
import type { RecordedEvent, Subscription, SubscriptionMessage } from '../event-store.port';
import { positionNumber, toRecordedEvent } from './recorded-event';
import { isTransient } from './transient-errors';

/** What the subscription needs from the store. */
export interface SubscriptionSource {
  /** A client subscription to $all after `position` (exclusive); from the start when undefined. */
  open(after: number | undefined): AllStreamSubscription;
  /** The local half of the filter (see FilterPlan). */
  accepts(event: RecordedEvent): boolean;
  /** Head of the log, for a server whose caught-up message carries no position. */
  head(): Promise<number | null>;
  /** Called once when the subscription ends. */
  release(subscription: ResubscribingSubscription): void;
}

/** Backoff between resubscriptions (ms): the first delay doubles up to the maximum, and resets once events flow. */
export interface ResubscribePolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

type Step = IteratorResult<AllStreamResolvedEvent> | 'woken';

const ignore = () => undefined;

/**
 * The client does not resubscribe by itself: when its subscription ends with an error (dropped connection, leader
 * change), this one opens a new one after the last position it delivered, after a backoff, for as long as the
 * errors are transient. Consumed pull-style through the client subscription's async iterator (backpressure: the
 * next event is read when the consumer asks). The client reports "caught up" as an emitted event, not in the data:
 * it is slotted in after the events that were already buffered when it fired, and yielded once in all.
 */
export class ResubscribingSubscription implements Subscription {
  private closed = false;
  /** Interrupts the current wait (for an event or a backoff): on close, and when the client reports caught up. */
  private wake: () => void = ignore;
  private readonly iterator: AsyncGenerator<SubscriptionMessage, void, undefined>;

  constructor(
    private readonly source: SubscriptionSource,
    fromCheckpoint: number | undefined,
    private readonly policy: ResubscribePolicy,
  ) {
    this.iterator = this.run(fromCheckpoint);
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    await this.iterator.return(undefined);
    // A generator that never started skips its finally block.
    this.source.release(this);
  }

  private async *run(fromCheckpoint: number | undefined): AsyncGenerator<SubscriptionMessage, void, undefined> {
    let cursor = fromCheckpoint;
    let caughtUpSent = false;
    let failures = 0;
    try {
      while (!this.closed) {
        const subscription = this.source.open(cursor);
        // Errors reach us through the iterator; this keeps a late one (after we let go) from being unhandled.
        subscription.on('error', ignore);
        let taken = 0;
        let caughtUpAfter: number | undefined;
        let caughtUpPosition: number | undefined;
        subscription.once('caughtUp', (info: CaughtUp) => {
          // Everything pushed before the signal is either taken already or still buffered.
          caughtUpAfter = taken + subscription.readableLength;
          caughtUpPosition = positionNumber(info.position);
          this.wake();
        });
        const events = subscription[Symbol.asyncIterator]() as AsyncIterator<AllStreamResolvedEvent>;
        let next = events.next();
        next.catch(ignore);
        try {
          while (!this.closed) {
            if (!caughtUpSent && caughtUpAfter !== undefined && taken >= caughtUpAfter) {
              caughtUpSent = true;
              yield { kind: 'caughtUp', position: caughtUpPosition ?? (await this.source.head()) ?? cursor ?? null };
              continue;
            }
            // A fresh wake-up promise per wait: racing one long-lived promise would pile up a reaction per event.
            const woken = new Promise<Step>((resolve) => (this.wake = () => resolve('woken')));
            const step = await Promise.race([next, woken]);
            if (step === 'woken') continue;
            if (step.done) break; // the server ended it: resubscribe
            taken += 1;
            failures = 0;
            next = events.next();
            next.catch(ignore);
            const event = toRecordedEvent(step.value);
            // After a resubscription the server starts after the cursor; the check guards against overlap anyway.
            if (!event || (cursor !== undefined && event.position <= cursor) || !this.source.accepts(event)) continue;
            cursor = event.position;
            yield { kind: 'event', event };
          }
        } catch (error) {
          if (this.closed) return;
          if (!isTransient(error)) throw error;
        } finally {
          await letGo(subscription);
        }
        if (this.closed) return;
        failures += 1;
        const delay = Math.min(this.policy.initialDelayMs * 2 ** (failures - 1), this.policy.maxDelayMs);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      this.source.release(this);
    }
  }
}

/** Cancels the gRPC call and ends the client subscription's iterator. */
async function letGo(subscription: AllStreamSubscription): Promise<void> {
  try {
    await subscription.unsubscribe();
  } catch {
    // The call never started (e.g. no connection): nothing to cancel.
  }
  subscription.destroy();
}
