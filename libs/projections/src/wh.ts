/** kWh strings (events, API) ↔ integer watt-hours (read-model columns). */
import { Kwh } from '@compensa/domain';

/** "280.5" → 280500. Exact: the domain's Kwh parses it. */
export function whOf(kwh: string): number {
  return Number(Kwh.parse(kwh).wh);
}

/** 280500 (or "280500" / 280500n, as a driver may return a BIGINT or a SUM) → "280.500". */
export function kwhOf(wh: number | string | bigint | null | undefined): string {
  return Kwh.ofWh(BigInt(wh ?? 0)).toString();
}

/** A BIGINT/COUNT/SUM as a driver returns it (number, numeric string, bigint or null) → number. */
export function num(value: number | string | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
