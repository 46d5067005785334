import fc from 'fast-check';
import { addDays, type BusinessDate } from '../values/business-date';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { COHORT_CLASSES, isCohortYear, type CohortClass } from '../values/scce-cohort';
import { Money, type MoneyValue } from './cycle-pricing';
import { daysOf, type CyclePeriod } from './cycle-period';
import { bandeiraParts, type BandeiraMonth } from './bandeira';
import { priceCycleTariffs, type CycleTariffs, type PriceCycleInput } from './price-cycle';
import { scceChargeOn } from './scce-charge';
import { componentsOn } from './tariff-schedule';
import type { TariffComponents, TariffTable } from './tariff-table';

/**
 * The straightforward reading of R22 and R23, day by day: each day's T (te + tusd), te and f (its own table, share,
 * year and class), summed over the days and divided once by their number. `priceCycleTariffs` sums runs of days
 * instead; this is the reference it must equal exactly (same Decimal, same text).
 */
function perDayReference(input: PriceCycleInput): Omit<CycleTariffs, 'missing' | 'days'> & { noTariff: boolean[] } {
  const days = daysOf(input.period);
  const withCohort = days.some((d) => isCohortYear(Number(d.slice(0, 4))));
  const T: Partial<Record<Posto, MoneyValue>> = {};
  const te: Partial<Record<Posto, MoneyValue>> = {};
  const f: Partial<Record<Posto, Partial<Record<GdClass, MoneyValue>>>> = {};
  const fCohort: Partial<Record<Posto, Partial<Record<CohortClass, MoneyValue>>>> = {};
  const noTariff: boolean[] = [];
  for (const posto of input.postos) {
    let t = new Money(0);
    let e = new Money(0);
    const fs = new Map<GdClass, MoneyValue | null>(GD_CLASSES.map((c) => [c, new Money(0)]));
    const cs = new Map<CohortClass, MoneyValue | null>(COHORT_CLASSES.map((c) => [c, new Money(0)]));
    let missing = false;
    for (const day of days) {
      const c = componentsOn(input.schedule, input.subgrupo, posto, day);
      if (c === null) {
        missing = true;
        continue;
      }
      t = t.plus(new Money(c.te).plus(c.tusd));
      e = e.plus(c.te);
      for (const gdClass of GD_CLASSES) {
        const v = scceChargeOn(gdClass, day, c, input.scceRates);
        const s = fs.get(gdClass) ?? null;
        fs.set(gdClass, v === null || s === null ? null : s.plus(v));
      }
      for (const gdClass of COHORT_CLASSES) {
        const v = scceChargeOn(gdClass, day, c, input.scceRates, true);
        const s = cs.get(gdClass) ?? null;
        cs.set(gdClass, v === null || s === null ? null : s.plus(v));
      }
    }
    noTariff.push(missing);
    if (missing) continue;
    T[posto] = t.div(days.length);
    te[posto] = e.div(days.length);
    const byClass: Partial<Record<GdClass, MoneyValue>> = {};
    for (const [c, s] of fs) if (s !== null) byClass[c] = s.div(days.length);
    f[posto] = byClass;
    const byCohort: Partial<Record<CohortClass, MoneyValue>> = {};
    for (const [c, s] of cs) if (s !== null) byCohort[c] = s.div(days.length);
    if (withCohort) fCohort[posto] = byCohort;
  }
  return { T, te, f, ...(withCohort ? { fCohort } : {}), noTariff };
}

/** Decimals as their exact text, so that equal means the same digits. */
function text(v: unknown): unknown {
  if (v instanceof Money) return v.toFixed();
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text(x)]));
  return v;
}

const price8 = fc.integer({ min: 0, max: 300_000_000 }).map((n) => new Money(n).div(100_000_000).toFixed());
const componentsArb: fc.Arbitrary<TariffComponents> = fc.record({
  te: price8,
  tusd: price8,
  fioB: price8,
  fioA: price8,
  ped: price8,
  tfsee: price8,
});
/** Days from 2022-06-01, so tables and cycles fall around the L art. 27 years, 2029–2031 and 2045–2046. */
const dayArb = (max: number) => fc.integer({ min: 0, max }).map((n) => addDays('2022-06-01' as BusinessDate, n));
const tableArb: fc.Arbitrary<TariffTable> = fc.record({
  validFrom: dayArb(9_000),
  subgrupos: fc.record({
    B1: fc.record({ unico: componentsArb, ponta: componentsArb }, { requiredKeys: ['unico'] }),
  }),
});
const inputArb: fc.Arbitrary<PriceCycleInput> = fc
  .record({
    schedule: fc.array(tableArb, { minLength: 1, maxLength: 5 }),
    start: fc.oneof(
      dayArb(9_000),
      fc.integer({ min: 2_300, max: 3_300 }).map((n) => addDays('2022-06-01' as BusinessDate, n)),
    ),
    length: fc.integer({ min: 1, max: 400 }),
    rates: fc.dictionary(
      fc.integer({ min: 2029, max: 2047 }).map(String),
      price8.filter((s) => new Money(s).lte(1)).map((share) => ({ share })),
      { maxKeys: 6 },
    ),
    postos: fc.subarray<Posto>(['unico', 'ponta'], { minLength: 1 }),
  })
  .map(({ schedule, start, length, rates, postos }) => ({
    subgrupo: 'B1',
    postos,
    period: { from: start, to: addDays(start, length - 1) } as CyclePeriod,
    schedule,
    scceRates: rates as unknown as PriceCycleInput['scceRates'],
  }));

describe('R22 R23 pricing by runs of days equals the day-by-day mean', () => {
  it('R22 R23 T, te, f and the 2023-H1 cohort f are the same Decimals as summing every day one by one', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const fast = priceCycleTariffs(input);
        const ref = perDayReference(input);
        expect(text(fast.T)).toEqual(text(ref.T));
        expect(text(fast.te)).toEqual(text(ref.te));
        expect(text(fast.f)).toEqual(text(ref.f));
        expect(text(fast.fCohort)).toEqual(text(ref.fCohort));
        expect(fast.days).toBe(daysOf(input.period).length);
        // R22: a posto is named missing exactly when one of its days has no tariff.
        const named = new Set(fast.missing.flatMap((m) => (m.kind === 'tariff' ? [m.posto] : [])));
        expect(input.postos.map((p) => named.has(p))).toEqual(ref.noTariff);
      }),
      { numRuns: 300 },
    );
  });

  it('R26 bandeira parts by month equal counting the days one by one', () => {
    const months: BandeiraMonth[] = [];
    for (let y = 2022; y <= 2047; y++)
      for (let m = 1; m <= 12; m++)
        months.push({ month: `${y}-${String(m).padStart(2, '0')}`, flag: 'amarela', rate: `0.0${m}` });
    fc.assert(
      fc.property(dayArb(8_000), fc.integer({ min: 1, max: 400 }), (from, length) => {
        const period = { from, to: addDays(from, length - 1) };
        const byDay = new Map<string, number>();
        for (const day of daysOf(period)) byDay.set(day.slice(0, 7), (byDay.get(day.slice(0, 7)) ?? 0) + 1);
        expect(bandeiraParts(period, months).map((p) => p.days)).toEqual([...byDay.values()]);
      }),
      { numRuns: 200 },
    );
  });
});
