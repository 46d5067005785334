import { InvalidInput } from '../shared/errors';

/** R22: the tariff subgrupo of a UC, set at registration; its tariff (T, f) is published per subgrupo. */
export type Subgrupo = 'B1' | 'B2' | 'B3' | 'B4' | 'A1' | 'A2' | 'A3' | 'A3a' | 'A4' | 'AS';

export const SUBGRUPOS_B: readonly Subgrupo[] = ['B1', 'B2', 'B3', 'B4'];
export const SUBGRUPOS_A: readonly Subgrupo[] = ['A1', 'A2', 'A3', 'A3a', 'A4', 'AS'];
export const SUBGRUPOS: readonly Subgrupo[] = [...SUBGRUPOS_B, ...SUBGRUPOS_A];

/** R22: `B1` (residencial) for Grupo B, `A4` for Grupo A when the registration names none. */
export function defaultSubgrupo(group: 'A' | 'B'): Subgrupo {
  return group === 'B' ? 'B1' : 'A4';
}

/** A subgrupo of the UC's group (R22); anything else is not a value a UC can have. */
export function parseSubgrupo(value: unknown, group: 'A' | 'B', field = 'subgrupo'): Subgrupo {
  if (value === undefined || value === null) return defaultSubgrupo(group);
  const allowed = group === 'B' ? SUBGRUPOS_B : SUBGRUPOS_A;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidInput(field, `"${String(value)}" não é um subgrupo do Grupo ${group} (${allowed.join(', ')})`);
  }
  return value as Subgrupo;
}

/** Any subgrupo (a tariff table is published per subgrupo, R22). */
export function parseAnySubgrupo(value: unknown, field = 'subgrupo'): Subgrupo {
  if (typeof value !== 'string' || !(SUBGRUPOS as readonly string[]).includes(value)) {
    throw new InvalidInput(field, `"${String(value)}" não é um subgrupo (${SUBGRUPOS.join(', ')})`);
  }
  return value as Subgrupo;
}
