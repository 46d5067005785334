import type { EventDataOf, EventType } from './domain-event';

/**
 * The data field that carries each event type's business date: the date its command carried ("Time", R12). Every
 * reader that dates events (audit as-of, balance as of a date, credits over time) asks here.
 */
const DATE_FIELD: Readonly<Record<string, string | null>> = {
  UcRegistered: 'registeredAt',
  GenerationRegistered: 'requestedAt',
  CapacityAdded: 'requestedAt',
  MembersRegistered: 'date',
  RateioChanged: 'requestedAt',
  ReadingRecorded: 'readingDate',
  CycleCompensated: 'readingDate',
  ExcedenteAllocated: 'readingDate',
  // The generator's reading that allocated it: the delivery belongs to that business date.
  ExcedenteReceived: 'allocatedOn',
  CreditsExpired: 'date',
  TitularidadeTransferred: 'date',
  ContractClosed: 'date',
  ClosureDistributionRequested: 'requestedAt',
  CreditsReallocated: 'date',
  CreditsHeldForTitular: 'date',
  ReallocationIndicated: 'date',
  HeldCreditsKept: 'date',
  TariffPublished: 'validFrom',
  // Delivered lots keep the dates of the event that moved them (its fromStream's); none of its own.
  HeldCreditsReceived: null,
} satisfies { readonly [T in EventType]: (keyof EventDataOf<T> & string) | null };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The business date (`YYYY-MM-DD`) in an event's data, or null (HeldCreditsReceived carries none of its own). */
export function eventDataDate(type: string, data: unknown): string | null {
  const field = DATE_FIELD[type];
  const value = field ? (data as Record<string, unknown> | null)?.[field] : undefined;
  return typeof value === 'string' && DATE.test(value) ? value : null;
}
