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

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date in the proleptic Gregorian calendar, in integer arithmetic (H.
 * Hinnant's days_from_civil): every cycle counts its days with it, so no Date is made per call.
 */
export function dayNumber(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a day number (`dayNumber`'s inverse: civil_from_days). */
export function dateOfDayNumber(n: number): BusinessDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return fromParts(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/** Adds calendar days. */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Calendar days from `a` to `b` (b − a), an exact integer. */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return dayNumber(b) - dayNumber(a);
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
