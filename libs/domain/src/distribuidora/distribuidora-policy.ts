import type { PermissionariaMap } from '../eligibility/uc-facts';
import { InvalidInput } from '../shared/errors';
import type { P12Mode } from '../uc/uc-commands';
import { parseBusinessDate, type BusinessDate } from '../values/business-date';
import { parseFraction } from '../values/decimal-rate';

/** R10 / P10: how the Grupo B minimum limits compensation. */
export type P10Mode = 'cap' | 'greater-of';
/** R28: how a line's amount is rounded to R$ 0.01. */
export type RoundingMode = 'abnt' | 'truncate';
/** R27: the gross-up formula. */
export type GrossUp = 'aneel' | 'cascade';
/** R27: the state's adhesion to Convênio ICMS 16/2015. */
export type IcmsConvenio16 = 'all' | 'te-only' | 'none';

/** R27: a distribuidora's taxes; rates as decimal fractions ("0.18"). */
export interface TaxSettings {
  readonly icms: string;
  readonly pis: string;
  readonly cofins: string;
  readonly grossUp: GrossUp;
  readonly icmsConvenio16: IcmsConvenio16;
  readonly taxScceCharge: boolean;
}

/** The settings RULES.md makes per distribuidora (P10, P12, R13's permissionárias, R27, R28). */
export interface DistribuidoraPolicy {
  readonly p10: P10Mode;
  readonly p12: P12Mode;
  readonly rounding: RoundingMode;
  readonly permissionarias: PermissionariaMap;
  readonly taxes: TaxSettings;
  /** False until a policy with `taxes` is set: the invoice says the taxes are not configured. */
  readonly taxesSet: boolean;
}

/** The defaults RULES.md gives: P10 `cap`, P12 `open-cycle`, ABNT rounding, no taxes until they are set. */
export const DEFAULT_POLICY: DistribuidoraPolicy = {
  p10: 'cap',
  p12: 'open-cycle',
  rounding: 'abnt',
  permissionarias: {},
  taxes: { icms: '0', pis: '0', cofins: '0', grossUp: 'aneel', icmsConvenio16: 'all', taxScceCharge: false },
  taxesSet: false,
};

/** One SetDistribuidoraPolicy: the fields it sets, from `validFrom`; fields left out keep their value. */
export interface PolicyUpdate {
  readonly validFrom: BusinessDate;
  readonly p10?: P10Mode;
  readonly p12?: P12Mode;
  readonly rounding?: RoundingMode;
  readonly permissionarias?: Record<string, string>;
  readonly taxes?: TaxSettings;
}

const POLICY_FIELDS = ['validFrom', 'p10', 'p12', 'rounding', 'permissionarias', 'taxes'] as const;
const TAX_FIELDS = ['icms', 'pis', 'cofins', 'grossUp', 'icmsConvenio16', 'taxScceCharge'] as const;
const CODE = /^[a-z0-9_]{2,40}$/;

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidInput(field, `"${String(value)}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function unknownFields(data: object, allowed: readonly string[], prefix: string): void {
  for (const k of Object.keys(data)) {
    if (!allowed.includes(k)) throw new InvalidInput(`${prefix}${k}`, `is not a policy field (${allowed.join(', ')})`);
  }
}

/** Validates a SetDistribuidoraPolicy body for `distribuidora` (a lower-case code). */
export function parsePolicyUpdate(distribuidora: string, data: Record<string, unknown>): PolicyUpdate {
  unknownFields(data, POLICY_FIELDS, '');
  const validFrom = parseBusinessDate(data.validFrom as string, 'validFrom');
  const update: { -readonly [K in keyof PolicyUpdate]: PolicyUpdate[K] } = { validFrom };
  if (data.p10 !== undefined) update.p10 = oneOf(data.p10, 'p10', ['cap', 'greater-of'] as const);
  if (data.p12 !== undefined) update.p12 = oneOf(data.p12, 'p12', ['open-cycle', 'next-month'] as const);
  if (data.rounding !== undefined) update.rounding = oneOf(data.rounding, 'rounding', ['abnt', 'truncate'] as const);
  if (data.permissionarias !== undefined)
    update.permissionarias = parsePermissionarias(distribuidora, data.permissionarias);
  if (data.taxes !== undefined) update.taxes = parseTaxes(data.taxes);
  if (Object.keys(update).length === 1)
    throw new InvalidInput('policy', 'set at least one of p10, p12, rounding, permissionarias, taxes');
  return update;
}

/**
 * R13 (L art. 15): `{ "<permissionária>": "<concessionária>" }`. It is set on the permissionária's own policy, since
 * it is the generators the permissionária serves that may list UCs of the concessionária.
 */
function parsePermissionarias(distribuidora: string, value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInput('permissionarias', 'an object { "<permissionária>": "<concessionária>" }');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = k.toLowerCase();
    if (key !== distribuidora) {
      throw new InvalidInput(
        `permissionarias.${k}`,
        `set it on the permissionária's own policy: PUT /v1/distribuidoras/${key}/policy`,
      );
    }
    if (typeof v !== 'string' || !CODE.test(v.toLowerCase()) || v.toLowerCase() === key) {
      throw new InvalidInput(`permissionarias.${k}`, 'the code of the concessionária it is connected to');
    }
    out[key] = v.toLowerCase();
  }
  return out;
}

