import { RuleViolation } from '../shared/errors';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import type { CyclePricing, MoneyValue } from './cycle-pricing';
import { parseExact } from './decimal-text';
import type { InvoicePricing } from './invoice-facts';

/**
 * R22, R23: the `CyclePricing` of recorded prices (`cycleTariffsJson`), so a replay of the R10 cap reads the very
 * values the invoice is billed at. Refuses like `priceCycle`: a posto without T with R22, a class without f with R23.
 */
export function cyclePricingFromJson(pricing: InvoicePricing, postos: readonly Posto[]): CyclePricing {
  const T: Partial<Record<Posto, MoneyValue>> = {};
  const f: Partial<Record<Posto, Record<GdClass, MoneyValue>>> = {};
  for (const posto of postos) {
    const t = pricing.T[posto];
    if (t === undefined) throw RuleViolation('R22', `no tariff in R$ in force for posto ${posto}`);
    T[posto] = parseExact(t, `T.${posto}`);
    const byClass: Partial<Record<GdClass, MoneyValue>> = {};
    for (const gdClass of GD_CLASSES) {
      const v = pricing.f[posto]?.[gdClass];
      if (v === undefined)
        throw RuleViolation('R23', `no SCEE charge for ${gdClass} at posto ${posto}: a rate is not published`);
      byClass[gdClass] = parseExact(v, `f.${posto}.${gdClass}`);
    }
    f[posto] = byClass as Record<GdClass, MoneyValue>;
  }
  return { T, f };
}
