/** Which client errors are worth retrying, and the bounded retry loop for single operations. */
import { CancelledError, DeadlineExceededError, NotLeaderError, UnavailableError } from '@kurrent/kurrentdb-client';

/** How often and how patiently an operation is retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt (ms); doubles each time. */
  initialDelayMs: number;
}

/**
 * Errors after which the client reconnects by itself (to the leader for NotLeader, to the same node for a dropped
 * connection), so that the same call made again can succeed.
 */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof NotLeaderError ||
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` until it succeeds, fails with a non-transient error, or runs out of attempts. Appends are safe to
 * repeat: the same event ids at the same expected revision are a no-op on the server.
 */
export async function withRetry<T>(operation: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error) || attempt >= policy.maxAttempts) throw error;
      await sleep(policy.initialDelayMs * 2 ** (attempt - 1));
    }
  }
}
