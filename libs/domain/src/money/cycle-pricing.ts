import Decimal from 'decimal.js';
import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import type { CohortClass } from '../values/scce-cohort';

/**
 * R$ arithmetic (R22–R28): decimal.js with enough precision that a day-weighted T or f is never rounded before it is
 * multiplied (R23); only an invoice line's amount is rounded, once (R28).
 */
export const Money = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });

/** A value of `Money`. */
export type MoneyValue = Decimal;

/**
 * The prices one cycle of one UC is billed at, per posto of the UC (R22, R23): T = te + tusd (day-weighted over the
 * cycle) and f, the SCEE charge per compensated kWh, by the GD class of the energy used. The R10 cap and the invoice
 * both read this; a compensation records it so that a replay re-derives every R$.
 */
export interface CyclePricing {
  readonly T: Readonly<Partial<Record<Posto, MoneyValue>>>;
  readonly f: Readonly<Partial<Record<Posto, Readonly<Record<GdClass, MoneyValue>>>>>;
  /**
   * R23 (L art. 27 §2): f of the 2023-H1 cohort's energy, only for a cycle with days in 2029 or 2030 (absent: `f`
   * holds for it). A class whose value needs a rate that is not published is absent.
   */
  readonly fCohort?: Readonly<Partial<Record<Posto, Readonly<Partial<Record<CohortClass, MoneyValue>>>>>>;
}
