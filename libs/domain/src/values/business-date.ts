import { InvalidInput } from '../shared/errors';

/** A calendar date `YYYY-MM-DD` (business dates: reading date, request date). No time, no zone. */
export type BusinessDate = string & { readonly __brand: 'BusinessDate' };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Validates `YYYY-MM-DD` as a real calendar date (2026-02-30 is refused). */
export function parseBusinessDate(value: string, field = 'date'): BusinessDate {
  const m = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
  if (!m) throw new InvalidInput(field, `"${value}" is not a date YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new InvalidInput(field, `"${value}" is not a calendar date`);
  }
  return value as BusinessDate;
}

function fromParts(y: number, m: number, d: number): BusinessDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as BusinessDate;
}

/** Adds calendar months, clamping to the month's last day (2020-02-29 + 60 months → 2025-02-28). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return fromParts(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Adds calendar days. */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return fromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Calendar days from `a` to `b` (b − a): whole days between two UTC midnights, an exact integer. */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  const [ya, ma, da] = a.split('-').map(Number);
  const [yb, mb, db] = b.split('-').map(Number);
  return (Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000;
}

/** ISO dates compare as strings. */
export function compareDates(a: BusinessDate, b: BusinessDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: BusinessDate, b: BusinessDate): BusinessDate {
  return a >= b ? a : b;
}

/** "2026-05-15" → "05/2026" (invoice labels, R17). */
export function monthYearLabel(date: BusinessDate): string {
  return `${date.slice(5, 7)}/${date.slice(0, 4)}`;
}
