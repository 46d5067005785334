import {
  EVENT_SCHEMA_VERSIONS,
  inCurrentShape,
  type TariffEvent,
  type TitularEvent,
  type UcEvent,
} from '@compensa/domain';
import type { EventStore, NewEvent, RecordedEvent } from '@compensa/event-store';
import { StreamNotFound } from '@compensa/event-store';

/** The tariff stream of a distribuidora. */
export function tariffStream(distribuidora: string): string {
  return `tariff-${distribuidora}`;
}

/**
 * The stream of a distribuidora (its tariffs, and its policy next): stored as `tariff-<code>`, the name existing
 * stores hold.
 */
export const distribuidoraStream = tariffStream;

/** A stream of the whole country (`national-<name>`: bandeiras, the SCEE rates of L art. 17). */
export function nationalStream(name: string): string {
  return `national-${name}`;
}

/** A stored event back in the domain's shape (its current name, upcast to the current schema version). */
export function toDomainEvent<E extends UcEvent | TitularEvent | TariffEvent>(e: RecordedEvent): E {
  const current = inCurrentShape(e);
  return { type: current.type, data: current.data } as E;
}

/** A domain event ready to append, with its schema version and the command's metadata. */
export function toNewEvent(
  e: { type: string; data: unknown },
  meta: { id?: string; commandId?: string; correlationId?: string; causationId?: string },
): NewEvent {
  return {
    ...(meta.id ? { id: meta.id } : {}),
    type: e.type,
    data: e.data,
    metadata: {
      schemaVersion: EVENT_SCHEMA_VERSIONS[e.type] ?? 1,
      ...(meta.commandId ? { commandId: meta.commandId } : {}),
      ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
      ...(meta.causationId ? { causationId: meta.causationId } : {}),
    },
  };
}

/**
 * Reads a whole stream (paged by the store), or its events from `fromRevision` on; a missing stream is empty. Returns
 * the events and the revision of the last one read (null when none was).
 */
export async function loadStream(
  store: EventStore,
  stream: string,
  fromRevision = 0,
): Promise<{ events: RecordedEvent[]; revision: number | null }> {
  const events: RecordedEvent[] = [];
  try {
    for await (const e of store.readStream(stream, fromRevision > 0 ? { fromRevision } : undefined)) {
      events.push(inCurrentShape(e));
    }
  } catch (err) {
    if (err instanceof StreamNotFound) return { events: [], revision: null };
    throw err;
  }
  return { events, revision: events.length ? events[events.length - 1].revision : null };
}
