import { InvalidInput, RuleViolation } from '../shared/errors';
import { BoundedMemo } from '../shared/bounded-memo';
import type { BusinessDate } from '../values/business-date';
import type { Posto } from '../values/posto';
import { parsePosto } from '../values/posto';

/** Scale of a TE: R$/kWh with up to 8 decimals (Q1), as an integer of 1e-8 R$. */
const TE_SCALE_DIGITS = 8;

/** The TE in force for a distribuidora from a date: R$/kWh per posto, as exact decimal strings. */
export interface TeTable {
  readonly distribuidora: string;
  readonly validFrom: BusinessDate;
  readonly te: Partial<Record<Posto, string>>;
}

/** TE texts already parsed (valid ones only: an invalid text is refused every time, naming its field). */
const PARSED = new BoundedMemo<string, bigint>();

/** Parses an R$/kWh unit tariff ("0.30", up to 8 decimals, strictly positive) to 1e-8 units. */
export function parseTe(value: string, field = 'te'): bigint {
  // Every reading of a UC with postos reads its TE table's few texts: each valid one is parsed once.
  return PARSED.get(value, (text) => {
    const m = typeof text === 'string' ? /^(\d{1,6})(?:\.(\d{1,8}))?$/.exec(text) : null;
    if (!m) throw new InvalidInput(field, `"${text}" não é uma tarifa em R$/kWh com no máximo 8 casas decimais`);
    const units = BigInt(m[1]) * 10n ** BigInt(TE_SCALE_DIGITS) + BigInt((m[2] ?? '').padEnd(TE_SCALE_DIGITS, '0'));
    if (units === 0n) throw new InvalidInput(field, 'a TE deve ser maior que zero');
    return units;
  });
}

/** Validates a TE table's postos and values. */
export function validateTeTable(te: Record<string, string>): Partial<Record<Posto, string>> {
  const out: Partial<Record<Posto, string>> = {};
  for (const [k, v] of Object.entries(te)) {
    const p = parsePosto(k, `te.${k}`);
    parseTe(v, `te.${k}`);
    out[p] = v;
  }
  return out;
}

/** Rounds the exact quotient n/d (both non-negative) half-to-even. */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** The TE of a posto, as 1e-8 units. A posto without a TE in force refuses the reading (R2). */
export function teOf(table: TeTable | null, posto: Posto): bigint {
  const v = table?.te[posto];
  if (v === undefined) {
    throw RuleViolation(
      'R2',
      `não há TE em vigor para o posto ${posto}${table ? ` na distribuidora ${table.distribuidora}` : ''}`,
    );
  }
  return parseTe(v);
}

/** R2: kWh_q = kWh_p × TE_p / TE_q, rounded half-even to 1 Wh (Q2). */
export function convertWh(wh: bigint, teFrom: bigint, teTo: bigint): bigint {
  return divRoundHalfEven(wh * teFrom, teTo);
}
