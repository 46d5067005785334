/**
 * Fills an event store with a synthetic portfolio's history (for the projections and audit benchmarks): the pure
 * domain runs the portfolio in memory (PortfolioSimulator), then every command's events are appended to the store in
 * the order they happened, one append per command, many in flight at once (group commit).
 */
import { tariffStream, toNewEvent } from '@compensa/application';
import { ucStream, type UcEvent } from '@compensa/domain';
import type { EventStore, NewEvent } from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import {
  buildGroups,
  cycleName,
  readingCommand,
  readingsOf,
  setupPortfolio,
  TARIFF_FROM,
  TE,
} from './synthetic-portfolio';

/** What was written. */
export interface FillResult {
  ucs: number;
  events: number;
  ms: number;
}

/** Runs `groups` groups (1 generator + 9 beneficiaries) for `cycles` cycles and appends every event to `store`. */
export async function fillStore(
  store: EventStore,
  groups: number,
  cycles: number,
  onProgress?: (done: number, total: number) => void,
): Promise<FillResult> {
  const started = performance.now();
  const portfolio = buildGroups(groups);
  const sim = setupPortfolio(portfolio, true);
  for (let c = 0; c <= cycles; c++) {
    for (const r of readingsOf(portfolio, c)) sim.execute(r.ucId, readingCommand(r));
  }
  // One append per command, as the platform appends: the tariff first, then every decision in order.
  const appends: { stream: string; command: number; events: NewEvent[] }[] = [
    {
      stream: tariffStream('copel'),
      command: -1,
      events: [
        toNewEvent({ type: 'TariffPublished', data: { distribuidora: 'copel', validFrom: TARIFF_FROM, te: TE } }, {}),
      ],
    },
    // P10: the simulator decides R10 as `greater-of` (it prices nothing); the platform reading on must too. A command
    // of its own, as the platform appends it (one append holding both would not be a decision the audit can re-derive).
    {
      stream: tariffStream('copel'),
      command: -2,
      events: [
        toNewEvent(
          {
            type: 'DistribuidoraPolicySet',
            data: { distribuidora: 'copel', validFrom: TARIFF_FROM, p10: 'greater-of' },
          },
          {},
        ),
      ],
    },
  ];
  for (const rec of sim.log) {
    const last = appends[appends.length - 1];
    const e = toNewEvent(rec.event as UcEvent, {});
    if (last && last.command === rec.command) last.events.push(e);
    else appends.push({ stream: ucStream('copel', rec.ucId), command: rec.command, events: [e] });
  }
  // The simulator names an allocation `<ucId>:<cycle>`; the log links a delivery to its allocation's event id (as the
  // platform does), which the audit's conservation check follows.
  const allocationIds = new Map<string, string>();
  for (const a of appends)
    for (const e of a.events)
      if (e.type === 'ExcedenteAllocated') {
        const d = e.data as { ucId: string; cycle: string };
        e.id = randomUUID();
        allocationIds.set(`${d.ucId}:${d.cycle}`, e.id);
      }
  // A received lot is named `<its allocation's id>:<part>` (evolve-uc): the readings that use one name it so too, or
  // the audit would replay a different decision than the one recorded.
  const lotIdOf = (simLot: string) => {
    const at = simLot.lastIndexOf(':');
    const allocation = allocationIds.get(simLot.slice(0, at));
    return allocation === undefined ? simLot : `${allocation}${simLot.slice(at)}`;
  };
  for (const a of appends)
    for (const e of a.events)
      if (e.type === 'ExcedenteReceived') {
        const d = e.data as { sourceEventId: string };
        e.data = { ...d, sourceEventId: allocationIds.get(d.sourceEventId) ?? d.sourceEventId };
      } else if (e.type === 'CycleCompensated') {
        const d = e.data as { receivedUsed: { lotId: string; kwh: string }[] };
        e.data = { ...d, receivedUsed: d.receivedUsed.map((r) => ({ ...r, lotId: lotIdOf(r.lotId) })) };
      }
  for (const a of appends) {
    const commandId = randomUUID();
    for (const e of a.events) e.metadata = { ...e.metadata, commandId };
  }
  const revisions = new Map<string, number>();
  const WINDOW = 256;
  let done = 0;
  for (let i = 0; i < appends.length; i += WINDOW) {
    // Appends within a window touch distinct streams or are chained per stream; keep per-stream order.
    const batch = appends.slice(i, i + WINDOW);
    const byStream = new Map<string, typeof batch>();
    for (const a of batch) byStream.set(a.stream, [...(byStream.get(a.stream) ?? []), a]);
    await Promise.all(
      [...byStream.values()].map(async (list) => {
        for (const a of list) {
          const expected = revisions.get(a.stream);
          const r = await store.append(a.stream, a.events, { expectedRevision: expected ?? 'no_stream' });
          revisions.set(a.stream, r.nextRevision);
          done += a.events.length;
        }
      }),
    );
    onProgress?.(done, sim.log.length);
  }
  return { ucs: portfolio.length * 10, events: sim.log.length + 2, ms: performance.now() - started };
}

export { cycleName };
