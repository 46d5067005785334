import { Money, type MoneyValue } from './cycle-pricing';

/**
 * R28: how an amount is brought to R$ 0.01, a setting per distribuidora: `abnt` (default) half-even (ABNT NBR 5891,
 * REN art. 657) or `truncate` (what Cemig prints; toward zero, so a credit line is truncated like a charge).
 */
export type Rounding = 'abnt' | 'truncate';

export const ROUNDINGS: readonly Rounding[] = ['abnt', 'truncate'];

/** R28: rounds an exact amount once, to 2 places. */
export function roundAmount(value: MoneyValue, rounding: Rounding): MoneyValue {
  return value.toDecimalPlaces(2, rounding === 'abnt' ? Money.ROUND_HALF_EVEN : Money.ROUND_DOWN);
}
