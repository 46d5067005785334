/**
 * Queries on invoice_shares: the SCEE charge paid on a generator's energy by year (R23), and the portfolio's
 * savings and SCEE charge by month and GD class (R28). Sums in SQL over integer centavos and Wh (exact in both
 * dialects); amounts come back as decimal strings with 2 places, kWh as kWh strings.
 */
import { amountOfCents } from '@compensa/domain';
import { sql, type Kysely } from 'kysely';
import type { ReadModelDatabase } from '../read-model-database';
import { kwhOf } from '../wh';

/** A SUM as a driver returns it (number, numeric string, bigint, or null over no priced row). */
type Summed = number | string | bigint | null;

const amount = (cents: Summed): string => amountOfCents(BigInt(cents ?? 0));

/** Money of a set of shares: kWh compensated (and of them, those whose invoice has no tariff yet) and R$. */
export interface ShareTotalsView {
  kwh: string;
  /** kWh whose invoice has no tariff in R$: counted in `kwh`, in none of the amounts. */
  unpricedKwh: string;
  /** R$ the compensated kWh took off the bills (positive). */
  compensated: string;
  /** R23: the SCEE charge paid on them. */
  scceCharge: string;
  /** R28: their part of the savings against the same cycles without the SCEE. */
  savings: string;
}

/** The sums every query selects. */
function totals(row: {
  wh: Summed;
  unpriced_wh: Summed;
  compensated_cents: Summed;
  scce_cents: Summed;
  savings_cents: Summed;
}): ShareTotalsView {
  return {
    kwh: kwhOf(row.wh ?? 0),
    unpricedKwh: kwhOf(row.unpriced_wh ?? 0),
    compensated: amount(row.compensated_cents),
    scceCharge: amount(row.scce_cents),
    savings: amount(row.savings_cents),
  };
}

const SUMS = [
  sql<Summed>`SUM(wh)`.as('wh'),
  sql<Summed>`SUM(CASE WHEN scce_cents IS NULL THEN wh ELSE 0 END)`.as('unpriced_wh'),
  sql<Summed>`SUM(compensated_cents)`.as('compensated_cents'),
  sql<Summed>`SUM(scce_cents)`.as('scce_cents'),
  sql<Summed>`SUM(savings_cents)`.as('savings_cents'),
] as const;

/** Adds totals exactly (centavos and Wh). */
function add(views: readonly ShareTotalsView[]): ShareTotalsView {
  const wh = (k: 'kwh' | 'unpricedKwh') => views.reduce((a, v) => a + BigInt(v[k].replace('.', '')), 0n);
  const cents = (k: 'compensated' | 'scceCharge' | 'savings') =>
    views.reduce((a, v) => a + BigInt(v[k].replace('.', '')), 0n);
  return {
    kwh: kwhOf(wh('kwh')),
    unpricedKwh: kwhOf(wh('unpricedKwh')),
    compensated: amountOfCents(cents('compensated')),
    scceCharge: amountOfCents(cents('scceCharge')),
    savings: amountOfCents(cents('savings')),
  };
}

/** One year of a generator's energy compensated in invoices: totals, per GD class and per UC that used it. */
export interface GeneratorScceYearView extends ShareTotalsView {
  year: string;
  byClass: (ShareTotalsView & { gdClass: string })[];
  byUc: (ShareTotalsView & { ucId: string })[];
}

/**
 * R23: the SCEE charge on a generator's energy, by year of the cycles that compensated it (its beneficiaries' and
 * its own), oldest first.
 */
export async function generatorScceByYear(
  db: Kysely<ReadModelDatabase>,
  sourceUcId: string,
): Promise<GeneratorScceYearView[]> {
  const year = sql<string>`substr(cycle, 1, 4)`;
  const rows = await db
    .selectFrom('invoice_share')
    .select([year.as('year'), 'uc_id', 'gd_class', ...SUMS])
    .where('source_uc_id', '=', sourceUcId)
    .groupBy([year, 'uc_id', 'gd_class'])
    .orderBy('year')
    .orderBy('uc_id')
    .orderBy('gd_class')
    .execute();
  const years = new Map<string, { gdClass: string; ucId: string; totals: ShareTotalsView }[]>();
  for (const r of rows) {
    const list = years.get(r.year) ?? [];
    list.push({ gdClass: r.gd_class, ucId: r.uc_id, totals: totals(r) });
    years.set(r.year, list);
  }
  return [...years].map(([y, list]) => {
    const group = <K extends 'gdClass' | 'ucId'>(k: K) => {
      const by = new Map<string, ShareTotalsView[]>();
      for (const x of list) by.set(x[k], [...(by.get(x[k]) ?? []), x.totals]);
      return [...by].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([v, t]) => ({ key: v, ...add(t) }));
    };
    return {
      year: y,
      ...add(list.map((x) => x.totals)),
      byClass: group('gdClass').map(({ key, ...t }) => ({ gdClass: key, ...t })),
      byUc: group('ucId').map(({ key, ...t }) => ({ ucId: key, ...t })),
    };
  });
}

/** One month (cycle) of the portfolio: totals and per GD class. */
export interface PortfolioMoneyMonthView extends ShareTotalsView {
  month: string;
  byClass: (ShareTotalsView & { gdClass: string })[];
}

/** R23, R28: the portfolio's compensated energy, SCEE charge and savings per month and GD class, oldest first. */
export async function portfolioMoneyByMonth(
  db: Kysely<ReadModelDatabase>,
  options: { from?: string; to?: string; distribuidora?: string } = {},
): Promise<PortfolioMoneyMonthView[]> {
  const rows = await db
    .selectFrom('invoice_share')
    .select(['cycle', 'gd_class', ...SUMS])
    .$if(options.from !== undefined, (q) => q.where('cycle', '>=', options.from!))
    .$if(options.to !== undefined, (q) => q.where('cycle', '<=', options.to!))
    .$if(options.distribuidora !== undefined, (q) => q.where('distribuidora', '=', options.distribuidora!))
    .groupBy(['cycle', 'gd_class'])
    .orderBy('cycle')
    .orderBy('gd_class')
    .execute();
  const months = new Map<string, (ShareTotalsView & { gdClass: string })[]>();
  for (const r of rows) months.set(r.cycle, [...(months.get(r.cycle) ?? []), { gdClass: r.gd_class, ...totals(r) }]);
  return [...months].map(([month, byClass]) => ({ month, ...add(byClass), byClass }));
}
