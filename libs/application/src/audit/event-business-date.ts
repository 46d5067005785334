import { eventDataDate } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';

/** The business date of an event, and where it came from. */
export interface EventBusinessDate {
  date: string;
  source: 'data' | 'cause' | 'recordedAt';
}

/**
 * The as-of date of an event: its business date field; for HeldCreditsReceived (no date of its own) the date of
 * the CreditsReallocated that caused it (`causeDate`, looked up by the caller); else the UTC day the store
 * recorded it (metadata.recordedAt), the only date left.
 */
export function businessDateOf(
  e: RecordedEvent,
  causeDate?: (e: RecordedEvent) => string | undefined,
): EventBusinessDate {
  const value = eventDataDate(e.type, e.data);
  if (value) return { date: value, source: 'data' };
  const cause = causeDate?.(e);
  if (cause) return { date: cause, source: 'cause' };
  return { date: String(e.metadata.recordedAt ?? '').slice(0, 10), source: 'recordedAt' };
}
