/**
 * Parked events: deliveries a process manager can never make as things stand (a decider refused them). They are
 * platform records, not domain events: they live in a stream of their own per consumer, `parked-<consumer>`, in
 * the same event log (so they are as durable as the events they describe, hash-chained, replicated with KurrentDB,
 * and readable by the audit as of any position), never in a UC or titular stream. Nothing is ever deleted: a retry
 * and a resolution are further events of that stream.
 */

/** The stream of a consumer's parked events. */
export function parkedStream(consumer: string): string {
  return `parked-${consumer}`;
}

/** Prefix of every parked-events stream. */
export const PARKED_STREAM_PREFIX = 'parked-';

/** Event types of a parked-events stream. */
export const PARKED_EVENT_TYPES = ['EventParked', 'ParkedEventRetried', 'ParkedEventResolved'] as const;

/** Why a delivery failed: the rule id of the refusal (R13…) or the error's kind (StateConflict, UnknownUc…). */
export interface ParkedError {
  readonly rule: string;
  readonly message: string;
}

/** `EventParked`: the event the consumer could not handle, where it sits in the log, and why. */
export interface EventParkedData {
  /** The record's id: derived from the consumer and the event id (parking the same event again is a no-op). */
  readonly parkedId: string;
  readonly consumer: string;
  readonly event: { id: string; stream: string; revision: number; position: number; type: string };
  readonly error: ParkedError;
  /** kWh (3 decimals) that did not reach their target, when the event carries energy; null otherwise. */
  readonly kwh: string | null;
  /** The UCs that did not get their energy (a delivery to several targets may fail at some only). */
  readonly targets: readonly string[];
  /** Wall-clock instant (ISO 8601): an operational record, not a business date. */
  readonly parkedAt: string;
}

/** `ParkedEventRetried`: an operator ran the consumer's handler again for the event. */
export interface ParkedEventRetriedData {
  readonly parkedId: string;
  readonly outcome: 'delivered' | 'still-parked';
  /** The new error when it is still parked. */
  readonly error?: ParkedError;
  readonly retriedAt: string;
}

/** `ParkedEventResolved`: an operator settled the event by hand, with the reason. */
export interface ParkedEventResolvedData {
  readonly parkedId: string;
  readonly reason: string;
  readonly resolvedAt: string;
}

/** `parked` until delivered by a retry (`retried-ok`) or settled by an operator (`resolved`). */
export type ParkedStatus = 'parked' | 'retried-ok' | 'resolved';

/** A parked record as the stream folds it: what was parked, its status, the latest error, and every step since. */
export interface ParkedRecord extends EventParkedData {
  readonly status: ParkedStatus;
  /** The latest error (the parking one, or a failed retry's). */
  readonly lastError: ParkedError;
  readonly retries: readonly ParkedEventRetriedData[];
  readonly resolution: ParkedEventResolvedData | null;
}
