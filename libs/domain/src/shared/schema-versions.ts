import type { EventType } from './domain-event';

/**
 * Current schema version of each event type's data. A change to an event's shape bumps its version and adds an
 * upcaster below, so old events are read in the new shape.
 */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  UcRegistered: 1,
  GenerationRegistered: 1,
  CapacityAdded: 1,
  MembersRegistered: 1,
  RateioChanged: 1,
  TariffPublished: 1,
  ReadingRecorded: 1,
  CycleCompensated: 1,
  ExcedenteAllocated: 1,
  ExcedenteReceived: 1,
  CreditsExpired: 1,
  TitularidadeTransferred: 1,
  ContractClosed: 1,
  ClosureDistributionRequested: 1,
  CreditsHeldForTitular: 1,
  ReallocationIndicated: 1,
  CreditsReallocated: 1,
  HeldCreditsKept: 1,
  HeldCreditsReceived: 1,
} satisfies Record<EventType, number>;

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
