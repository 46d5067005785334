import { InvalidInput } from '../shared/errors';
import { Money, type MoneyValue } from './cycle-pricing';
import { daysOf, type CyclePeriod } from './cycle-period';
import { parseUnitPrice } from './decimal-text';

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
  const parts: BandeiraPart[] = [];
  let current: string | null = null;
  for (const day of daysOf(period)) {
    const month = day.slice(0, 7);
    if (month !== current) {
      const published = months.find((m) => m.month === month);
      if (published === undefined) throw new InvalidInput('bandeira', `no bandeira published for ${month}`);
      parseUnitPrice(published.rate, `bandeira.${month}.rate`);
      parts.push({ flag: published.flag, rate: published.rate, days: 0 });
      current = month;
    }
    const last = parts[parts.length - 1];
    parts[parts.length - 1] = { ...last, days: last.days + 1 };
  }
  return parts;
}

/** R26: the day-weighted R$/kWh of the parts: Σ rate × days / Σ days (exact); 0 with no parts. */
export function bandeiraUnitPrice(parts: readonly BandeiraPart[]): MoneyValue {
  const days = parts.reduce((n, p) => n + p.days, 0);
  if (days === 0) return new Money(0);
  return parts.reduce((sum, p) => sum.plus(new Money(p.rate).times(p.days)), new Money(0)).div(days);
}

/** pt-BR flag names as printed ("Adic. Bandeira Amarela"). */
export const BANDEIRA_LABEL: Readonly<Record<BandeiraFlag, string>> = {
  verde: 'Verde',
  amarela: 'Amarela',
  vermelha1: 'Vermelha Patamar 1',
  vermelha2: 'Vermelha Patamar 2',
  escassez: 'Escassez Hídrica',
};
