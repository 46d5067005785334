import { BoundedMemo } from '../shared/bounded-memo';
import { InvalidInput } from '../shared/errors';
import { Money, type MoneyValue } from './cycle-pricing';
import { dayCount, monthLength, type CyclePeriod } from './cycle-period';
import { moneyOfText, parseUnitPrice } from './decimal-text';

const ZERO = new Money(0);

/** R26: ANEEL's flags. */
export type BandeiraFlag = 'verde' | 'amarela' | 'vermelha1' | 'vermelha2' | 'escassez';

/** R26: the flag ANEEL published for a month and its R$/kWh (sem tributos, ≤ 8 places; "0" for verde). */
export interface BandeiraMonth {
  readonly month: string;
  readonly flag: BandeiraFlag;
  readonly rate: string;
}

/** R26: the part of a cycle under one month's flag: that month's flag and rate, and its number of days. */
export interface BandeiraPart {
  readonly flag: BandeiraFlag;
  readonly rate: string;
  readonly days: number;
}

/**
 * R26: the cycle's days split by the month whose flag is in force (a cycle spanning two months is weighted by
 * days, REN art. 307). A month of the cycle with no published flag is refused: a flag is never guessed.
 */
export function bandeiraParts(period: CyclePeriod, months: readonly BandeiraMonth[]): BandeiraPart[] {
  const days = dayCount(period);
  const parts: BandeiraPart[] = [];
  // Month by month (the days of a month share its flag), counted with integer arithmetic.
  let y = Number(period.from.slice(0, 4));
  let m = Number(period.from.slice(5, 7));
  let day = Number(period.from.slice(8, 10));
  let left = days;
  while (left > 0) {
    const month = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}`;
    const published = months.find((x) => x.month === month);
    if (published === undefined) throw new InvalidInput('bandeira', `não há bandeira publicada para ${month}`);
    parseUnitPrice(published.rate, `bandeira.${month}.rate`);
    const n = Math.min(monthLength(y, m) - day + 1, left);
    parts.push({ flag: published.flag, rate: published.rate, days: n });
    left -= n;
    day = 1;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return parts;
}

/** Unit prices already computed, by their parts' rates and days (the same few months come back at every invoice). */
const UNIT_PRICES = new BoundedMemo<string, MoneyValue>(10_000);

/** R26: the day-weighted R$/kWh of the parts: Σ rate × days / Σ days (exact); 0 with no parts. */
export function bandeiraUnitPrice(parts: readonly BandeiraPart[]): MoneyValue {
  let key = '';
  for (const p of parts) key += `${p.rate}*${p.days};`;
  // A `Money` is immutable: one value serves every invoice with these parts.
  return UNIT_PRICES.get(key, () => dayWeighted(parts));
}

function dayWeighted(parts: readonly BandeiraPart[]): MoneyValue {
  const days = parts.reduce((n, p) => n + p.days, 0);
  if (days === 0) return ZERO;
  return parts.reduce((sum, p) => sum.plus(moneyOfText(p.rate).times(p.days)), ZERO).div(days);
}

/** pt-BR flag names as printed ("Adic. Bandeira Amarela"). */
export const BANDEIRA_LABEL: Readonly<Record<BandeiraFlag, string>> = {
  verde: 'Verde',
  amarela: 'Amarela',
  vermelha1: 'Vermelha Patamar 1',
  vermelha2: 'Vermelha Patamar 2',
  escassez: 'Escassez Hídrica',
};
