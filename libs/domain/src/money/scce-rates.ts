import { InvalidInput } from '../shared/errors';
import { Money, type MoneyValue } from './cycle-pricing';
import { parseUnitPrice } from './decimal-text';

/**
 * R23: the rates `PUT /v1/scce-rates/{year}` publishes for the years after the L art. 27 schedule (2029 on):
 * `share` is the fraction of `fioB` (0 to 1, e.g. "0.95") a compensated kWh pays. Keyed by calendar year.
 */
export type ScceRates = Readonly<Record<number, { readonly share: string }>>;

/** R23 (L art. 27 I–VI): GD II's share of Fio B by calendar year (parsed once). */
const L27_FIO_B_SHARE: Readonly<Record<number, MoneyValue>> = {
  2023: new Money('0.15'),
  2024: new Money('0.30'),
  2025: new Money('0.45'),
  2026: new Money('0.60'),
  2027: new Money('0.75'),
  2028: new Money('0.90'),
};
const NOTHING = new Money(0);

/** Validates a published rate: a fraction of Fio B between 0 and 1, ≤ 8 places. */
export function parseScceRate(raw: { share: unknown }, field = 'share'): { share: string } {
  const share = parseUnitPrice(raw.share, field);
  if (share.gt(1)) throw new InvalidInput(field, `"${String(raw.share)}" é maior que 1 (é uma fração do Fio B)`);
  return { share: raw.share as string };
}

/**
 * R23: the share of Fio B a GD II kWh pays in a calendar year: nothing before 2023, L art. 27's schedule for
 * 2023–2028, then the published rate; null when that rate is not published (the caller names R23 or notes it).
 */
export function fioBShare(year: number, rates: ScceRates): MoneyValue | null {
  if (year < 2023) return NOTHING;
  const scheduled = L27_FIO_B_SHARE[year];
  if (scheduled !== undefined) return scheduled;
  const published = rates[year];
  return published === undefined ? null : new Money(published.share);
}
