import type { BusinessDate } from '../values/business-date';
import type { CreditLot } from './lots';

/** R9 / P9: a credit is usable at a date strictly before its expiry date. */
export function isUsableOn(lot: CreditLot, date: BusinessDate): boolean {
  return date < lot.expiresOn;
}

/** R9: splits credits into those expired by `date` (expiry on or before it) and those still alive. */
export function partitionExpired(
  credits: readonly CreditLot[],
  date: BusinessDate,
  inclusive = true,
): { expired: CreditLot[]; alive: CreditLot[] } {
  const expired: CreditLot[] = [];
  const alive: CreditLot[] = [];
  for (const c of credits) ((inclusive ? c.expiresOn <= date : c.expiresOn < date) ? expired : alive).push(c);
  return { expired, alive };
}
