/** What an append can reject before talking to the server: the caller's mistakes, not the store's state. */
import type { ExpectedRevision, NewEvent } from './event-store.port';
import { DuplicateEventId } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shared by every adapter, so that all reject the same calls. */
export function validateAppend(stream: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (typeof stream !== 'string' || stream.length === 0)
    throw new TypeError('append: stream must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) throw new TypeError('append: at least one event is required');
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new TypeError(`append: expected revision ${expected} is not a revision`);
  }
  if (typeof expected !== 'number' && !['no_stream', 'stream_exists', 'any'].includes(expected)) {
    throw new TypeError(`append: unknown expected revision ${String(expected)}`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new TypeError('append: event type is required');
    if (event.id === undefined) continue;
    if (typeof event.id !== 'string' || !UUID.test(event.id))
      throw new TypeError(`append: event id ${event.id} is not a UUID`);
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new DuplicateEventId(stream, id);
    seen.add(id);
  }
}
