/**
 * The UC directory has not yet applied the event a process manager is about to handle: what it would look up may be
 * missing (an UnknownUc that is no refusal). Transient: the consumer retries once the directory has caught up.
 */
export class DirectoryBehind extends Error {
  override readonly name = 'DirectoryBehind';
  constructor(
    readonly needed: number,
    readonly applied: number | null,
  ) {
    super(`the UC directory has applied the log up to ${String(applied)}, the event is at ${needed}`);
  }
}
