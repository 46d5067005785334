import type { BusinessDate } from '../values/business-date';
import type { GdClass } from '../values/gd-class';
import { isCohortYear } from '../values/scce-cohort';
import { Money, type MoneyValue } from './cycle-pricing';
import { fioBShare, type ScceRates } from './scce-rates';
import type { TariffComponents } from './tariff-table';

/** R23: GD III's formula holds until 2028 (L art. 27 §1); 2030 for the 2023-H1 cohort (L art. 27 §2). */
const GD_III_FORMULA_LAST_YEAR = 2028;
/** R23: GD I pays nothing until 2045-12-31 (L art. 26). */
const GD_I_FREE_UNTIL: BusinessDate = '2045-12-31' as BusinessDate;
/** R23 (L art. 27 §2): the 2023-H1 cohort's GD II share of fioB in 2029 and 2030 (that of 2028). */
const COHORT_GD_II_SHARE = new Money('0.90');
const ZERO = new Money(0);
const FORTY_PERCENT = new Money('0.40');

/** A tariff's components as `Money`, parsed once per published table (tables are never mutated). */
interface ParsedComponents {
  readonly fioB: MoneyValue;
  /** R23: GD III's `fioB + 0.40 × fioA + ped + tfsee`. */
  readonly gdIIIFormula: MoneyValue;
}
const parsed = new WeakMap<TariffComponents, ParsedComponents>();

function parsedOf(c: TariffComponents): ParsedComponents {
  let p = parsed.get(c);
  if (p === undefined) {
    const fioB = new Money(c.fioB);
    p = { fioB, gdIIIFormula: fioB.plus(new Money(c.fioA).times(FORTY_PERCENT)).plus(c.ped).plus(c.tfsee) };
    parsed.set(c, p);
  }
  return p;
}

/**
 * R23: the SCEE charge of one compensated kWh of a class on one day, from that day's components; null when it
 * needs a published rate (2029 on) that is not there. Never rounded (0.22 × 15% = 0.033). `cohort2023H1`: the
 * energy comes from a plant requested between 2023-01-08 and 2023-07-07, which keeps 2028's charge in 2029 and 2030.
 */
export function scceChargeOn(
  gdClass: GdClass,
  day: BusinessDate,
  components: TariffComponents,
  rates: ScceRates,
  cohort2023H1 = false,
): MoneyValue | null {
  const year = Number(day.slice(0, 4));
  const { fioB, gdIIIFormula } = parsedOf(components);
  const keeps2028 = cohort2023H1 && isCohortYear(year);
  switch (gdClass) {
    case 'GD_I': {
      // R23: GD I is free until 2045-12-31; after that the art. 17 regime applies to it too (REN 655-O §6),
      // which is the published rate, as for GD II.
      if (day <= GD_I_FREE_UNTIL) return ZERO;
      return fioBShareTimes(year, fioB, rates);
    }
    case 'GD_II':
      // R23 (L art. 27 §2): the 2023-H1 cohort keeps 90% of fioB in 2029 and 2030, with no published rate.
      if (keeps2028) return COHORT_GD_II_SHARE.times(fioB);
      return fioBShareTimes(year, fioB, rates);
    case 'GD_III': {
      // R23: fioB + 0.40 × fioA + ped + tfsee until 2028 (2030 for the 2023-H1 cohort). RULES.md gives no formula
      // after that; L art. 27 §1 IV sends GD III to the art. 17 rule like GD II, so it then pays the published share
      // of fioB as GD II does.
      if (year > GD_III_FORMULA_LAST_YEAR && !keeps2028) return fioBShareTimes(year, fioB, rates);
      return gdIIIFormula;
    }
  }
}

function fioBShareTimes(year: number, fioB: MoneyValue, rates: ScceRates): MoneyValue | null {
  const share = fioBShare(year, rates);
  return share === null ? null : share.times(fioB);
}
