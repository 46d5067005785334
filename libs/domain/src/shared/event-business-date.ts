import { eventEntryOf } from './event-catalogue';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The business date (`YYYY-MM-DD`) in an event's data, or null (HeldCreditsReceived carries none of its own). */
export function eventDataDate(type: string, data: unknown): string | null {
  // The event catalogue names the field.
  const field = eventEntryOf(type)?.date;
  const value = field ? (data as Record<string, unknown> | null)?.[field] : undefined;
  return typeof value === 'string' && DATE.test(value) ? value : null;
}
