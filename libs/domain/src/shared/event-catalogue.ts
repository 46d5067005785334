import type { EventDataOf, EventType } from './domain-event';

/** What every reader needs to know of an event type. */
export interface EventEntry<T extends EventType> {
  /** The current version of its data's shape; a change bumps it and adds an upcaster (schema-versions.ts). */
  readonly schemaVersion: number;
  /**
   * The data field carrying its business date: the date its command carried ("Time", R12); null when it has none
   * of its own. Every reader that dates events (audit as-of, balance as of a date, credits over time) asks here.
   */
  readonly date: (keyof EventDataOf<T> & string) | null;
}

/**
 * One entry per event type of the domain, keyed by the event-type union: a new event missing here, or naming a
 * date field its data does not have, does not compile.
 */
export const EVENT_CATALOGUE = {
  // R23 (L art. 27 §2): energy parts, lots and compensation lines may carry `cohort: '2023-H1'`, and recorded prices
  // `fCohort`, both written only for that cohort's energy and for cycles with days in 2029–2030. The fields are
  // optional and an event without them means what it meant before (energy of no cohort), so no version changed and
  // no upcaster is needed (money/scce-cohort.spec.ts folds such a stored event). Energy of a 2023-H1 plant recorded
  // before the cohort existed has none: the UC's tranches (GenerationRegistered, CapacityAdded) tell which it was.
  UcRegistered: { schemaVersion: 2, date: 'registeredAt' },
  GenerationRegistered: { schemaVersion: 1, date: 'requestedAt' },
  CapacityAdded: { schemaVersion: 1, date: 'requestedAt' },
  MembersRegistered: { schemaVersion: 1, date: 'date' },
  RateioChanged: { schemaVersion: 1, date: 'requestedAt' },
  TariffPublished: { schemaVersion: 1, date: 'validFrom' },
  ReadingRecorded: { schemaVersion: 1, date: 'readingDate' },
  CycleCompensated: { schemaVersion: 2, date: 'readingDate' },
  ExcedenteAllocated: { schemaVersion: 1, date: 'readingDate' },
  // The generator's reading that allocated it: the delivery belongs to that business date.
  ExcedenteReceived: { schemaVersion: 1, date: 'allocatedOn' },
  CreditsExpired: { schemaVersion: 1, date: 'date' },
  TitularidadeTransferred: { schemaVersion: 1, date: 'date' },
  ContractClosed: { schemaVersion: 1, date: 'date' },
  ClosureDistributionRequested: { schemaVersion: 1, date: 'requestedAt' },
  CreditsHeldForTitular: { schemaVersion: 1, date: 'date' },
  ReallocationIndicated: { schemaVersion: 1, date: 'date' },
  CreditsReallocated: { schemaVersion: 1, date: 'date' },
  HeldCreditsReallocated: { schemaVersion: 1, date: 'date' },
  HeldCreditsExpired: { schemaVersion: 1, date: 'date' },
  HeldCreditsKept: { schemaVersion: 1, date: 'date' },
  // Delivered lots take the date of the event that moved them (its cause); none of its own.
  HeldCreditsReceived: { schemaVersion: 1, date: null },
  // Migration: the legacy system's balances, held by the platform from the import date.
  OpeningBalanceImported: { schemaVersion: 1, date: 'date' },
  OpeningHeldCreditsImported: { schemaVersion: 1, date: 'date' },
  // A correction belongs to its own date: as of an earlier date the bill stood as first recorded.
  ReadingCorrected: { schemaVersion: 1, date: 'date' },
  ExcedenteReceiptCorrected: { schemaVersion: 1, date: 'date' },
  AllocationRedecided: { schemaVersion: 1, date: 'date' },
  HeldCreditsReceiptCorrected: { schemaVersion: 1, date: 'date' },
  HeldCreditsCorrected: { schemaVersion: 1, date: 'date' },
  ReallocationDefaultRedecided: { schemaVersion: 1, date: 'date' },
  CycleRecompensated: { schemaVersion: 1, date: 'date' },
  DistribuidoraPolicySet: { schemaVersion: 1, date: 'validFrom' },
  // National facts hold for a month or a year, not from a business date of a command.
  BandeiraPublished: { schemaVersion: 1, date: null },
  ScceRatePublished: { schemaVersion: 1, date: null },
} as const satisfies { readonly [T in EventType]: EventEntry<T> };

/** The catalogue's entry of a stored type, or undefined for a type the domain does not know. */
export function eventEntryOf(
  type: string,
): { readonly schemaVersion: number; readonly date: string | null } | undefined {
  const entries: Readonly<Record<string, { readonly schemaVersion: number; readonly date: string | null }>> =
    EVENT_CATALOGUE;
  return Object.prototype.hasOwnProperty.call(entries, type) ? entries[type] : undefined;
}
