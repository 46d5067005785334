import { InvalidInput } from '../shared/errors';
import { addDays, addMonths, compareDates, monthYearLabel, parseBusinessDate } from './business-date';
import { expiryOf } from '../compensation/lots';

const d = (s: string) => parseBusinessDate(s);

describe('BusinessDate (Q1 value type; R9 "Expiry date")', () => {
  it('Q1 accepts real calendar dates, including 29 February of a leap year', () => {
    expect(d('2026-05-15')).toBe('2026-05-15');
    expect(d('2020-02-29')).toBe('2020-02-29');
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-4-1', '26-04-01', '2026-04-01T00:00:00Z', ''])(
    'Q1 refuses %s',
    (value) => {
      expect(() => parseBusinessDate(value)).toThrow(InvalidInput);
    },
  );

  it('R9 2020-02-29 + 60 months → 2025-02-28 (the month has no 29th: its last day)', () => {
    expect(addMonths(d('2020-02-29'), 60)).toBe('2025-02-28');
    expect(expiryOf(d('2020-02-29'))).toBe('2025-02-28');
  });

  it('R9 a vintage expires 60 months later on the same day', () => {
    expect(expiryOf(d('2021-03-15'))).toBe('2026-03-15');
    expect(expiryOf(d('2024-02-29'))).toBe('2029-02-28');
    expect(expiryOf(d('2021-01-31'))).toBe('2026-01-31');
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2026-11-30'), 2)).toBe('2027-01-30');
  });

  it('Q1 adds calendar days across month and year ends', () => {
    expect(addDays(d('2026-01-31'), 30)).toBe('2026-03-02');
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2026-03-01'), -1)).toBe('2026-02-28');
  });

  it('Q1 compares dates chronologically and labels MM/YYYY', () => {
    expect(compareDates(d('2026-01-31'), d('2026-02-01'))).toBe(-1);
    expect(compareDates(d('2026-02-01'), d('2026-02-01'))).toBe(0);
    expect(monthYearLabel(d('2026-05-15'))).toBe('05/2026');
  });
});
