/** How a checkpointed consumer waits between attempts at an event that failed for a transient reason. */
export interface RetryBackoff {
  /** Wait after the first failure (ms); doubled at each further failure. */
  readonly initialMs: number;
  /** The wait never grows beyond this (ms): a store back after an outage is noticed within it. */
  readonly maxMs: number;
  /** How long a consumer that reads the UC directory waits for it to reach an event before counting a retry (ms). */
  readonly directoryWaitMs: number;
}

/** 50 ms, 100 ms, … capped at 30 s: quick on a blip, gentle on a store that is down for minutes. */
export const defaultRetryBackoff: RetryBackoff = { initialMs: 50, maxMs: 30_000, directoryWaitMs: 2_000 };

/** The wait after the `attempt`-th failure (1-based): capped exponential. */
export function backoffDelay(attempt: number, backoff: RetryBackoff): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
}
