/** What a command appended. */
export interface CommandResult {
  readonly stream: string;
  /** The stream's revision after the command (unchanged when the command decided nothing). */
  readonly revision: number | null;
  readonly events: { type: string; data: unknown }[];
}

/** Metadata a caller attaches to a command (HTTP request, CLI line, process manager). */
export interface CommandMeta {
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  /** If-Match: the stream revision the caller saw; a different one is refused (409), no retry. */
  expectedRevision?: number;
  /**
   * The command id follows from the request's Idempotency-Key: if the state refuses or ignores the command, the
   * events an earlier run appended under this id are its answer (that run's instance died before answering).
   */
  keyed?: boolean;
  /** Deterministic event ids (process managers), one per decided event in order. */
  eventIds?: (index: number) => string;
}

/** The command lost the race for its stream more times than it retries (answered 409). */
export class ConcurrencyConflict extends Error {
  override readonly name = 'ConcurrencyConflict';
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(
      `o histórico de ${stream} foi alterado por outro processo ${attempts} vezes seguidas enquanto o comando era decidido; tente de novo`,
    );
  }
}
