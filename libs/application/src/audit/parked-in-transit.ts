import { Kwh } from '@compensa/domain';
import { StreamNotFound, type EventStore, type RecordedEvent } from '@compensa/event-store';
import type { EventParkedData, ParkedEventResolvedData, ParkedEventRetriedData } from '../parked/parked-record';
import { PARKED_STREAM_PREFIX } from '../parked/parked-record';

/** One parked delivery the audit names: its energy left its source and has not reached its target. */
export interface InTransitEvent {
  parkedId: string;
  consumer: string;
  eventType: string;
  stream: string;
  revision: number;
  position: number;
  kwh: string | null;
  targets: string[];
  rule: string;
  message: string;
  parkedAt: string;
}

/** The kWh in transit (Q3 counts them beside compensated, held and expired) and the parked events holding them. */
export interface InTransit {
  kwh: string;
  events: InTransitEvent[];
}

/**
 * The parked events still open at `position` (null: the end of the log), from the `parked-<consumer>` streams: a
 * retry that delivered or an operator's resolution takes an event out. For a UC or titular audit, only those whose
 * event is in the selected streams or whose targets are among the selected UCs.
 */
export async function parkedInTransit(
  store: EventStore,
  position: number | null,
  selected: readonly string[] | null,
): Promise<InTransit> {
  const open = new Map<string, InTransitEvent>();
  // A parked event and its retries and resolution share the stream of its consumer: each stream is read on its own
  // (the store lists them), so a UC's audit does not walk the log.
  const streams: string[] = [];
  for await (const s of store.streamNames([PARKED_STREAM_PREFIX])) streams.push(s);
  for (const e of await readEach(store, streams.sort())) {
    if (position !== null && e.position > position) continue;
    if (e.type === 'EventParked') {
      const d = e.data as EventParkedData;
      if (open.has(d.parkedId)) continue;
      open.set(d.parkedId, {
        parkedId: d.parkedId,
        consumer: d.consumer,
        eventType: d.event.type,
        stream: d.event.stream,
        revision: d.event.revision,
        position: d.event.position,
        kwh: d.kwh,
        targets: [...d.targets],
        rule: d.error.rule,
        message: d.error.message,
        parkedAt: d.parkedAt,
      });
    } else if (e.type === 'ParkedEventRetried' && (e.data as ParkedEventRetriedData).outcome === 'delivered') {
      open.delete((e.data as ParkedEventRetriedData).parkedId);
    } else if (e.type === 'ParkedEventResolved') {
      open.delete((e.data as ParkedEventResolvedData).parkedId);
    }
  }
  const wanted = (r: InTransitEvent) =>
    selected === null ||
    selected.includes(r.stream) ||
    selected.some((s) => r.targets.some((t) => s.endsWith(`-${t}`)));
  const events = [...open.values()].filter(wanted).sort((a, b) => a.position - b.position);
  const kwh = Kwh.sum(events.filter((r) => r.kwh !== null).map((r) => Kwh.parse(r.kwh!))).toString();
  return { kwh, events };
}

async function readEach(store: EventStore, streams: readonly string[]): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (const stream of streams) {
    try {
      for await (const e of store.readStream(stream)) events.push(e);
    } catch (err) {
      if (!(err instanceof StreamNotFound)) throw err;
    }
  }
  return events;
}
