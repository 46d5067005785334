import { Kwh } from '@compensa/domain';
import type { EventStore } from '@compensa/event-store';
import type { ReadingBody } from './reading-groups';

/** What a ReadingRecorded event says of a cycle (the values an import compares). */
export interface RecordedReading {
  readonly readingDate: string;
  readonly postos: Readonly<Record<string, { consumed: string; injected: string }>>;
}

/** Events read from the head at first: a cycle's reading and what followed it (compensation, deliveries). */
const FIRST_READ = 8;

/**
 * The reading recorded for `cycle` on a UC stream, read backwards from the head (an import's duplicate is usually
 * the latest cycle), or null. Only asked when a reading is refused as not after the latest cycle (a file run again,
 * or resumed after a crash: once per reading already recorded). A few events first, then pages four times larger:
 * a store's page of a long history (a thousand events) was read and parsed for each duplicate.
 */
export async function recordedReadingOf(
  store: EventStore,
  stream: string,
  cycle: string,
): Promise<RecordedReading | null> {
  let fromRevision: number | undefined;
  for (let count = FIRST_READ; ; count = Math.min(count * 4, 1_000)) {
    let read = 0;
    let last = 0;
    for await (const e of store.readStream(stream, {
      direction: 'backwards',
      maxCount: count,
      ...(fromRevision === undefined ? {} : { fromRevision }),
    })) {
      read++;
      last = e.revision;
      if (e.type !== 'ReadingRecorded') continue;
      const data = e.data as { cycle: string } & RecordedReading;
      if (data.cycle === cycle) return { readingDate: data.readingDate, postos: data.postos };
      if (data.cycle < cycle) return null;
    }
    if (read < count || last === 0) return null;
    fromRevision = last - 1;
  }
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
