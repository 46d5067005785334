import type { RecordedEvent } from '@compensa/event-store';

/** The business date of an event, and where it came from. */
export interface EventBusinessDate {
  date: string;
  source: 'data' | 'cause' | 'recordedAt';
}

// The data field that carries each event type's business date (the date its command carried, R12).
const DATE_FIELD: Readonly<Record<string, string>> = {
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
};

/**
 * The as-of date of an event: its business date field; for HeldCreditsReceived (no date of its own) the date of
 * the CreditsReallocated that caused it (`causeDate`, looked up by the caller); else the UTC day the store
 * recorded it (metadata.recordedAt), the only date left.
 */
export function businessDateOf(
  e: RecordedEvent,
  causeDate?: (e: RecordedEvent) => string | undefined,
): EventBusinessDate {
  const field = DATE_FIELD[e.type];
  const value = field ? (e.data as Record<string, unknown> | null)?.[field] : undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: value, source: 'data' };
  const cause = causeDate?.(e);
  if (cause) return { date: cause, source: 'cause' };
  return { date: String(e.metadata.recordedAt ?? '').slice(0, 10), source: 'recordedAt' };
}
