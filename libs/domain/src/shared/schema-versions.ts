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

type Data = Record<string, unknown>;

/**
 * Upcasters by event type (a key the catalogue does not know does not compile) and the version they read. Each keeps a
 * value already there, so data in the current shape passes through unchanged.
 */
export const UPCASTERS: { readonly [T in keyof typeof EVENT_CATALOGUE]?: Readonly<Record<number, Upcaster>> } = {
  // v2 (R10, R22): the subgrupo (R22's default by group) and the baixa renda flag (false before it existed).
  UcRegistered: {
    1: (data) => {
      const d = data as Data;
      return { ...d, subgrupo: d.subgrupo ?? (d.group === 'A' ? 'A4' : 'B1'), baixaRenda: d.baixaRenda ?? false };
    },
  },
  // v2 (R10): what the limit compared. Before P10 a reading was decided as `greater-of` decides it, with no pricing
  // and no short-cycle rule.
  CycleCompensated: {
    1: (data) => {
      const d = data as Data;
      return {
        ...d,
        p10: d.p10 ?? 'greater-of',
        pricing: d.pricing ?? null,
        subgrupo: d.subgrupo ?? (d.minimumKwh === null ? 'A4' : 'B1'),
        baixaRenda: d.baixaRenda ?? false,
        cycleDays: d.cycleDays ?? null,
        shortCycle: d.shortCycle ?? false,
      };
    },
  },
};

/**
 * Names an older schema used for two shapes on two stream kinds: on a titular stream (`titular-…`) the held credits
 * that expired or moved were once stored as `CreditsExpired` and `CreditsReallocated`, the names of the UC stream's
 * own (different) events. Stored events keep their name (the hash chain covers it); they are read under the new one.
 */
const RENAMED_ON_TITULAR_STREAMS: Readonly<Record<string, string>> = {
  CreditsExpired: 'HeldCreditsExpired',
  CreditsReallocated: 'HeldCreditsReallocated',
};

/** The current name of a stored event type on its stream (see RENAMED_ON_TITULAR_STREAMS). */
export function currentEventType(stream: string, type: string): string {
  return stream.startsWith('titular-') ? (RENAMED_ON_TITULAR_STREAMS[type] ?? type) : type;
}

/**
 * A stored event in the current shape: its current name on its stream and its data upcast to the current schema
 * version (the metadata says so). Every reader of the log reads events through this; the stored bytes, which the
 * hash chain and the signed digest cover, are never rewritten.
 */
export function inCurrentShape<
  E extends { readonly stream: string; readonly type: string; readonly data: unknown; readonly metadata: object },
>(e: E): E {
  const type = currentEventType(e.stream, e.type);
  const stored = (e.metadata as { schemaVersion?: number }).schemaVersion ?? 1;
  const current = EVENT_SCHEMA_VERSIONS[type] ?? 1;
  if (type === e.type && stored >= current) return e;
  return { ...e, type, data: upcast(type, stored, e.data), metadata: { ...e.metadata, schemaVersion: current } };
}

/** Reads stored data in the current shape, applying upcasters in order. */
export function upcast(type: string, schemaVersion: number, data: unknown): unknown {
  const current = EVENT_SCHEMA_VERSIONS[type] ?? 1;
  let d = data;
  for (let v = schemaVersion; v < current; v++) {
    const up = (UPCASTERS as Readonly<Record<string, Readonly<Record<number, Upcaster>> | undefined>>)[type]?.[v];
    if (!up) throw new Error(`no upcaster for ${type} v${v}`);
    d = up(d);
  }
  return d;
}
