import type { EventText, RecordedEvent } from './event-store.port';

/** The event `readAll` gives for its stored text (`readAllText`); the hash lives in its own field. */
export function parseEventText(text: EventText): RecordedEvent {
  const metadata = JSON.parse(text.metadata) as RecordedEvent['metadata'];
  metadata.hash = text.hash;
  return {
    id: text.id,
    stream: text.stream,
    revision: text.revision,
    position: text.position,
    type: text.type,
    data: JSON.parse(text.data) as unknown,
    metadata,
  };
}
