import { InvalidInput } from '../shared/errors';

/** A UC's number within its distribuidora: digits (leading zeros kept), up to 20. */
export type UcId = string & { readonly __brand: 'UcId' };

const UC_ID_PATTERN = /^[0-9]{1,20}$/;

export function parseUcId(value: string, field = 'ucId'): UcId {
  if (typeof value !== 'string' || !UC_ID_PATTERN.test(value)) {
    throw new InvalidInput(field, `"${value}" não é um número de UC (1 a 20 dígitos)`);
  }
  return value as UcId;
}

/** Numeric order of UC numbers (R20 ties: the lowest UC number). */
export function compareUcIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The UC's stream: `uc-<distribuidora>-<number>`. */
export function ucStream(distribuidora: string, ucId: string): string {
  return `uc-${distribuidora}-${ucId}`;
}
