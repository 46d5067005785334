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
 * Upcasters by event type and the version they read. Each keeps a value already there, so data in the current shape
 * passes through unchanged.
 */
export const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
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
