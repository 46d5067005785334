import { Money, type MoneyValue } from './cycle-pricing';
import type { TaxSettings } from './tax-settings';

/**
 * R27, the reading chosen here: taxes are "por dentro". The untaxed amounts of the invoice fall in two bases:
 * - `full`: amounts that pay ICMS, PIS and COFINS (billed energy, CD adjustment, bandeira, SCEE charge if taxed);
 * - `icmsOnly`: the part of compensated energy that keeps its ICMS (Convênio 16/2015 `none`, the TUSD under
 *   `te-only`, any plant above 1 MW); compensated energy never pays PIS/COFINS (Lei 13.169/2015 art. 8).
 * Each base is grossed up with only the taxes it pays: `aneel` G = B / (1 − Σ rates), each tax = G × rate;
 * `cascade` G = B / ((1 − ICMS)(1 − PIS − COFINS)), ICMS = G × ICMS, PIS and COFINS on G − ICMS (Celesc's bills).
 * For `icmsOnly` both modes give B × ICMS / (1 − ICMS). The exact taxes are returned; each is rounded once (R28).
 */
export interface TaxBases {
  readonly full: MoneyValue;
  readonly icmsOnly: MoneyValue;
}

export interface Taxes {
  readonly icms: MoneyValue;
  readonly pis: MoneyValue;
  readonly cofins: MoneyValue;
}

export function taxesOn(bases: TaxBases, settings: TaxSettings): Taxes {
  const icms = new Money(settings.icms);
  const pis = new Money(settings.pis);
  const cofins = new Money(settings.cofins);
  const one = new Money(1);
  let grossFull: MoneyValue;
  let pisCofinsBase: MoneyValue;
  if (settings.grossUp === 'aneel') {
    grossFull = bases.full.div(one.minus(icms.plus(pis).plus(cofins)));
    pisCofinsBase = grossFull;
  } else {
    grossFull = bases.full.div(one.minus(icms).times(one.minus(pis).minus(cofins)));
    pisCofinsBase = grossFull.times(one.minus(icms));
  }
  const grossIcmsOnly = bases.icmsOnly.div(one.minus(icms));
  return {
    icms: grossFull.plus(grossIcmsOnly).times(icms),
    pis: pisCofinsBase.times(pis),
    cofins: pisCofinsBase.times(cofins),
  };
}