function parseTaxes(value: unknown): TaxSettings {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidInput('taxes', 'an object with icms, pis, cofins');
  const t = value as Record<string, unknown>;
  unknownFields(t, TAX_FIELDS, 'taxes.');
  for (const f of ['icms', 'pis', 'cofins'] as const)
    if (t[f] === undefined) throw new InvalidInput(`taxes.${f}`, 'is required');
  if (t.taxScceCharge !== undefined && typeof t.taxScceCharge !== 'boolean')
    throw new InvalidInput('taxes.taxScceCharge', 'true or false');
  const taxes: TaxSettings = {
    icms: parseFraction(t.icms, 'taxes.icms'),
    pis: parseFraction(t.pis, 'taxes.pis'),
    cofins: parseFraction(t.cofins, 'taxes.cofins'),
    grossUp: t.grossUp === undefined ? 'aneel' : oneOf(t.grossUp, 'taxes.grossUp', ['aneel', 'cascade'] as const),
    icmsConvenio16:
      t.icmsConvenio16 === undefined
        ? 'all'
        : oneOf(t.icmsConvenio16, 'taxes.icmsConvenio16', ['all', 'te-only', 'none'] as const),
    taxScceCharge: t.taxScceCharge === true,
  };
  // R27: the gross-up divides by 1 − (PIS + COFINS + ICMS); a sum of 1 or more has no price.
  const sum = [taxes.icms, taxes.pis, taxes.cofins].reduce((a, r) => a + fractionUnits(r), 0n);
  if (sum >= 10n ** 8n) throw new InvalidInput('taxes', 'ICMS + PIS + COFINS must be below 1');
  return taxes;
}

/** A fraction as an integer of 1e-8 (exact; never a float). */
function fractionUnits(v: string): bigint {
  const [int, frac = ''] = v.split('.');
  return BigInt(int) * 10n ** 8n + BigInt(frac.padEnd(8, '0'));
}

/** The policy in force on a date: the defaults, then every update valid from on or before it, in date order. */
export function policyInForce(updates: readonly PolicyUpdate[], date: string): DistribuidoraPolicy {
  let p: DistribuidoraPolicy = DEFAULT_POLICY;
  const sorted = [...updates].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
  for (const u of sorted) {
    if (u.validFrom > date) break;
    p = {
      p10: u.p10 ?? p.p10,
      p12: u.p12 ?? p.p12,
      rounding: u.rounding ?? p.rounding,
      permissionarias: u.permissionarias ?? p.permissionarias,
      taxes: u.taxes ?? p.taxes,
      taxesSet: p.taxesSet || u.taxes !== undefined,
    };
  }
  return p;
}
