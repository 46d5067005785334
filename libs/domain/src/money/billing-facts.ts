import type { BandeiraPart } from './bandeira';
import type { InvoicePricing } from './invoice-facts';
import type { Rounding } from './rounding';
import type { TaxSettings } from './tax-settings';

/**
 * What a reading's invoice needs beyond its kWh, gathered by the command side on the reading's own dates (R12) and
 * recorded in `CycleCompensated.billing`: the day-weighted prices (R22, R23), the bandeira days (R26), the taxes (R27)
 * and the rounding (R28) in force. The invoice is a pure function of the event; nothing is looked up again.
 */
export interface BillingFacts {
  /** R22, R23: T, te and f per posto and class, exact; `missing` names what was not published. */
  readonly pricing: InvoicePricing;
  /** R26: the cycle's days under each month's flag; null when a month of the cycle has no flag published. */
  readonly bandeira: readonly BandeiraPart[] | null;
  /** R26: the months of the cycle with no flag published (no bandeira is then billed, and the invoice says so). */
  readonly bandeiraMissing: readonly string[];
  readonly taxes: TaxSettings;
  /** False while the distribuidora has set no taxes: the invoice says they are not configured. */
  readonly taxesSet: boolean;
  readonly rounding: Rounding;
  /** R27: source UCs whose plant has more than 1 MW installed (Convênio ICMS 16/2015 exempts up to 1 MW). */
  readonly plantsOver1Mw: readonly string[];
}
