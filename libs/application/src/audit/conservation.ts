/**
 * Check 4: Q3 across streams. The per-stream checks cannot see a kWh that left one stream and never reached another;
 * this one follows every kWh that crosses streams, and adds up each distribuidora's energy to the Wh.
 */
import { Kwh } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { Mismatch, TrailTitular, TrailUc } from './audit-report';
import type { InTransit } from './parked-in-transit';

/** One distribuidora's energy, in kWh at the posto where it was injected (before any TE conversion). */
export interface ConservationTotals {
  distribuidora: string;
  /** Own injection recorded at readings. */
  injected: string;
  /** Excedente allocated from / to another distribuidora's UCs (R13). */
  receivedFromOthers: string;
  sentToOthers: string;
  /** Migration: credits, received excedente and held credits opened from the legacy system (recorded inputs). */
  opened: string;
  /** Used at readings (the source kWh of every compensation line). */
  compensated: string;
  /** Still at the UCs: credits by vintage and received excedente not yet used. */
  credits: string;
  /** Held for titulares (R18, R19). */
  held: string;
  expired: string;
  /** Parked deliveries (a decider refused them). */
  inTransit: string;
  /** injected + received + opened − (compensated + credits + held + expired + in transit + sent): 0 when conserved. */
  difference: string;
}

/** The section of the report. */
export interface Conservation {
  ran: boolean;
  reason: string | null;
  /** Allocations matched to their deliveries, credits that left a UC to their holds, holds to their fates. */
  allocations: { checked: number; inTransit: number; failed: number };
  leaving: { checked: number; inTransit: number; failed: number };
  moves: { checked: number; inTransit: number; failed: number };
  totals: ConservationTotals[];
  passed: boolean;
}

type Data = Record<string, unknown>;
const wh = (s: string | null | undefined): bigint => (s ? Kwh.parse(s).wh : 0n);
const kwhOf = (v: bigint): string => {
  const sign = v < 0n ? '-' : '';
  const a = v < 0n ? -v : v;
  return `${sign}${a / 1000n}.${(a % 1000n).toString().padStart(3, '0')}`;
};
const sumParts = (parts: readonly { kwh: string }[] | undefined): bigint =>
  (parts ?? []).reduce((t, p) => t + wh(p.kwh), 0n);
/** `uc-<distribuidora>-<number>` / `titular-<distribuidora>-<key>` → distribuidora. */
const distribuidoraOf = (stream: string): string => stream.split('-')[1] ?? '';

/**
 * Follows what crosses streams in the replayed events: (1) every `ExcedenteAllocated` share has an
 * `ExcedenteReceived` of equal kWh at its target (or is parked, in transit), and every delivery has its allocation;
 * (2) every credit that left a UC (R18 `TitularidadeTransferred`, R19 `ContractClosed`) is held for its titular
 * (`CreditsHeldForTitular` of equal kWh) or in transit; (3) every 30-day move (`CreditsReallocated`, R19/R20) reaches
 * each UC of its outcome (`HeldCreditsReceived`) or is in transit; then per distribuidora, to the Wh:
 * injected + received + opened = compensated + credits + held + expired + in transit + sent, where `opened` is what
 * the migration brought in (`OpeningBalanceImported`, `OpeningHeldCreditsImported`): energy injected before the
 * platform, which enters the totals as an inflow.
 */
