import { InvalidInput } from '../shared/errors';

/** A calendar date `YYYY-MM-DD` (business dates: reading date, request date). No time, no zone. */
export type BusinessDate = string & { readonly __brand: 'BusinessDate' };

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days of a month (1–12) in the proleptic Gregorian calendar, as `Date` counts them for years from 100 on. */
function daysInMonth(year: number, month: number): number {
  // `Date.UTC` reads years 0–99 as 1900–1999: those (never a business date) keep its answer.
  if (year < 100 || !Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12)
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month !== 2) return MONTH_DAYS[month - 1];
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** The number of the `count` ASCII digits of `text` from `at`, or -1 when one is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Validates `YYYY-MM-DD` as a real calendar date (2026-02-30 is refused). */
export function parseBusinessDate(value: string, field = 'date'): BusinessDate {
  // Read digit by digit (the hot path of every command): the same texts as DATE_PATTERN, without a match array.
  const ok = typeof value === 'string' && value.length === 10 && value[4] === '-' && value[7] === '-';
  const y = ok ? digitsAt(value, 0, 4) : -1;
  const mo = ok ? digitsAt(value, 5, 2) : -1;
  const d = ok ? digitsAt(value, 8, 2) : -1;
  if (y < 0 || mo < 0 || d < 0) throw new InvalidInput(field, `"${value}" não é uma data AAAA-MM-DD`);
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new InvalidInput(field, `"${value}" não é uma data válida do calendário`);
  }
  return value as BusinessDate;
}

function fromParts(y: number, m: number, d: number): BusinessDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as BusinessDate;
}

/** Adds calendar months, clamping to the month's last day (2020-02-29 + 60 months → 2025-02-28). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  const plain = date.length === 10 && date[4] === '-' && date[7] === '-';
  let y = plain ? digitsAt(date, 0, 4) : -1;
  let m = plain ? digitsAt(date, 5, 2) : -1;
  let d = plain ? digitsAt(date, 8, 2) : -1;
  if (y < 0 || m < 0 || d < 0) [y, m, d] = date.split('-').map(Number); // not the usual text: as before
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
