import { InvalidInput } from '../shared/errors';
import { addDays, daysBetween, type BusinessDate } from '../values/business-date';

/**
 * R22: the days a cycle is billed for, both ends INCLUDED: from the day after the previous reading (the
 * registration date for a first reading) to the reading date. So consecutive cycles share no day and miss none.
 */
export interface CyclePeriod {
  readonly from: BusinessDate;
  readonly to: BusinessDate;
}

/** R22: the period of the cycle closed by `readingDate`. */
export function cyclePeriod(args: {
  readonly previousReadingDate: BusinessDate | null;
  readonly registrationDate: BusinessDate;
  readonly readingDate: BusinessDate;
}): CyclePeriod {
  const from = args.previousReadingDate === null ? args.registrationDate : addDays(args.previousReadingDate, 1);
  if (from > args.readingDate) {
    throw new InvalidInput(
      'readingDate',
      `o ciclo começaria em ${from}, depois da data da leitura (${args.readingDate})`,
    );
  }
  return { from, to: args.readingDate };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Days in a month of the proleptic Gregorian calendar. */
export function monthLength(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Every day of the period, in order (inclusive at both ends). Every reading prices its cycle day by day (R22,
 * R23, R26): the calendar is stepped here without a Date per day.
 */
export function daysOf(period: CyclePeriod): BusinessDate[] {
  if (period.from > period.to) throw new InvalidInput('period', `${period.from} é posterior a ${period.to}`);
  const days: BusinessDate[] = [];
  let [y, m, d] = period.from.split('-').map(Number);
  for (;;) {
    const day = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}` as BusinessDate;
    days.push(day);
    if (day >= period.to) return days;
    d += 1;
    if (d > monthLength(y, m)) {
      d = 1;
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
    }
  }
}

/** The number of days of the period (inclusive at both ends). */
export function dayCount(period: CyclePeriod): number {
  if (period.from > period.to) throw new InvalidInput('period', `${period.from} é posterior a ${period.to}`);
  return daysBetween(period.from, period.to) + 1;
}
