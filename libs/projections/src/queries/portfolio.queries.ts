/**
 * portfolio: per distribuidora, from uc_balance's per-distribuidora totals (small tables: fast at any scale), and
 * every distribuidora summed with titular_holdings' figures.
 */
import { addDays, Kwh, parseBusinessDate } from '@compensa/domain';
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

/** The whole portfolio, every distribuidora summed, with what waits for titulares. */
export interface PortfolioTotalsView extends Omit<PortfolioView, 'distribuidora'> {
  /** Credits held for titulares outside any UC. */
  heldForTitularesKwh: string;
  /** 30-day windows still open. */
  pendingReallocations: number;
}

const sumKwh = (values: string[]): string => Kwh.sum(values.map((v) => Kwh.parse(v))).toString();

/** Sums `portfolio`'s distribuidoras and adds the titular holdings' figures. */
export async function portfolioTotals(
  db: Kysely<ReadModelDatabase>,
  byDistribuidora: PortfolioView[],
): Promise<PortfolioTotalsView> {
  const held = await db
    .selectFrom('titular_held_lot')
    .select((eb) => eb.fn.sum<number>('wh').as('wh'))
    .executeTakeFirst();
  const open = await db
    .selectFrom('titular_window')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirst();
  const sum = (pick: (p: PortfolioView) => number) => byDistribuidora.reduce((a, p) => a + pick(p), 0);
  return {
    ucs: sum((p) => p.ucs),
    activeUcs: sum((p) => p.activeUcs),
    generators: sum((p) => p.generators),
    beneficiaries: sum((p) => p.beneficiaries),
    creditsOutstandingKwh: sumKwh(byDistribuidora.map((p) => p.creditsOutstandingKwh)),
    expiringWithin90DaysKwh: sumKwh(byDistribuidora.map((p) => p.expiringWithin90DaysKwh)),
    heldForTitularesKwh: kwhOf(num(held?.wh)),
    pendingReallocations: num(open?.n),
  };
}
