import { Kwh } from '@compensa/domain';
import type { EventStore } from '@compensa/event-store';
import type { ReadingBody } from './reading-groups';

/** What a ReadingRecorded event says of a cycle (the values an import compares). */
export interface RecordedReading {
  readonly readingDate: string;
  readonly postos: Readonly<Record<string, { consumed: string; injected: string }>>;
}

/**
 * The reading recorded for `cycle` on a UC stream, read backwards from the head (an import's duplicate is usually
 * the latest cycle), or null. Only asked when a reading is refused as not after the latest cycle.
 */
export async function recordedReadingOf(
  store: EventStore,
  stream: string,
  cycle: string,
): Promise<RecordedReading | null> {
  for await (const e of store.readStream(stream, { direction: 'backwards' })) {
    if (e.type !== 'ReadingRecorded') continue;
    const data = e.data as { cycle: string } & RecordedReading;
    if (data.cycle === cycle) return { readingDate: data.readingDate, postos: data.postos };
    if (data.cycle < cycle) return null;
  }
  return null;
}

/**
 * Idempotency by (UC, cycle): a reading equal to the recorded one (same date, same Wh at every posto; `1.5` and
 * `1.500` are the same) is a duplicate, not a refusal. Unparseable values are simply not equal.
 */
export function sameReading(body: ReadingBody, recorded: RecordedReading): boolean {
  if (body.readingDate !== recorded.readingDate) return false;
  const postos = body.postos ?? {};
  const keys = new Set([...Object.keys(postos), ...Object.keys(recorded.postos)]);
  const wh = (v: unknown) => {
    try {
      return Kwh.parse(String(v ?? '0')).wh;
    } catch {
      return null;
    }
  };
  for (const k of keys) {
    const a = postos[k];
    const b = recorded.postos[k];
    const [ac, ai, bc, bi] = [wh(a?.consumed), wh(a?.injected), wh(b?.consumed), wh(b?.injected)];
    if (ac === null || ai === null || ac !== bc || ai !== bi) return false;
  }
  return true;
}
