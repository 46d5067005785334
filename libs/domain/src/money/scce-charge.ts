import type { BusinessDate } from '../values/business-date';
import type { GdClass } from '../values/gd-class';
import { Money, type MoneyValue } from './cycle-pricing';
import { fioBShare, type ScceRates } from './scce-rates';
import type { TariffComponents } from './tariff-table';

/** R23: GD III's formula holds until 2028 (L art. 27 §1). */
const GD_III_FORMULA_LAST_YEAR = 2028;
/** R23: GD I pays nothing until 2045-12-31 (L art. 26). */
const GD_I_FREE_UNTIL: BusinessDate = '2045-12-31' as BusinessDate;

/**
 * R23: the SCEE charge of one compensated kWh of a class on one day, from that day's components; null when it
 * needs a published rate (2029 on) that is not there. Never rounded (0.22 × 15% = 0.033).
 */
export function scceChargeOn(
  gdClass: GdClass,
  day: BusinessDate,
  components: TariffComponents,
  rates: ScceRates,
): MoneyValue | null {
  const year = Number(day.slice(0, 4));
  const fioB = new Money(components.fioB);
  switch (gdClass) {
    case 'GD_I': {
      // R23: GD I is free until 2045-12-31; after that the art. 17 regime applies to it too (REN 655-O §6),
      // which is the published rate, as for GD II.
      if (day <= GD_I_FREE_UNTIL) return new Money(0);
      return fioBShareTimes(year, fioB, rates);
    }
    case 'GD_II':
      return fioBShareTimes(year, fioB, rates);
    case 'GD_III': {
      // R23: fioB + 0.40 × fioA + ped + tfsee until 2028. RULES.md gives no formula after 2028; L art. 27 §1 IV
      // sends GD III to the art. 17 rule like GD II, so from 2029 it pays the published share of fioB as GD II does.
      if (year > GD_III_FORMULA_LAST_YEAR) return fioBShareTimes(year, fioB, rates);
      return fioB.plus(new Money(components.fioA).times('0.40')).plus(components.ped).plus(components.tfsee);
    }
  }
}

function fioBShareTimes(year: number, fioB: MoneyValue, rates: ScceRates): MoneyValue | null {
  const share = fioBShare(year, rates);
  return share === null ? null : share.times(fioB);
}
