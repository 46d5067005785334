import { businessDateOf, toDomainEvent } from '@compensa/application';
import {
  evolveTitular,
  evolveUc,
  initialTitularState,
  initialUcState,
  Kwh,
  type TitularEvent,
  type TitularState,
  type UcEvent,
  type UcState,
} from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';

/** Credits outstanding at the end of a month. */
export interface CreditsMonthPoint {
  /** `YYYY-MM`. */
  month: string;
  /** In the balances of UCs. */
  creditsKwh: string;
  /** Held for titulares outside any UC (R18–R20), waiting for a reallocation. */
  heldKwh: string;
}

/** The credits history and the log position it was computed at. */
export interface CreditsHistory {
  position: number | null;
  points: CreditsMonthPoint[];
}

const ucCredits = (s: UcState): bigint => s.credits.reduce((sum, lot) => sum + lot.kwh.wh, 0n);
const held = (s: TitularState): bigint => s.held.reduce((sum, h) => sum + h.lot.kwh.wh, 0n);

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Credits outstanding at each month's end, from the first dated event's month to `untilMonth` (or the last event's,
 * if later): the UC and titular streams folded by the domain, each change of a stream's total counted in the month
 * of its business date. HeldCreditsReceived (no date of its own) counts on the date of the reallocation that caused
 * it. The last point equals the read models' totals whatever the dates, since every change is counted once.
 */
export async function creditsHistory(
  events: AsyncIterable<RecordedEvent>,
  untilMonth: string,
): Promise<CreditsHistory> {
  const ucs = new Map<string, UcState>();
  const titulares = new Map<string, TitularState>();
  const reallocationDates = new Map<string, string>();
  const delta = new Map<string, { credits: bigint; held: bigint }>();
  let position: number | null = null;
  let latest = '';
  // HeldCreditsReceived names its cause as `<CreditsReallocated id>:<target UC>`.
  const causeOf = (r: RecordedEvent): string | undefined => {
    const source = String((r.data as { sourceEventId?: string }).sourceEventId ?? '');
    return reallocationDates.get(source.slice(0, source.lastIndexOf(':')));
  };
  for await (const e of events) {
    position = e.position;
    const isUc = e.stream.startsWith('uc-');
    if (!isUc && !e.stream.startsWith('titular-')) continue;
    if (e.type === 'CreditsReallocated') reallocationDates.set(e.id, String((e.data as { date: string }).date));
    const dated = businessDateOf(e, causeOf);
    // Never the wall-clock day an event was recorded: the latest business date seen stands in for a missing one.
    const date = dated.source === 'recordedAt' ? latest : dated.date;
    if (date > latest) latest = date;
    const month = date.slice(0, 7);
    if (!/^\d{4}-\d{2}$/.test(month)) continue;
    const d = delta.get(month) ?? { credits: 0n, held: 0n };
    if (isUc) {
      const before = ucs.get(e.stream) ?? initialUcState;
      const after = evolveUc(before, toDomainEvent<UcEvent>(e));
      ucs.set(e.stream, after);
      d.credits += ucCredits(after) - ucCredits(before);
    } else {
      const before = titulares.get(e.stream) ?? initialTitularState;
      const after = evolveTitular(before, toDomainEvent<TitularEvent>(e));
      titulares.set(e.stream, after);
      d.held += held(after) - held(before);
    }
    delta.set(month, d);
  }
  const months = [...delta.keys()].sort();
  if (months.length === 0) return { position, points: [] };
  const last = months[months.length - 1] > untilMonth ? months[months.length - 1] : untilMonth;
  const points: CreditsMonthPoint[] = [];
  let credits = 0n;
  let heldTotal = 0n;
  for (let month = months[0]; month <= last; month = nextMonth(month)) {
    const d = delta.get(month);
    credits += d?.credits ?? 0n;
    heldTotal += d?.held ?? 0n;
    points.push({ month, creditsKwh: Kwh.ofWh(credits).toString(), heldKwh: Kwh.ofWh(heldTotal).toString() });
  }
  return { position, points };
}
