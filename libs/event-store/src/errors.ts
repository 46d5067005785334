/** The stream was not at the revision the caller decided on. */
export class WrongExpectedRevision extends Error {
  override readonly name = 'WrongExpectedRevision';
  constructor(
    readonly stream: string,
    readonly expected: import('./event-store.port').ExpectedRevision,
    /** The stream's actual current revision; null when it does not exist. */
    readonly actual: number | null,
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`);
  }
}

/** Reading a stream that has no events. */
export class StreamNotFound extends Error {
  override readonly name = 'StreamNotFound';
  constructor(readonly stream: string) {
    super(`stream ${stream} not found`);
  }
}

/** A checkpoint compare-and-set lost: another consumer instance moved it. */
export class CheckpointConflict extends Error {
  override readonly name = 'CheckpointConflict';
  constructor(
    readonly consumer: string,
    readonly expected: number | null,
    readonly actual: number | null,
  ) {
    super(`checkpoint ${consumer}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

/** An event id that is already stored elsewhere (another stream or another revision): not an idempotent retry. */
export class DuplicateEventId extends Error {
  override readonly name = 'DuplicateEventId';
  constructor(
    readonly stream: string,
    readonly eventId: string,
  ) {
    super(`stream ${stream}: event id ${eventId} is already stored at another place`);
  }
}

/** An adapter (or its server) that cannot append to several streams in one transaction (nothing was written). */
export class MultiStreamAppendUnsupported extends Error {
  override readonly name = 'MultiStreamAppendUnsupported';
  constructor(
    readonly streams: readonly string[],
    /** Why, when the adapter knows (e.g. the server is too old). */
    readonly reason?: string,
  ) {
    super(`this event store cannot append to ${streams.join(', ')} in one transaction${reason ? `: ${reason}` : ''}`);
  }
}
