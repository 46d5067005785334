/** Credits outstanding at the end of each month: the running sums of `credit_history` and `held_credit_history`. */
import type { Kysely } from 'kysely';
import type { ReadModelDatabase } from '../read-model-database';
import { kwhOf, num } from '../wh';

/** Credits outstanding at the end of a month. */
export interface CreditsMonthPoint {
  /** `YYYY-MM`. */
  month: string;
  /** In the balances of UCs. */
  creditsKwh: string;
  /** Held for titulares outside any UC (R18–R20), waiting for a reallocation. */
  heldKwh: string;
}

/** The credits history and the log position the read models stood at. */
export interface CreditsHistory {
  /** The lower checkpoint of uc_balance and titular_holdings; null before both applied anything. */
  position: number | null;
  points: CreditsMonthPoint[];
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Credits outstanding at each month's end, over all distribuidoras, from the first month with an event of a UC or
 * titular stream to `untilMonth` (or the last such month, if later): each month the sum of the changes up to it.
 * The last point equals the balances' totals whatever the dates, since every change is counted once.
 */
export async function creditsHistory(db: Kysely<ReadModelDatabase>, untilMonth: string): Promise<CreditsHistory> {
  // One snapshot: the checkpoints and both tables as of the same commit.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const checkpoints = await trx
        .selectFrom('projection_checkpoints')
        .selectAll()
        .where('name', 'in', ['uc_balance', 'titular_holdings'])
        .execute();
      const position = checkpoints.length === 2 ? Math.min(...checkpoints.map((c) => num(c.position))) : null;
      const credits = await trx
        .selectFrom('credit_history')
        .select(['month', (eb) => eb.fn.sum<string>('wh').as('wh')])
        .groupBy('month')
        .execute();
      const held = await trx
        .selectFrom('held_credit_history')
        .select(['month', (eb) => eb.fn.sum<string>('wh').as('wh')])
        .groupBy('month')
        .execute();
      const delta = new Map<string, { credits: bigint; held: bigint }>();
      const at = (month: string) => {
        let d = delta.get(month);
        if (!d) delta.set(month, (d = { credits: 0n, held: 0n }));
        return d;
      };
      for (const r of credits) at(r.month).credits += BigInt(r.wh ?? 0);
      for (const r of held) at(r.month).held += BigInt(r.wh ?? 0);
      const months = [...delta.keys()].sort();
      if (months.length === 0) return { position, points: [] };
      const last = months[months.length - 1] > untilMonth ? months[months.length - 1] : untilMonth;
      const points: CreditsMonthPoint[] = [];
      let creditsTotal = 0n;
      let heldTotal = 0n;
      for (let month = months[0]; month <= last; month = nextMonth(month)) {
        const d = delta.get(month);
        creditsTotal += d?.credits ?? 0n;
        heldTotal += d?.held ?? 0n;
        points.push({ month, creditsKwh: kwhOf(creditsTotal), heldKwh: kwhOf(heldTotal) });
      }
      return { position, points };
    });
}
