/** What a checkpointed consumer is doing, for /health, /metrics and the logs. */
export interface ConsumerStatus {
  /** `retrying`: an event failed for a transient reason and is being tried again; the checkpoint waits for it. */
  readonly state: 'ok' | 'retrying';
  /** When the current run of failures began (ISO 8601); null when ok. */
  readonly retryingSince: string | null;
  /** Failed attempts at the current event; 0 when ok. */
  readonly attempts: number;
  /** The latest failure (kept after recovery, so an operator sees what happened last). */
  readonly lastError: string | null;
  /** Failed attempts since the process started, all events together (the Prometheus counter). */
  readonly retriesTotal: number;
  /** Events parked by this consumer since the process started. */
  readonly parkedTotal: number;
}
