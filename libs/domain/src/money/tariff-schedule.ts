import type { BusinessDate } from '../values/business-date';
import type { Posto } from '../values/posto';
import type { Subgrupo } from '../values/subgrupo';
import type { TariffComponents, TariffTable } from './tariff-table';

/** R22: a distribuidora's published tariff tables in R$, in any order; each is in force from its validFrom. */
export type TariffSchedule = readonly TariffTable[];

/** R22: the table in force on a day: the one with the latest validFrom on or before it; null before the first. */
export function tariffInForce(schedule: TariffSchedule, day: BusinessDate): TariffTable | null {
  let found: TariffTable | null = null;
  for (const t of schedule) {
    if (t.validFrom <= day && (found === null || t.validFrom > found.validFrom)) found = t;
  }
  return found;
}

/**
 * The components of a subgrupo's posto on a day. A table in force that does not list the subgrupo or the posto
 * means no tariff for it that day (null): the previous table is not carried over, since a new table replaces it.
 */
export function componentsOn(
  schedule: TariffSchedule,
  subgrupo: Subgrupo,
  posto: Posto,
  day: BusinessDate,
): TariffComponents | null {
  return tariffInForce(schedule, day)?.subgrupos[subgrupo]?.[posto] ?? null;
}
