import { cohortKey, type ScceCohort } from '../values/scce-cohort';
import { BoundedMemo } from '../shared/bounded-memo';
import type { BusinessDate } from '../values/business-date';
import { addMonths } from '../values/business-date';
import type { GdClass } from '../values/gd-class';
import type { Kwh } from '../values/kwh';
import type { Posto } from '../values/posto';

/** Months a credit lives (R9). 36 under REN 482 (seed 000), only for legacy imports. */
export const CREDIT_VALIDITY_MONTHS = 60;

/** A credit held at a UC (or for a titular): kWh of one vintage, posto and GD class. */
export interface CreditLot {
  /** Billing date at which the credit arose: fixes expiry and the FIFO order (R8, R9). */
  readonly vintage: BusinessDate;
  readonly posto: Posto;
  readonly gdClass: GdClass;
  readonly kwh: Kwh;
  readonly expiresOn: BusinessDate;
  /** The UC whose injection produced the energy (R17: same UC / other UC). */
  readonly sourceUcId: string;
  /** R23 (L art. 27 §2): energy of a tranche requested between 2023-01-08 and 2023-07-07. */
  readonly cohort?: ScceCohort;
}

/** Excedente received from another UC and not used yet: not a credit yet, it has no vintage. */
export interface ReceivedLot {
  /** Stable id: the delivering event's id and the part's index. */
  readonly id: string;
  readonly sourceUcId: string;
  readonly posto: Posto;
  readonly gdClass: GdClass;
  readonly kwh: Kwh;
  /** Date of the generator's reading that allocated it (P12 open-cycle; vintage if it must leave, R18). */
  readonly allocatedOn: BusinessDate;
  /** The generator's cycle (P12 next-month). */
  readonly sourceCycle: string;
  /** R23 (L art. 27 §2): energy of a tranche requested between 2023-01-08 and 2023-07-07. */
  readonly cohort?: ScceCohort;
}

/** Expiry dates computed, by vintage (`expiryOf` with the usual validity). */
const EXPIRIES = new BoundedMemo<BusinessDate, BusinessDate>();

/** R9 + "Expiry date": vintage + 60 months, same day, or the month's last day. */
export function expiryOf(vintage: BusinessDate, months = CREDIT_VALIDITY_MONTHS): BusinessDate {
  if (months !== CREDIT_VALIDITY_MONTHS) return addMonths(vintage, months);
  // Every lot of a reading shares its date, and readings share few dates: each expiry is computed once.
  return EXPIRIES.get(vintage, (v) => addMonths(v, months));
}

/** Identity of a credit lot: lots with the same key merge. */
export function lotKey(l: {
  vintage: string;
  posto: string;
  gdClass: string;
  sourceUcId: string;
  cohort?: ScceCohort;
}): string {
  return `${l.vintage}|${l.posto}|${l.gdClass}|${l.sourceUcId}${cohortKey(l.cohort)}`;
}

/** Orders credits for use: oldest vintage first (R8), then GD class, posto and source for determinism. */
export function compareLots(a: CreditLot, b: CreditLot): number {
  if (a.vintage !== b.vintage) return a.vintage < b.vintage ? -1 : 1;
  if (a.gdClass !== b.gdClass) return a.gdClass < b.gdClass ? -1 : 1;
  if (a.posto !== b.posto) return a.posto < b.posto ? -1 : 1;
  if (a.sourceUcId !== b.sourceUcId) return a.sourceUcId < b.sourceUcId ? -1 : 1;
  return (a.cohort === undefined ? 0 : 1) - (b.cohort === undefined ? 0 : 1); // R23: a class's other energy first
}
