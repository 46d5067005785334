import { BoundedMemo } from '../shared/bounded-memo';
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

/** The rates of a setting and the divisors of its gross-up, computed once per setting (the same at every invoice). */
export interface GrossUpFactors {
  readonly icms: MoneyValue;
  readonly pis: MoneyValue;
  readonly cofins: MoneyValue;
  /** `aneel`: 1 − Σ rates; `cascade`: (1 − ICMS)(1 − PIS − COFINS). */
  readonly fullDivisor: MoneyValue;
  /** 1 − ICMS. */
  readonly oneMinusIcms: MoneyValue;
}
const FACTORS = new BoundedMemo<string, GrossUpFactors>(1_000);
const ONE = new Money(1);

let last: { settings: TaxSettings; factors: GrossUpFactors } | undefined;
/** R27: the rates of a setting and the divisors of its gross-up, exact (what `taxesOn` divides and multiplies by). */
export function grossUpFactors(settings: TaxSettings): GrossUpFactors {
  return factorsOf(settings);
}

function factorsOf(settings: TaxSettings): GrossUpFactors {
  // An invoice's two bills ask with the same settings object: no key built for the second.
  if (last?.settings === settings) return last.factors;
  last = { settings, factors: factorsByKey(settings) };
  return last.factors;
}

function factorsByKey(settings: TaxSettings): GrossUpFactors {
  return FACTORS.get(`${settings.grossUp}|${settings.icms}|${settings.pis}|${settings.cofins}`, () => {
    const icms = new Money(settings.icms);
    const pis = new Money(settings.pis);
    const cofins = new Money(settings.cofins);
    const oneMinusIcms = ONE.minus(icms);
    const fullDivisor =
      settings.grossUp === 'aneel'
        ? ONE.minus(icms.plus(pis).plus(cofins))
        : oneMinusIcms.times(ONE.minus(pis).minus(cofins));
    return { icms, pis, cofins, fullDivisor, oneMinusIcms };
  });
}

export function taxesOn(bases: TaxBases, settings: TaxSettings): Taxes {
  const { icms, pis, cofins, fullDivisor, oneMinusIcms } = factorsOf(settings);
  const grossFull = bases.full.div(fullDivisor);
  const pisCofinsBase = settings.grossUp === 'aneel' ? grossFull : grossFull.times(oneMinusIcms);
  // With no compensated energy taxed, the ICMS-only base adds nothing (0 / x = 0, exactly): no division.
  const noIcmsOnly = bases.icmsOnly.isZero() && !oneMinusIcms.isZero();
  const grossTaxed = noIcmsOnly ? grossFull : grossFull.plus(bases.icmsOnly.div(oneMinusIcms));
  return {
    icms: grossTaxed.times(icms),
    pis: pisCofinsBase.times(pis),
    cofins: pisCofinsBase.times(cofins),
  };
}
