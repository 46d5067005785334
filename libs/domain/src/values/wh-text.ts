/**
 * kWh text ⇄ whole Wh as JS integers (exact below 2^53), read and written digit by digit: the hot paths of `Kwh`
 * and of the invoice's centavos path, without a regular expression or a bigint division per value.
 */

const FRACTION_WH = [0, 100, 10, 1];
const DOT = 46;

/**
 * Whole Wh of a kWh text as `Kwh.parse` reads it with no spaces (`^\d{1,15}(\.\d{1,3})?$`), or -1 when it is not
 * one or not below 2^53 Wh. Read digit by digit (no match array per kWh).
 */
export function whOfText(text: unknown): number {
  if (typeof text !== 'string') return -1;
  const n = text.length;
  let kwh = 0;
  let i = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    kwh = kwh * 10 + d; // exact: at most 15 digits
  }
  if (i === 0 || i > 15 || kwh > 9_000_000_000_000) return -1; // × 1000 stays below 2^53
  if (i === n) return kwh * 1000;
  const places = n - i - 1;
  if (text.charCodeAt(i) !== DOT || places < 1 || places > 3) return -1;
  let frac = 0;
  for (let j = i + 1; j < n; j++) {
    const d = text.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return -1;
    frac = frac * 10 + d;
  }
  return kwh * 1000 + frac * FRACTION_WH[places];
}

/** Whole Wh as kWh text with 3 places ("38.000"): `fixedText(kWh, 3)` of the same value. */
export function kwhTextOfWh(wh: number): string {
  const rest = wh % 1000;
  const kwh = (wh - rest) / 1000; // exact: a whole number below 2^53
  return `${kwh}.${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}`;
}
