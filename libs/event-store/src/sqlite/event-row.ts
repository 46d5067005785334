/** How an event is laid out in the `events` table, and back. */
import type { EventFilter, RecordedEvent } from '../event-store.port';
import { parseEventText } from '../event-text';

/** One row of the `events` table. */
export interface EventRow {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  hash: string;
}

/** The columns every read selects, in the order of `EventRow`. */
export const EVENT_COLUMNS = 'position, stream, revision, id, type, data, metadata, hash';

/** Turns a stored row into the event the port gives back; the hash lives in its own column. */
export const toRecordedEvent: (row: EventRow) => RecordedEvent = parseEventText;

/** A row read as an array (`StatementSync.setReturnArrays`): the columns in `EVENT_COLUMNS` order. */
export type EventArray = [
  position: number,
  stream: string,
  revision: number,
  id: string,
  type: string,
  data: string,
  metadata: string,
  hash: string,
];

/** The row an array holds, as `EventRow` (the same members in the same order). */
export function eventTextOfArray(r: EventArray): EventRow {
  return {
    position: r[0],
    stream: r[1],
    revision: r[2],
    id: r[3],
    type: r[4],
    data: r[5],
    metadata: r[6],
    hash: r[7],
  };
}

/** `toRecordedEvent` of a row read as an array: the same event, without the row object in between. */
export function recordedEventOfArray(r: EventArray): RecordedEvent {
  const metadata = JSON.parse(r[6]) as RecordedEvent['metadata'];
  metadata.hash = r[7];
  return {
    id: r[3],
    stream: r[1],
    revision: r[2],
    position: r[0],
    type: r[4],
    data: JSON.parse(r[5]) as unknown,
    metadata,
  };
}

/** A WHERE fragment and its parameters. */
export interface SqlCondition {
  sql: string;
  params: string[];
}

/** The WHERE fragment for a readAll/subscribe filter; an empty list matches nothing. */
export function filterCondition(filter: EventFilter | undefined): SqlCondition {
  if (!filter) return { sql: '1', params: [] };
  if ('streamPrefixes' in filter) {
    if (filter.streamPrefixes.length === 0) return { sql: '0', params: [] };
    // substr/length count characters on both sides, and compare exactly (LIKE would ignore ASCII case).
    const sql = filter.streamPrefixes.map(() => 'substr(stream, 1, length(?)) = ?').join(' OR ');
    return { sql: `(${sql})`, params: filter.streamPrefixes.flatMap((prefix) => [prefix, prefix]) };
  }
  if (filter.eventTypes.length === 0) return { sql: '0', params: [] };
  return { sql: `type IN (${filter.eventTypes.map(() => '?').join(', ')})`, params: [...filter.eventTypes] };
}
