import { StreamNotFound, type EventStore, type RecordedEvent } from '@compensa/event-store';

/** A stream's events, whole; a missing stream reads as null. */
export async function readStream(store: EventStore, stream: string): Promise<RecordedEvent[] | null> {
  // In one read where the store can (no promise per event).
  if (store.readStreamsFrom) {
    const read = await store.readStreamsFrom([{ stream, fromRevision: 0 }]);
    return read.length === 0 ? null : read;
  }
  const events: RecordedEvent[] = [];
  try {
    for await (const e of store.readStream(stream)) events.push(e);
  } catch (err) {
    if (err instanceof StreamNotFound) return null;
    throw err;
  }
  return events;
}
