import type { P10Mode } from '../compensation/grupo-b-limit';
import type { PermissionariaMap } from '../eligibility/uc-facts';
import { InvalidInput } from '../shared/errors';
import type { P12Mode } from '../uc/uc-commands';
import { parseBusinessDate, type BusinessDate } from '../values/business-date';
import type { Rounding } from '../money/rounding';
import { NO_TAXES, parseTaxSettings, type TaxSettings } from '../money/tax-settings';

/** The settings RULES.md makes per distribuidora (P10, P12, R13's permissionárias, R27, R28). */
export interface DistribuidoraPolicy {
  readonly p10: P10Mode;
  readonly p12: P12Mode;
  readonly rounding: Rounding;
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
  taxes: NO_TAXES,
  taxesSet: false,
};

/** One SetDistribuidoraPolicy: the fields it sets, from `validFrom`; fields left out keep their value. */
export interface PolicyUpdate {
  readonly validFrom: BusinessDate;
  readonly p10?: P10Mode;
  readonly p12?: P12Mode;
  readonly rounding?: Rounding;
  readonly permissionarias?: Record<string, string>;
  readonly taxes?: TaxSettings;
}

const POLICY_FIELDS = ['validFrom', 'p10', 'p12', 'rounding', 'permissionarias', 'taxes'] as const;
const TAX_FIELDS = ['icms', 'pis', 'cofins', 'grossUp', 'icmsConvenio16', 'taxScceCharge'] as const;
const CODE = /^[a-z0-9_]{2,40}$/;

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidInput(field, `"${String(value)}" não é um dos valores aceitos (${allowed.join(', ')})`);
  }
  return value as T;
}

function unknownFields(data: object, allowed: readonly string[], prefix: string): void {
  for (const k of Object.keys(data)) {
    if (!allowed.includes(k))
      throw new InvalidInput(`${prefix}${k}`, `não é um campo da política (${allowed.join(', ')})`);
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
    throw new InvalidInput('policy', 'informe ao menos um de p10, p12, rounding, permissionarias, taxes');
  return update;
}

/**
 * R13 (L art. 15): `{ "<permissionária>": "<concessionária>" }`. It is set on the permissionária's own policy, since
 * it is the generators the permissionária serves that may list UCs of the concessionária.
 */
function parsePermissionarias(distribuidora: string, value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInput('permissionarias', 'deve ser um objeto { "<permissionária>": "<concessionária>" }');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = k.toLowerCase();
    if (key !== distribuidora) {
      throw new InvalidInput(
        `permissionarias.${k}`,
        `defina isso na política da própria permissionária: PUT /v1/distribuidoras/${key}/policy`,
      );
    }
    if (typeof v !== 'string' || !CODE.test(v.toLowerCase()) || v.toLowerCase() === key) {
      throw new InvalidInput(
        `permissionarias.${k}`,
        'deve ser o código da concessionária à qual a permissionária está conectada',
      );
    }
    out[key] = v.toLowerCase();
  }
  return out;
}

function parseTaxes(value: unknown): TaxSettings {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidInput('taxes', 'deve ser um objeto com icms, pis, cofins');
  const t = value as Record<string, unknown>;
  unknownFields(t, TAX_FIELDS, 'taxes.');
  for (const f of ['icms', 'pis', 'cofins'] as const)
    if (t[f] === undefined) throw new InvalidInput(`taxes.${f}`, 'é obrigatório');
  try {
    return parseTaxSettings(t as Parameters<typeof parseTaxSettings>[0]);
  } catch (e) {
    // The field names a clerk sent are under `taxes`.
    if (e instanceof InvalidInput) throw new InvalidInput(`taxes.${e.field}`, e.detail);
    throw e;
  }
}

/** The policy in force on a date: the defaults, then every update valid from on or before it, in date order. */
export function policyInForce(updates: readonly PolicyUpdate[], date: string): DistribuidoraPolicy {
  let p: DistribuidoraPolicy = DEFAULT_POLICY;
  // Updates are usually kept in date order already: then the (stable) sort would leave them as they are.
  let sorted = updates;
  for (let i = 1; i < updates.length; i++) {
    if (updates[i - 1].validFrom <= updates[i].validFrom) continue;
    sorted = [...updates].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
    break;
  }
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
