import { InvalidInput } from '../shared/errors';
import { addDays, type BusinessDate } from '../values/business-date';

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
      `the cycle would start on ${from}, after its reading date ${args.readingDate}`,
    );
  }
  return { from, to: args.readingDate };
}

/** Every day of the period, in order (inclusive at both ends). */
export function daysOf(period: CyclePeriod): BusinessDate[] {
  if (period.from > period.to) throw new InvalidInput('period', `${period.from} is after ${period.to}`);
  const days: BusinessDate[] = [];
  for (let d = period.from; d <= period.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The number of days of the period (inclusive at both ends). */
export function dayCount(period: CyclePeriod): number {
  return daysOf(period).length;
}
