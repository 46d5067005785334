import { InvalidInput } from '../shared/errors';
import { addDays, addMonths, compareDates, daysBetween, monthYearLabel, parseBusinessDate } from './business-date';
import { expiryOf } from '../compensation/lots';

const d = (s: string) => parseBusinessDate(s);

describe('BusinessDate (Q1 value type; R9 "Expiry date")', () => {
  it('Q1 accepts real calendar dates, including 29 February of a leap year', () => {
    expect(d('2026-05-15')).toBe('2026-05-15');
    expect(d('2020-02-29')).toBe('2020-02-29');
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-4-1',
    '26-04-01',
    '2026-04-01T00:00:00Z',
    '',
    '2026-0a-01',
    '2026/04/01',
    '2026-04-1 ',
    '+026-04-01',
    '2026-04-\u0661\u0662',
    '1899-12-31',
    '2201-01-01',
  ])('Q1 refuses %s', (value) => {
    expect(() => parseBusinessDate(value)).toThrow(InvalidInput);
  });

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

describe('Day arithmetic without a Date per call (R9, R22 cycle days)', () => {
  const viaDate = (date: string, days: number) => {
    const [y, m, day] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, day + days)).toISOString().slice(0, 10);
  };
  it('R22 addDays and daysBetween agree with the UTC calendar on every day from 1900 to 2200', () => {
    const wrong: string[] = [];
    for (let date = d('1900-01-01'); date < '2200-12-31';) {
      const next = addDays(date, 1);
      if (next !== viaDate(date, 1) || daysBetween(date, next) !== 1) wrong.push(date);
      date = next;
    }
    expect(wrong).toEqual([]);
    expect(daysBetween(d('1900-01-01'), d('2200-12-31'))).toBe(
      (Date.UTC(2200, 11, 31) - Date.UTC(1900, 0, 1)) / 86_400_000,
    );
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(addDays(d('2025-01-15'), -400)).toBe(viaDate('2025-01-15', -400));
  });
});

describe('Calendar dates read digit by digit (Q1, R9)', () => {
  /** The UTC calendar's answer: the date exists when Date keeps its day. */
  const exists = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day)).getUTCDate() === day;
  const text = (y: number, m: number, day: number) =>
    `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

  it('Q1 accepts exactly the days the UTC calendar has, every month from 1900 to 2200', () => {
    const wrong: string[] = [];
    for (let y = 1900; y <= 2200; y++)
      for (let m = 1; m <= 12; m++)
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          const t = text(y, m, day);
          let accepted = true;
          try {
            parseBusinessDate(t);
          } catch {
            accepted = false;
          }
          if (accepted !== exists(y, m, day)) wrong.push(t);
        }
    expect(wrong).toEqual([]);
  });

  it("R9 addMonths clamps to the month's last day as the UTC calendar does, for every month end from 1900 to 2150", () => {
    const viaDate = (y: number, m: number, day: number, months: number) => {
      const first = new Date(Date.UTC(y, m - 1 + months, 1));
      const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
      return text(first.getUTCFullYear(), first.getUTCMonth() + 1, Math.min(day, last));
    };
    const wrong: string[] = [];
    for (let y = 1900; y <= 2150; y++)
      for (let m = 1; m <= 12; m++)
        for (const day of [1, 28, 29, 30, 31]) {
          if (!exists(y, m, day)) continue;
          for (const months of [1, 12, 60, -1]) {
            const got = addMonths(d(text(y, m, day)), months);
            if (got !== viaDate(y, m, day, months)) wrong.push(`${text(y, m, day)} + ${months}`);
          }
        }
    expect(wrong).toEqual([]);
    expect(expiryOf(d('2024-02-29'))).toBe('2029-02-28'); // the second time from the expiries already computed
    expect(expiryOf(d('2024-02-29'))).toBe('2029-02-28');
  });
});
