import { Kwh } from '@compensa/domain';
import { kwhOf, type PortfolioView, type ReadModelDatabase } from '@compensa/projections';
import type { Kysely } from 'kysely';

/** The whole portfolio, every distribuidora summed, with what waits for titulares. */
export interface PortfolioTotals {
  ucs: number;
  activeUcs: number;
  generators: number;
  beneficiaries: number;
  creditsOutstandingKwh: string;
  expiringWithin90DaysKwh: string;
  /** Credits held for titulares outside any UC. */
  heldForTitularesKwh: string;
  /** 30-day windows still open. */
  pendingReallocations: number;
}

const sumKwh = (values: string[]): string => Kwh.sum(values.map((v) => Kwh.parse(v))).toString();

/** Sums the per-distribuidora portfolio and adds the titular holdings' figures. */
export async function portfolioTotals(
  db: Kysely<ReadModelDatabase>,
  byDistribuidora: PortfolioView[],
): Promise<PortfolioTotals> {
  const heldRow = await db
    .selectFrom('titular_held_lot')
    .select((eb) => eb.fn.sum<number>('wh').as('wh'))
    .executeTakeFirst();
  const openRow = await db
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
    heldForTitularesKwh: kwhOf(Number(heldRow?.wh ?? 0)),
    pendingReallocations: Number(openRow?.n ?? 0),
  };
}
