/**
 * Fills an event store with a synthetic portfolio's history (for the projections and audit benchmarks): the pure
 * domain runs the portfolio in memory (PortfolioSimulator), then every command's events are appended to the store in
 * the order they happened, one append per command, many in flight at once (group commit).
 */
import { tariffStream, toNewEvent } from '@compensa/application';
import { ucStream, type UcEvent } from '@compensa/domain';
import type { EventStore, NewEvent } from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import type { PortfolioSimulator } from '@compensa/domain/testing/portfolio-simulator';
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

/**
 * Groups whose history is simulated and appended together: the simulator keeps every event of its slice in memory
 * until it is appended, so a large portfolio (100,000 UCs × 60 cycles: some 18 million events) goes a slice at a
 * time. A group's UCs only exchange excedente among themselves, so a slice's history is the whole run's.
 */
const GROUPS_PER_SLICE = 100;

/**
 * Runs `groups` groups (1 generator + 9 beneficiaries) for `cycles` cycles and appends every event to `store`: the
 * tariff first, then slice by slice (GROUPS_PER_SLICE groups) every command's events in the order they happened.
 */
export async function fillStore(
  store: Pick<EventStore, 'append'>,
  groups: number,
  cycles: number,
  onProgress?: (done: number, total: number) => void,
): Promise<FillResult> {
  const started = performance.now();
  const portfolio = buildGroups(groups);
  const revisions = new Map<string, number>();
  // One append per command, as the platform appends: the tariff first, then every decision in order.
  await appendAll(store, revisions, [
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
  ]);
  let events = 2;
  for (let from = 0; from < portfolio.length; from += GROUPS_PER_SLICE) {
    const to = Math.min(portfolio.length, from + GROUPS_PER_SLICE);
    const sim = setupPortfolio(portfolio.slice(from, to), true);
    for (let c = 0; c <= cycles; c++) {
      for (const r of readingsOf(portfolio, c, from, to)) sim.execute(r.ucId, readingCommand(r));
    }
    const appends = appendsOf(sim.log);
    events += sim.log.length;
    await appendAll(store, revisions, appends, (done) =>
      onProgress?.(events - sim.log.length + done, Math.round((events / to) * portfolio.length)),
    );
  }
  return { ucs: portfolio.length * 10, events, ms: performance.now() - started };
}

type Append = { stream: string; command: number; events: NewEvent[] };

/** A slice's log as the platform would have appended it: one append per command, ids linked as the platform links them. */
function appendsOf(log: PortfolioSimulator['log']): Append[] {
  const appends: Append[] = [];
  for (const rec of log) {
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
  return appends;
}

/** Appends in order, many in flight at once (group commit); `revisions`: each stream's head, kept across calls. */
async function appendAll(
  store: Pick<EventStore, 'append'>,
  revisions: Map<string, number>,
  appends: readonly Append[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const WINDOW = 256;
  let done = 0;
  for (let i = 0; i < appends.length; i += WINDOW) {
    // Appends within a window touch distinct streams or are chained per stream; keep per-stream order.
    const batch = appends.slice(i, i + WINDOW);
    const byStream = new Map<string, Append[]>();
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
    onProgress?.(done);
  }
}

export { cycleName };
