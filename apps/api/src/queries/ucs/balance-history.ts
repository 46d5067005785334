import { businessDateOf, toDomainEvent } from '@compensa/application';
import { evolveUc, initialUcState, Kwh, type UcEvent, type UcState } from '@compensa/domain';
import { StreamNotFound, type EventStore } from '@compensa/event-store';

/** The balance at the end of a business date. */
export interface BalancePoint {
  date: string;
  totalKwh: string;
}

function totalWh(state: UcState): bigint {
  return state.credits.reduce((sum, lot) => sum + lot.kwh.wh, 0n);
}

/**
 * A UC's balance over time: its stream folded by the domain (the read model keeps only the current lots), one point
 * at the registration date and one at the end of each business date on which the balance changed. Dates never go
 * back: an event dated before the latest one (a late rateio) counts on the latest; HeldCreditsReceived, which carries
 * no date, counts on the latest too.
 */
export async function balanceHistory(store: EventStore, stream: string): Promise<BalancePoint[]> {
  const byDate = new Map<string, bigint>();
  let state = initialUcState;
  let current = '';
  let last: bigint | null = null;
  try {
    for await (const recorded of store.readStream(stream)) {
      const dated = businessDateOf(recorded, () => current || undefined);
      if (dated.source !== 'recordedAt' && dated.date > current) current = dated.date;
      state = evolveUc(state, toDomainEvent<UcEvent>(recorded));
      const total = totalWh(state);
      if (current !== '' && total !== last) {
        byDate.set(current, total);
        last = total;
      }
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return [...byDate].map(([date, wh]) => ({ date, totalKwh: Kwh.ofWh(wh).toString() }));
}
