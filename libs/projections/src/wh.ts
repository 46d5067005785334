/** kWh strings (events, API) ↔ integer watt-hours (read-model columns). */
import { Kwh } from '@compensa/domain';

/** Plain decimals small enough to stay exact as a double in Wh (below 10^15 Wh); anything else goes to Kwh.parse. */
const PLAIN_KWH = /^(\d{1,12})(?:\.(\d{1,3}))?$/;
const FRACTION_SCALE = [1, 100, 10, 1];

/** "280.5" → 280500. Exact: what the domain's Kwh.parse gives (which also judges anything unusual). */
export function whOf(kwh: string): number {
  const m = typeof kwh === 'string' ? PLAIN_KWH.exec(kwh) : null;
  if (!m) return Number(Kwh.parse(kwh).wh);
  const fraction = m[2];
  return Number(m[1]) * 1000 + (fraction === undefined ? 0 : Number(fraction) * FRACTION_SCALE[fraction.length]);
}

/** 280500 (or "280500" / 280500n, as a driver may return a BIGINT or a SUM) → "280.500". */
export function kwhOf(wh: number | string | bigint | null | undefined): string {
  return Kwh.ofWh(BigInt(wh ?? 0)).toString();
}

/** A BIGINT/COUNT/SUM as a driver returns it (number, numeric string, bigint or null) → number. */
export function num(value: number | string | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
