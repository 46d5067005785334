import { kwhOf, type ReadModelDatabase } from '@compensa/projections';
import { sql, type Kysely } from 'kysely';

/** kWh expiring in one month. */
export interface MonthKwh {
  month: string;
  kwh: string;
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * kWh expiring in each of `months` months from today's, zeros included. The current month also counts lots already
 * past their expiry that the sweep has not removed yet (they are still in the balances).
 */
export async function expiringByMonth(
  db: Kysely<ReadModelDatabase>,
  today: string,
  months: number,
): Promise<MonthKwh[]> {
  const first = today.slice(0, 7);
  const last = addMonths(first, months - 1);
  const month = sql<string>`substr(expires_on, 1, 7)`;
  const rows = await db
    .selectFrom('credit_expiry_totals')
    .select([month.as('month'), (eb) => eb.fn.sum<number>('wh').as('wh')])
    .where('expires_on', '<=', `${last}-31`)
    .groupBy(month)
    .execute();
  const wh = new Map<string, number>();
  for (const r of rows) {
    const key = r.month < first ? first : r.month;
    wh.set(key, (wh.get(key) ?? 0) + Number(r.wh ?? 0));
  }
  return Array.from({ length: months }, (_, i) => {
    const m = addMonths(first, i);
    return { month: m, kwh: kwhOf(wh.get(m) ?? 0) };
  });
}
