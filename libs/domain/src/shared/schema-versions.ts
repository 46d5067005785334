import { EVENT_CATALOGUE } from './event-catalogue';

/**
 * Current schema version of each event type's data (from the event catalogue). A change to an event's shape bumps
 * its version there and adds an upcaster below, so old events are read in the new shape.
 */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(EVENT_CATALOGUE).map(([type, entry]) => [type, entry.schemaVersion]),
);

/** Turns an event's data at `fromVersion` into the current shape. */
export type Upcaster = (data: unknown) => unknown;

/** Upcasters by event type and the version they read; none yet (every event is at version 1). */
export const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {};

/** Reads stored data in the current shape, applying upcasters in order. */
export function upcast(type: string, schemaVersion: number, data: unknown): unknown {
  const current = EVENT_SCHEMA_VERSIONS[type] ?? 1;
  let d = data;
  for (let v = schemaVersion; v < current; v++) {
    const up = UPCASTERS[type]?.[v];
    if (!up) throw new Error(`no upcaster for ${type} v${v}`);
    d = up(d);
  }
  return d;
}
