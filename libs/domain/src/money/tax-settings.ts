import { InvalidInput } from '../shared/errors';
import { parseUnitPrice } from './decimal-text';

/**
 * R27: how taxes are put "por dentro" of the price: `aneel` T / (1 − (PIS + COFINS + ICMS)) (default; Cemig fits it)
 * or `cascade` T / ((1 − ICMS) × (1 − PIS − COFINS)) (Celesc fits it: PIS/COFINS on the amount without ICMS).
 */
export type GrossUp = 'aneel' | 'cascade';

/**
 * R27: the state's adhesion to Convênio ICMS 16/2015 for compensated energy: `all` (TE and TUSD exempt; MG),
 * `te-only` (the TUSD of compensated energy stays taxed; SC, SP), `none`.
 */
export type IcmsConvenio16 = 'all' | 'te-only' | 'none';

/** R27: a distribuidora's tax settings in force for a cycle. Rates are fractions ("0.18" is 18%), ≤ 8 places. */
export interface TaxSettings {
  readonly icms: string;
  readonly pis: string;
  readonly cofins: string;
  readonly grossUp: GrossUp;
  readonly icmsConvenio16: IcmsConvenio16;
  /** R27: whether the SCEE charge (R23) is taxed; default no (Cemig and Energisa print it untaxed). */
  readonly taxScceCharge: boolean;
}

/** No taxes at all: useful for the untaxed energy parcel and for tests. */
export const NO_TAXES: TaxSettings = {
  icms: '0',
  pis: '0',
  cofins: '0',
  grossUp: 'aneel',
  icmsConvenio16: 'all',
  taxScceCharge: false,
};

/** R27: validates tax settings: each rate a fraction in [0, 1), together below 1, and the known modes. */
export function parseTaxSettings(raw: {
  icms: unknown;
  pis: unknown;
  cofins: unknown;
  grossUp?: unknown;
  icmsConvenio16?: unknown;
  taxScceCharge?: unknown;
}): TaxSettings {
  const icms = parseUnitPrice(raw.icms, 'icms');
  const pis = parseUnitPrice(raw.pis, 'pis');
  const cofins = parseUnitPrice(raw.cofins, 'cofins');
  if (icms.plus(pis).plus(cofins).gte(1)) throw new InvalidInput('icms', 'ICMS + PIS + COFINS deve ser menor que 1');
  const grossUp = raw.grossUp ?? 'aneel';
  if (grossUp !== 'aneel' && grossUp !== 'cascade') throw new InvalidInput('grossUp', 'deve ser "aneel" ou "cascade"');
  const convenio = raw.icmsConvenio16 ?? 'all';
  if (convenio !== 'all' && convenio !== 'te-only' && convenio !== 'none') {
    throw new InvalidInput('icmsConvenio16', 'deve ser "all", "te-only" ou "none"');
  }
  const taxScceCharge = raw.taxScceCharge ?? false;
  if (typeof taxScceCharge !== 'boolean') throw new InvalidInput('taxScceCharge', 'deve ser true ou false');
  return {
    icms: raw.icms as string,
    pis: raw.pis as string,
    cofins: raw.cofins as string,
    grossUp,
    icmsConvenio16: convenio,
    taxScceCharge,
  };
}
