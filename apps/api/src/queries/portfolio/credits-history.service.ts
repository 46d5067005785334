import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@compensa/event-store';
import { EVENT_STORE } from '../../event-store/event-store.token';
import { creditsHistory, type CreditsHistory } from './credits-history';

/**
 * Credits outstanding over time. No read model keeps balances by date, so this folds the whole log with the domain
 * and keeps the answer until the log's head moves (a dashboard reload costs one head lookup). Fine for a utility's
 * demo or test portfolio; at millions of UCs it wants a read model of its own (monthly totals kept by a projection).
 */
@Injectable()
export class CreditsHistoryService {
  private cached: { head: number | null; untilMonth: string; history: Promise<CreditsHistory> } | null = null;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The history up to `untilMonth` (`YYYY-MM`) at least, as of the log's current head. */
  async history(untilMonth: string): Promise<CreditsHistory> {
    const head = await this.store.headPosition();
    if (this.cached?.head !== head || this.cached.untilMonth !== untilMonth) {
      const history = creditsHistory(this.store.readAll(), untilMonth);
      // A failed computation is not kept: the next request tries again.
      history.catch(() => (this.cached = null));
      this.cached = { head, untilMonth, history };
    }
    return this.cached.history;
  }
}
