/** expiring_credits: kWh expiring per month, per UC, per distribuidora and overall, read from uc_balance's lots. */
import { addDays, addMonths, parseBusinessDate } from '@compensa/domain';
import { sql, type Kysely } from 'kysely';
import type { ReadModelDatabase } from '../read-model-database';
import { kwhOf, num } from '../wh';
import { decodeCursor, pageLimit, pageOf, type Page, type PageRequest } from './page';

/** What a UC has expiring in one month. */
export interface ExpiringCreditView {
  ucId: string;
  distribuidora: string;
  /** `YYYY-MM` of the expiry dates. */
  month: string;
  kwh: string;
  /** The earliest expiry date among those lots. */
  firstExpiresOn: string;
}

/** What a distribuidora has expiring in one month. */
export interface ExpiringByDistribuidoraView {
  distribuidora: string;
  month: string;
  kwh: string;
}

/** kWh expiring in one month. */
export interface ExpiringMonthView {
  /** `YYYY-MM`. */
  month: string;
  kwh: string;
}

/** The window: credits still in a balance whose expiry date is on or before `today + withinDays`. */
export interface ExpiringWindow {
  withinDays: number;
  /** `YYYY-MM-DD`: the caller's clock (the projections never read one). */
  today: string;
}

function lastDayOf(window: ExpiringWindow): string {
  if (!Number.isInteger(window.withinDays) || window.withinDays < 0)
    throw new RangeError('withinDays must be a whole number ≥ 0');
  return addDays(parseBusinessDate(window.today, 'today'), window.withinDays);
}

// substr(expires_on, 1, 7) is `YYYY-MM` in both SQLite and PostgreSQL.
const month = sql<string>`substr(expires_on, 1, 7)`;

/**
 * Per UC and month, kWh expiring on or before `today + withinDays` (including lots already past their expiry that
 * the sweep has not removed yet), month then UC order, paged.
 */
export async function expiringCredits(
  db: Kysely<ReadModelDatabase>,
  request: ExpiringWindow & PageRequest,
): Promise<Page<ExpiringCreditView>> {
  const limit = pageLimit(request);
  const until = lastDayOf(request);
  let q = db
    .selectFrom('uc_credit')
    .select([
      'uc_id',
      'distribuidora',
      month.as('month'),
      (eb) => eb.fn.sum<number>('wh').as('wh'),
      (eb) => eb.fn.min<string>('expires_on').as('first_expires_on'),
    ])
    .where('expires_on', '<=', until);
  if (request.cursor) {
    const [m, ucId] = decodeCursor(request.cursor, 2) as [string, string];
    // Months start after m: compare dates, so the expires_on index still serves the range.
    q = q.where((eb) => eb.or([eb('expires_on', '>', `${m}-31`), eb.and([eb(month, '=', m), eb('uc_id', '>', ucId)])]));
  }
  const rows = await q
    .groupBy([month, 'uc_id', 'distribuidora'])
    .orderBy(month)
    .orderBy('uc_id')
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows,
    limit,
    (r) => ({
      ucId: r.uc_id,
      distribuidora: r.distribuidora,
      month: r.month,
      kwh: kwhOf(num(r.wh)),
      firstExpiresOn: r.first_expires_on,
    }),
    (r) => [r.month, r.uc_id],
  );
}

/** Per distribuidora and month, kWh expiring on or before `today + withinDays` (small: from the totals table). */
export async function expiringByDistribuidora(
  db: Kysely<ReadModelDatabase>,
  window: ExpiringWindow,
): Promise<ExpiringByDistribuidoraView[]> {
  const until = lastDayOf(window);
  const rows = await db
    .selectFrom('credit_expiry_totals')
    .select(['distribuidora', month.as('month'), (eb) => eb.fn.sum<number>('wh').as('wh')])
    .where('expires_on', '<=', until)
    .groupBy(['distribuidora', month])
    .orderBy('distribuidora')
    .orderBy(month)
    .execute();
  return rows.map((r) => ({ distribuidora: r.distribuidora, month: r.month, kwh: kwhOf(num(r.wh)) }));
}

/**
 * kWh expiring in each of `months` months from today's, zeros included (small: from the totals table). The current
 * month also counts lots already past their expiry that the sweep has not removed yet (they are still in the balances).
 */
export async function expiringByMonth(
  db: Kysely<ReadModelDatabase>,
  today: string,
  months: number,
): Promise<ExpiringMonthView[]> {
  const firstDay = parseBusinessDate(`${today.slice(0, 7)}-01`, 'today');
  const monthAt = (i: number): string => addMonths(firstDay, i).slice(0, 7);
  const first = monthAt(0);
  const rows = await db
    .selectFrom('credit_expiry_totals')
    .select([month.as('month'), (eb) => eb.fn.sum<number>('wh').as('wh')])
    .where('expires_on', '<=', `${monthAt(months - 1)}-31`)
    .groupBy(month)
    .execute();
  const wh = new Map<string, number>();
  for (const r of rows) {
    const key = r.month < first ? first : r.month;
    wh.set(key, (wh.get(key) ?? 0) + num(r.wh));
  }
  return Array.from({ length: months }, (_, i) => ({ month: monthAt(i), kwh: kwhOf(wh.get(monthAt(i)) ?? 0) }));
}

/** One lot of a UC expiring within a window. */
export interface UcExpiringLotView {
  vintage: string;
  posto: string;
  gdClass: string;
  kwh: string;
  expiresOn: string;
}

/** A UC's lots expiring on or before `today + withinDays` (past-due lots not yet swept included), soonest first. */
export async function ucExpiringCredits(
  db: Kysely<ReadModelDatabase>,
  ucId: string,
  window: ExpiringWindow,
): Promise<UcExpiringLotView[]> {
  const until = lastDayOf(window);
  const rows = await db
    .selectFrom('uc_credit')
    .select(['vintage', 'posto', 'gd_class', 'expires_on', (eb) => eb.fn.sum<number>('wh').as('wh')])
    .where('uc_id', '=', ucId)
    .where('expires_on', '<=', until)
    .groupBy(['expires_on', 'vintage', 'posto', 'gd_class'])
    .orderBy('expires_on')
    .orderBy('vintage')
    .orderBy('posto')
    .orderBy('gd_class')
    .execute();
  return rows.map((r) => ({
    vintage: r.vintage,
    posto: r.posto,
    gdClass: r.gd_class,
    kwh: kwhOf(num(r.wh)),
    expiresOn: r.expires_on,
  }));
}
