/** portfolio: per distribuidora, from uc_balance's per-distribuidora totals (small tables: fast at any scale). */
import { addDays, parseBusinessDate } from '@compensa/domain';
import type { Kysely } from 'kysely';
import type { ReadModelDatabase } from '../read-model-database';
import { kwhOf, num } from '../wh';

/** Days ahead counted as "expiring soon". */
export const PORTFOLIO_EXPIRING_DAYS = 90;

/** One distribuidora's portfolio. */
export interface PortfolioView {
  distribuidora: string;
  ucs: number;
  activeUcs: number;
  generators: number;
  /** UCs that received excedente from a generator at least once. */
  beneficiaries: number;
  creditsOutstandingKwh: string;
  /** Credits whose expiry date is on or before today + 90 days (including any the sweep has not removed yet). */
  expiringWithin90DaysKwh: string;
}

/** Every distribuidora's portfolio, by name. `today` is the caller's clock (`YYYY-MM-DD`). */
export async function portfolio(db: Kysely<ReadModelDatabase>, options: { today: string }): Promise<PortfolioView[]> {
  const until = addDays(parseBusinessDate(options.today, 'today'), PORTFOLIO_EXPIRING_DAYS);
  const totals = await db.selectFrom('distribuidora_totals').selectAll().orderBy('distribuidora').execute();
  const expiring = await db
    .selectFrom('credit_expiry_totals')
    .select(['distribuidora', (eb) => eb.fn.sum<number>('wh').as('wh')])
    .where('expires_on', '<=', until)
    .groupBy('distribuidora')
    .execute();
  const soon = new Map(expiring.map((r) => [r.distribuidora, num(r.wh)]));
  return totals.map((t) => ({
    distribuidora: t.distribuidora,
    ucs: num(t.ucs),
    activeUcs: num(t.active_ucs),
    generators: num(t.generators),
    beneficiaries: num(t.beneficiaries),
    creditsOutstandingKwh: kwhOf(num(t.credits_wh)),
    expiringWithin90DaysKwh: kwhOf(soon.get(t.distribuidora) ?? 0),
  }));
}