export function checkConservation(
  events: readonly RecordedEvent[],
  ucs: readonly TrailUc[],
  titulares: readonly TrailTitular[],
  inTransit: InTransit,
): { conservation: Conservation; mismatches: Mismatch[] } {
  const mismatches: Mismatch[] = [];
  const fail = (e: RecordedEvent, path: string | null, expected: unknown, recorded: unknown, detail: string) =>
    mismatches.push({
      check: 'conservation',
      stream: e.stream,
      revision: e.revision,
      eventType: e.type,
      path,
      expected,
      recorded,
      detail,
    });
  const parked = (e: RecordedEvent, target: string | null) =>
    inTransit.events.some(
      (p) => p.stream === e.stream && p.revision === e.revision && (target === null || p.targets.includes(target)),
    );
  const ucDistribuidora = new Map(ucs.map((u) => [u.ucId, u.distribuidora]));

  // Index the receiving side by the event that caused it.
  const received = new Map<string, Map<string, bigint>>();
  const add = (source: string, ucId: string, v: bigint) => {
    const m = received.get(source) ?? new Map<string, bigint>();
    m.set(ucId, (m.get(ucId) ?? 0n) + v);
    received.set(source, m);
  };
  const held = new Map<string, bigint>();
  const allocationIds = new Set<string>();
  for (const e of events) {
    const d = e.data as Data;
    if (e.type === 'ExcedenteReceived')
      add(String(d.sourceEventId), String(d.ucId), sumParts(d.parts as { kwh: string }[]));
    // The held-credits manager names a move's delivery `<move event id>:<ucId>`.
    else if (e.type === 'HeldCreditsReceived')
      add(String(d.sourceEventId).split(':')[0]!, String(d.ucId), sumParts(d.lots as { kwh: string }[]));
    else if (e.type === 'CreditsHeldForTitular') {
      const id = String(d.sourceEventId);
      held.set(id, (held.get(id) ?? 0n) + sumParts(d.lots as { kwh: string }[]));
    } else if (e.type === 'ExcedenteAllocated') allocationIds.add(e.id);
  }

  const allocations = { checked: 0, inTransit: 0, failed: 0 };
  const leaving = { checked: 0, inTransit: 0, failed: 0 };
  const moves = { checked: 0, inTransit: 0, failed: 0 };
  type Acc = Record<Exclude<keyof ConservationTotals, 'distribuidora' | 'difference'>, bigint>;
  const totals = new Map<string, Acc>();
  const acc = (distribuidora: string): Acc => {
    let t = totals.get(distribuidora);
    if (!t) {
      t = {
        injected: 0n,
        receivedFromOthers: 0n,
        sentToOthers: 0n,
        opened: 0n,
        compensated: 0n,
        credits: 0n,
        held: 0n,
        expired: 0n,
        inTransit: 0n,
      };
      totals.set(distribuidora, t);
    }
    return t;
  };
  /** Each share of a cross-stream event against what arrived. */
  const follow = (e: RecordedEvent, shares: Map<string, bigint>, counter: typeof allocations, what: string) => {
    const got = received.get(e.id) ?? new Map<string, bigint>();
    let ok = true;
    for (const [ucId, kwh] of shares) {
      const arrived = got.get(ucId);
      if (arrived === kwh || (arrived === undefined && kwh === 0n)) continue;
      if (arrived === undefined && parked(e, ucId)) {
        counter.inTransit++;
        continue;
      }
      ok = false;
      fail(
        e,
        `${what}.${ucId}`,
        kwhOf(kwh),
        arrived === undefined ? null : kwhOf(arrived),
        arrived === undefined
          ? `${kwhOf(kwh)} kWh for UC ${ucId} never arrived and are not parked (lost)`
          : `UC ${ucId} received ${kwhOf(arrived)} kWh of the ${kwhOf(kwh)} sent`,
      );
    }
    for (const [ucId, kwh] of got) {
      if (shares.has(ucId)) continue;
      ok = false;
      fail(
        e,
        `${what}.${ucId}`,
        null,
        kwhOf(kwh),
        `UC ${ucId} received ${kwhOf(kwh)} kWh this event never sent (forged delivery)`,
      );
    }
    counter.checked++;
    if (!ok) counter.failed++;
  };

  /** A cycle's injected and compensated kWh in force (a correction's CycleRecompensated replaces them). */
  const cycleInForce = new Map<string, { injected: bigint; compensated: bigint }>();
  const cycleEnergy = (c: Data) => ({
    injected: Object.values((c.injected ?? {}) as Record<string, string>).reduce((a, v) => a + wh(v), 0n),
    compensated: ((c.lines ?? []) as { sourceKwh: string }[]).reduce((a, l) => a + wh(l.sourceKwh), 0n),
  });
  for (const e of events) {
    const d = e.data as Data;
    const own = distribuidoraOf(e.stream);
    switch (e.type) {
      case 'CycleCompensated': {
        const t = acc(own);
        const energy = cycleEnergy(d);
        t.injected += energy.injected;
        t.compensated += energy.compensated;
        cycleInForce.set(`${e.stream}|${String(d.cycle)}`, energy);
        break;
      }
      case 'CycleRecompensated': {
        // Retificação: the cycle's energy is the corrected one.
        const t = acc(own);
        const key = `${e.stream}|${String(d.cycle)}`;
        const before = cycleInForce.get(key) ?? { injected: 0n, compensated: 0n };
        const after = cycleEnergy(d.compensation as Data);
        t.injected += after.injected - before.injected;
        t.compensated += after.compensated - before.compensated;
        cycleInForce.set(key, after);
        break;
      }
      case 'ReadingCorrected': {
        // R9: the credits the corrected history expired instead of those the history in force had expired.
        const expired = d.expiredKwh as { before: string; after: string };
        acc(own).expired += wh(expired.after) - wh(expired.before);
        break;
      }
      case 'ExcedenteAllocated': {
        const shares = new Map<string, bigint>();
        for (const a of (d.allocations ?? []) as { ucId: string; kwh: string }[]) {
          shares.set(a.ucId, (shares.get(a.ucId) ?? 0n) + wh(a.kwh));
          const to = ucDistribuidora.get(a.ucId) ?? own;
          if (to !== own) {
            acc(own).sentToOthers += wh(a.kwh);
            acc(to).receivedFromOthers += wh(a.kwh);
          }
        }
        follow(e, shares, allocations, 'allocations');
        break;
      }
      case 'TitularidadeTransferred':
      case 'ContractClosed': {
        const out = sumParts(d.creditsLeaving as { kwh: string }[]);
        if (out === 0n) break;
        leaving.checked++;
        const got = held.get(e.id);
        if (got === out) break;
        if (got === undefined && parked(e, null)) {
          leaving.inTransit++;
          break;
        }
        leaving.failed++;
        fail(
          e,
          'creditsLeaving',
          kwhOf(out),
          got === undefined ? null : kwhOf(got),
          got === undefined
            ? `${kwhOf(out)} kWh left the UC (${e.type === 'ContractClosed' ? 'R19' : 'R18'}) and are held for no titular, nor parked`
            : `${kwhOf(out)} kWh left the UC, ${kwhOf(got)} kWh are held for its titular`,
        );
        break;
      }
      case 'CreditsReallocated':
      case 'HeldCreditsReallocated': {
        const shares = new Map<string, bigint>();
        for (const o of (d.outcome ?? []) as { ucId: string; lots: { kwh: string }[] }[])
          shares.set(o.ucId, (shares.get(o.ucId) ?? 0n) + sumParts(o.lots));
        follow(e, shares, moves, 'outcome');
        break;
      }
      case 'ExcedenteReceived': {
        if (!allocationIds.has(String(d.sourceEventId)))
          fail(
            e,
            'sourceEventId',
            'an ExcedenteAllocated',
            d.sourceEventId,
            'a delivery with no allocation in the log (forged or its source deleted)',
          );
        break;
      }
      case 'CreditsExpired':
      case 'HeldCreditsExpired':
        acc(own).expired += wh(String(d.totalKwh));
        break;
      // Migration: the opened lots are an inflow (energy injected before the platform).
      case 'OpeningBalanceImported':
        acc(own).opened += sumParts(d.credits as { kwh: string }[]) + sumParts(d.received as { kwh: string }[]);
        break;
      case 'OpeningHeldCreditsImported':
        acc(own).opened += sumParts(d.lots as { kwh: string }[]);
        break;
      default:
        break;
    }
  }
  for (const u of ucs) acc(u.distribuidora).credits += wh(u.balance.totalKwh) + wh(u.receivedPendingKwh);
  for (const t of titulares) acc(t.distribuidora).held += wh(t.heldKwh);
  for (const p of inTransit.events) acc(distribuidoraOf(p.stream)).inTransit += wh(p.kwh);

  const rows: ConservationTotals[] = [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([distribuidora, t]) => {
      const difference =
        t.injected +
        t.receivedFromOthers +
        t.opened -
        (t.compensated + t.credits + t.held + t.expired + t.inTransit + t.sentToOthers);
      return {
        distribuidora,
        injected: kwhOf(t.injected),
        receivedFromOthers: kwhOf(t.receivedFromOthers),
        sentToOthers: kwhOf(t.sentToOthers),
        opened: kwhOf(t.opened),
        compensated: kwhOf(t.compensated),
        credits: kwhOf(t.credits),
        held: kwhOf(t.held),
        expired: kwhOf(t.expired),
        inTransit: kwhOf(t.inTransit),
        difference: kwhOf(difference),
      };
    });
  for (const r of rows) {
    if (r.difference === '0.000') continue;
    mismatches.push({
      check: 'conservation',
      stream: `distribuidora-${r.distribuidora}`,
      revision: 0,
      eventType: null,
      path: 'totals',
      expected: '0.000',
      recorded: r.difference,
      detail: `Q3: injected ${r.injected} + received ${r.receivedFromOthers} + opened ${r.opened} ≠ compensated ${r.compensated} + credits ${r.credits} + held ${r.held} + expired ${r.expired} + in transit ${r.inTransit} + sent ${r.sentToOthers} (difference ${r.difference} kWh)`,
    });
  }
  return {
    conservation: {
      ran: true,
      reason: null,
      allocations,
      leaving,
      moves,
      totals: rows,
      passed: mismatches.length === 0,
    },
    mismatches,
  };
}
