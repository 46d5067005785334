import type { EventStore, RecordedEvent } from '@compensa/event-store';

/**
 * A poison event for the fault tests: an `ExcedenteAllocated` shaped like the decider's (so the directory and the
 * projections apply it) but that no decider made, allocating to UCs that may not be registered. Appended to the
 * stream of generator `generator` (registered by the caller); answers the stored event.
 */
export async function appendPoisonAllocation(
  store: EventStore,
  generator: string,
  targets: { ucId: string; kwh: string }[],
): Promise<RecordedEvent> {
  const part = (kwh: string) => ({ posto: 'unico', gdClass: 'GD_II', kwh });
  const total = targets.reduce((wh, t) => wh + Math.round(Number(t.kwh) * 1000), 0);
  const excedenteKwh = (total / 1000).toFixed(3);
  const data = {
    ucId: generator,
    cycle: '2025-02',
    readingDate: '2025-02-15',
    surplusBase: 'net',
    excedente: [part(excedenteKwh)],
    excedenteKwh,
    rateio: null,
    inputs: { ineligible: {}, facts: [] },
    allocations: targets.map((t) => ({ ucId: t.ucId, ...part(t.kwh) })),
    retained: [],
  };
  const stream = `uc-copel-${generator}`;
  const { position } = await store.append(stream, [{ type: 'ExcedenteAllocated', data }], { expectedRevision: 'any' });
  for await (const e of store.readAll({ fromPosition: position, maxCount: 1 })) return e;
  throw new Error(`the poison event at ${position} was not read back`);
}
