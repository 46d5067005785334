import { addDays, type BusinessDate } from '../values/business-date';
import { dayCount, daysOf } from './cycle-period';

const d = (s: string) => s as BusinessDate;

/** The reference: one addDays (a UTC Date) per day. */
function byAddDays(from: BusinessDate, to: BusinessDate): BusinessDate[] {
  const out: BusinessDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

describe('R22 the days of a cycle', () => {
  it.each([
    ['2025-12-20', '2026-01-20'],
    ['2024-02-27', '2024-03-02'],
    ['2023-02-27', '2023-03-02'],
    ['2000-02-27', '2000-03-01'],
    ['2100-02-27', '2100-03-01'],
    ['2024-01-01', '2024-12-31'],
    ['2026-03-31', '2026-03-31'],
  ])('R22 %s to %s: every day once, both ends included, as the calendar has them', (from, to) => {
    expect(daysOf({ from: d(from), to: d(to) })).toEqual(byAddDays(d(from), d(to)));
    expect(dayCount({ from: d(from), to: d(to) })).toBe(byAddDays(d(from), d(to)).length);
  });

  it('R22 a period that ends before it starts is refused', () => {
    expect(() => daysOf({ from: d('2026-02-02'), to: d('2026-02-01') })).toThrow();
    expect(() => dayCount({ from: d('2026-02-02'), to: d('2026-02-01') })).toThrow();
  });
});
