import { InvalidInput } from '../shared/errors';

/**
 * A non-negative decimal given as a string with at most `places` decimals ("0.18", "0.02226000"): the form R$/kWh
 * tariffs, bandeira rates and tax rates arrive in (Q1). Returned as given, so that it is recorded exactly.
 */
export function parseDecimalString(value: unknown, field: string, places = 8): string {
  const m = typeof value === 'string' ? /^(\d{1,9})(?:\.(\d+))?$/.exec(value) : null;
  if (!m) throw new InvalidInput(field, `"${String(value)}" is not a non-negative decimal number (use a dot: "0.18")`);
  if ((m[2] ?? '').length > places) throw new InvalidInput(field, `"${value}" has more than ${places} decimal places`);
  return value as string;
}

/** A fraction from 0 to 1 ("0.18" for 18%), at most 8 decimals: tax rates and the SCEE share. */
export function parseFraction(value: unknown, field: string): string {
  const v = parseDecimalString(value, field, 8);
  const [int, frac = ''] = v.split('.');
  if (BigInt(int) > 1n || (BigInt(int) === 1n && /[1-9]/.test(frac))) {
    throw new InvalidInput(field, `"${v}" is not a fraction from 0 to 1 (18% is "0.18")`);
  }
  return v;
}
