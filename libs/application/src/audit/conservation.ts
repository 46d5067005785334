/**
 * Check 4: Q3 across streams. The per-stream checks cannot see a kWh that left one stream and never reached another;
 * this one follows every kWh that crosses streams, and adds up each distribuidora's energy to the Wh.
 */
import { Kwh, type TitularEvent, type UcEvent } from '@compensa/domain';
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
/** `uc-<distribuidora>-<number>` / `titular-<distribuidora>-<key>` → distribuidora (`split('-')[1]`, no array). */
const distribuidoraOf = (stream: string): string => {
  const from = stream.indexOf('-');
  if (from < 0) return '';
  const to = stream.indexOf('-', from + 1);
  return to < 0 ? stream.slice(from + 1) : stream.slice(from + 1, to);
};

/** A cycle's injected kWh and the source kWh its compensation lines used. */
const cycleEnergy = (c: Data): { injected: bigint; compensated: bigint } => ({
  injected: Object.values((c.injected ?? {}) as Record<string, string>).reduce((a, v) => a + wh(v), 0n),
  compensated: ((c.lines ?? []) as { sourceKwh: string }[]).reduce((a, l) => a + wh(l.sourceKwh), 0n),
});

/**
 * Which UC and titular events check 4 reads, one entry a type so that the compiler asks about every new event; any
 * other passes through `ConservationCheck.event` untouched (no need to parse it).
 */
const CONSERVATION_READS: { readonly [T in UcEvent['type'] | TitularEvent['type']]: boolean } = {
  CycleCompensated: true,
  CycleRecompensated: true,
  ReadingCorrected: true,
  AllocationRedecided: true,
  ExcedenteReceiptCorrected: true,
  ExcedenteAllocated: true,
  CreditsReallocated: true,
  HeldCreditsReallocated: true,
  ExcedenteReceived: true,
  HeldCreditsReceived: true,
  TitularidadeTransferred: true,
  ContractClosed: true,
  CreditsHeldForTitular: true,
  CreditsExpired: true,
  HeldCreditsExpired: true,
  OpeningBalanceImported: true,
  OpeningHeldCreditsImported: true,
  HeldCreditsCorrected: true,
  HeldCreditsReceiptCorrected: true,
  // No kWh moves with these: registrations, a reading (its cycle's energy is its CycleCompensated), a request or a
  // decision whose move is its own event (HeldCreditsReallocated).
  UcRegistered: false,
  GenerationRegistered: false,
  CapacityAdded: false,
  MembersRegistered: false,
  RateioChanged: false,
  ReadingRecorded: false,
  ClosureDistributionRequested: false,
  // R20 retificação: a default that now chooses another UC names the deliveries it changes (`moves`).
  ReallocationDefaultRedecided: true,
  HeldCreditsKept: false,
  ReallocationIndicated: false,
};

/** The event types check 4 reads (CONSERVATION_READS as a set, for the readers that skip the others unparsed). */
export const CONSERVATION_EVENT_TYPES: ReadonlySet<string> = new Set(
  Object.entries(CONSERVATION_READS)
    .filter(([, reads]) => reads)
    .map(([type]) => type),
);

/**
 * Those whose part in check 4 depends on the order of their own stream alone (a cycle's energy added to its
 * distribuidora's, a re-billing's replacing it): a reader may feed them stream by stream, before or after the others,
 * once its stream's corrections are in `corrected`.
 */
export const IN_STREAM_ORDER: ReadonlySet<string> = new Set(['CycleCompensated', 'CycleRecompensated']);

/** A recorded event as check 4 remembers it while it waits for its other side: where it is, not its data. */
interface EventRef {
  id: string;
  stream: string;
  revision: number;
  type: string;
}

type Counter = { checked: number; inTransit: number; failed: number };
type Acc = Record<Exclude<keyof ConservationTotals, 'distribuidora' | 'difference'>, bigint>;

/** A cross-stream source (an allocation, a 30-day move) and what has arrived of it so far. */
interface OpenShares {
  event: EventRef;
  shares: Map<string, bigint>;
  got: Map<string, bigint>;
  counter: Counter;
  what: string;
}

const refOf = (e: RecordedEvent): EventRef => ({ id: e.id, stream: e.stream, revision: e.revision, type: e.type });

/**
 * Check 4 fed one replayed event at a time, in global order, holding only what waits for its other side: a source
 * leaves memory as soon as everything it sent has arrived, so the state stays small however long the log. Then the
 * UCs' and titulares' balances, and `finish` judges what is still open.
 *
 * It follows (1) every `ExcedenteAllocated` share to an `ExcedenteReceived` of equal kWh at its target (or parked, in
 * transit), and every delivery to its allocation; (2) every credit that left a UC (R18 `TitularidadeTransferred`, R19
 * `ContractClosed`) to its hold (`CreditsHeldForTitular` of equal kWh) or in transit; (3) every 30-day move
 * (`CreditsReallocated` R19, `HeldCreditsReallocated` R20) to each UC of its outcome (`HeldCreditsReceived`) or in
 * transit; then per distribuidora, to the Wh: injected + received + opened = compensated + credits + held + expired +
 * in transit + sent, where `opened` is what the migration brought in (`OpeningBalanceImported`,
 * `OpeningHeldCreditsImported`): energy injected before the platform, an inflow. A correction's `CycleRecompensated`
 * replaces its cycle's energy: the cycles of corrected UCs (only theirs) are remembered for that.
 */
export class ConservationCheck {
  private readonly mismatches: Mismatch[] = [];
  private readonly allocations: Counter = { checked: 0, inTransit: 0, failed: 0 };
  private readonly leaving: Counter = { checked: 0, inTransit: 0, failed: 0 };
  private readonly moves: Counter = { checked: 0, inTransit: 0, failed: 0 };
  private readonly totals = new Map<string, Acc>();
  /** Sources not yet fully delivered, by event id. */
  private readonly open = new Map<string, OpenShares>();
  /** Sources fully delivered (only a further delivery can still fail them). */
  private readonly closed = new Map<string, { event: EventRef; counter: Counter; failed: boolean; what: string }>();
  /** Deliveries whose source has not been seen (yet), by source id. */
  private readonly early = new Map<string, Map<string, bigint>>();
  private readonly allocationIds = new Set<string>();
  /** `ExcedenteReceived` naming no allocation seen so far, by the id they name. */
  private readonly orphans = new Map<string, EventRef[]>();
  /** Credits that left a UC, not yet all held; and holds seen before their cause. */
  private readonly leavingOpen = new Map<string, { event: EventRef; out: bigint; got: bigint | undefined }>();
  private readonly leavingClosed = new Map<string, { event: EventRef; failed: boolean }>();
  private readonly heldEarly = new Map<string, bigint>();
  /**
   * R18, R19 retificação: per `<leaving event id>|<correction id>`, the change of the credits that left the UC (its
   * correction's `leaving`) minus the change of what is held for the titular (HeldCreditsCorrected): 0 when they agree.
   */
  private readonly leavingCorrections = new Map<string, { event: EventRef; wh: bigint }>();
  /**
   * R20 retificação: per `<delivery id>|<correction id>`, the change of a move's lots to a UC (the titular's
   * HeldCreditsCorrected `moves`) minus the change the receiving UC took (HeldCreditsReceiptCorrected): 0 when they agree.
   */
  private readonly moveCorrections = new Map<string, { event: EventRef; wh: bigint }>();
  /** A corrected UC's cycles' injected and compensated kWh in force, by `<stream>|<cycle>`. */
  private readonly cycleInForce = new Map<string, { injected: bigint; compensated: bigint }>();

  /** `ucDistribuidora`: each UC's distribuidora (an allocation to another one's UC is sent / received, R13). */
  constructor(
    private readonly inTransit: InTransit,
    private readonly ucDistribuidora: ReadonlyMap<string, string>,
    /** The UC streams holding a correction (`isCorrection`): filled before their events arrive here. */
    private readonly corrected: ReadonlySet<string> = new Set(),
  ) {}

  /** One replayed event, in global order (those of `IN_STREAM_ORDER` may come in their stream's order instead). */
  event(e: RecordedEvent): void {
    if (!CONSERVATION_EVENT_TYPES.has(e.type)) return;
    const d = e.data as Data;
    const own = distribuidoraOf(e.stream);
    switch (e.type) {
      case 'CycleCompensated': {
        const t = this.acc(own);
        const energy = cycleEnergy(d);
        t.injected += energy.injected;
        t.compensated += energy.compensated;
        if (this.corrected.has(e.stream)) this.cycleInForce.set(`${e.stream}|${String(d.cycle)}`, energy);
        break;
      }
      case 'CycleRecompensated': {
        // Retificação: the cycle's energy is the corrected one.
        const t = this.acc(own);
        const key = `${e.stream}|${String(d.cycle)}`;
        const before = this.cycleInForce.get(key) ?? { injected: 0n, compensated: 0n };
        const after = cycleEnergy(d.compensation as Data);
        t.injected += after.injected - before.injected;
        t.compensated += after.compensated - before.compensated;
        this.cycleInForce.set(key, after);
        break;
      }
      case 'ReadingCorrected': {
        // R9: the credits the corrected history expired instead of those the history in force had expired.
        const expired = d.expiredKwh as { before: string; after: string };
        this.acc(own).expired += wh(expired.after) - wh(expired.before);
        this.leavingCorrected(e);
        break;
      }
      case 'AllocationRedecided': {
        // P6a: the generator's re-decided split; its re-billed cycles and balance carry the rest.
        const expired = d.expiredKwh as { before: string; after: string };
        this.acc(own).expired += wh(expired.after) - wh(expired.before);
        this.leavingCorrected(e);
        break;
      }
      case 'HeldCreditsCorrected': {
        // R18, R19: the titular's re-decided holdings (its balance at the end carries them); what it expired instead.
        const expired = d.expiredKwh as { before: string; after: string };
        this.acc(own).expired += wh(expired.after) - wh(expired.before);
        this.leavingMatch(
          e,
          `${String(d.sourceEventId)}|${String(d.correctionId)}`,
          -signedWh(String(d.differenceKwh)),
        );
        // R20: each move whose lots the correction changed, to be matched by the receiving UC's correction.
        for (const m of (d.moves ?? []) as { sourceEventId: string; differenceKwh: string }[])
          this.moveMatch(e, `${m.sourceEventId}|${String(d.correctionId)}`, signedWh(m.differenceKwh));
        break;
      }
      case 'ReallocationDefaultRedecided':
        // R20: a default that now chooses another UC: each delivery it changes (the UC chosen before to nothing, the
        // one chosen now from nothing), to be matched by the receiving UC's correction. Nothing held changes.
        for (const m of (d.moves ?? []) as { sourceEventId: string; differenceKwh: string }[])
          this.moveMatch(e, `${m.sourceEventId}|${String(d.correctionId)}`, signedWh(m.differenceKwh));
        break;
      case 'HeldCreditsReceiptCorrected': {
        // R20: credits moved here from a titular's hold, corrected: its re-billed cycles (CycleRecompensated) and
        // balance carry the difference; what it expired instead; its own leavings; the titular's move matched.
        const expired = d.expiredKwh as { before: string; after: string };
        this.acc(own).expired += wh(expired.after) - wh(expired.before);
        this.leavingCorrected(e);
        this.moveMatch(e, `${String(d.sourceEventId)}|${String(d.correctionId)}`, -signedWh(String(d.differenceKwh)));
        break;
      }
      case 'ExcedenteReceiptCorrected': {
        // A generator's correction reached a beneficiary: its re-billed cycles (CycleRecompensated) and balance carry
        // the difference; the expiries and, across distribuidoras, what was sent and received change by it too.
        const expired = d.expiredKwh as { before: string; after: string };
        this.acc(own).expired += wh(expired.after) - wh(expired.before);
        this.leavingCorrected(e);
        const from = this.ucDistribuidora.get(String(d.sourceUcId)) ?? own;
        if (from !== own) {
          const difference = signedWh(String(d.differenceKwh));
          this.acc(from).sentToOthers += difference;
          this.acc(own).receivedFromOthers += difference;
        }
        break;
      }
      case 'ExcedenteAllocated': {
        const shares = new Map<string, bigint>();
        for (const a of (d.allocations ?? []) as { ucId: string; kwh: string }[]) {
          shares.set(a.ucId, (shares.get(a.ucId) ?? 0n) + wh(a.kwh));
          const to = this.ucDistribuidora.get(a.ucId) ?? own;
          if (to !== own) {
            this.acc(own).sentToOthers += wh(a.kwh);
            this.acc(to).receivedFromOthers += wh(a.kwh);
          }
        }
        this.allocationIds.add(e.id);
        this.orphans.delete(e.id);
        this.source(e, shares, this.allocations, 'allocations');
        break;
      }
      case 'CreditsReallocated':
      case 'HeldCreditsReallocated': {
        const shares = new Map<string, bigint>();
        for (const o of (d.outcome ?? []) as { ucId: string; lots: { kwh: string }[] }[])
          shares.set(o.ucId, (shares.get(o.ucId) ?? 0n) + sumParts(o.lots));
        this.source(e, shares, this.moves, 'outcome');
        break;
      }
      case 'ExcedenteReceived': {
        const source = String(d.sourceEventId);
        if (!this.allocationIds.has(source)) this.orphans.set(source, [...(this.orphans.get(source) ?? []), refOf(e)]);
        this.delivered(source, String(d.ucId), sumParts(d.parts as { kwh: string }[]));
        break;
      }
      // The held-credits manager names a move's delivery `<move event id>:<ucId>`.
      case 'HeldCreditsReceived':
        this.delivered(String(d.sourceEventId).split(':')[0]!, String(d.ucId), sumParts(d.lots as { kwh: string }[]));
        break;
      case 'TitularidadeTransferred':
      case 'ContractClosed': {
        const out = sumParts(d.creditsLeaving as { kwh: string }[]);
        if (out === 0n) break;
        this.leaving.checked++;
        const got = this.heldEarly.get(e.id);
        this.heldEarly.delete(e.id);
        if (got === out) this.leavingClosed.set(e.id, { event: refOf(e), failed: false });
        else this.leavingOpen.set(e.id, { event: refOf(e), out, got });
        break;
      }
      case 'CreditsHeldForTitular':
        this.held(String(d.sourceEventId), sumParts(d.lots as { kwh: string }[]));
        break;
      case 'CreditsExpired':
      case 'HeldCreditsExpired':
        this.acc(own).expired += wh(String(d.totalKwh));
        break;
      // Migration: the opened lots are an inflow (energy injected before the platform).
      case 'OpeningBalanceImported':
        this.acc(own).opened += sumParts(d.credits as { kwh: string }[]) + sumParts(d.received as { kwh: string }[]);
        break;
      case 'OpeningHeldCreditsImported':
        this.acc(own).opened += sumParts(d.lots as { kwh: string }[]);
        break;
      default:
        break;
    }
  }

  /** A UC as of the end of the replay: its credits and the received excedente it has not used. */
  uc(distribuidora: string, balanceKwh: string, receivedPendingKwh: string): void {
    this.acc(distribuidora).credits += wh(balanceKwh) + wh(receivedPendingKwh);
  }

  /** A titular stream as of the end of the replay: the credits held for it. */
  titular(distribuidora: string, heldKwh: string): void {
    this.acc(distribuidora).held += wh(heldKwh);
  }

  /** Judges what is still open, adds up each distribuidora; the section of the report and what failed. */
  finish(): { conservation: Conservation; mismatches: Mismatch[] } {
    for (const o of this.open.values()) this.follow(o);
    this.open.clear();
    for (const [id, l] of this.leavingOpen) this.judgeLeaving(id, l);
    this.leavingOpen.clear();
    for (const [key, c] of this.leavingCorrections) {
      if (c.wh === 0n) continue;
      this.leaving.failed++;
      this.fail(
        c.event,
        'leaving',
        '0.000',
        kwhOf(c.wh),
        `the correction ${key.split('|')[1]} changed the credits that left the UC (${key.split('|')[0]}) by ` +
          `${kwhOf(c.wh)} kWh more than it changed what is held for the titular (R18, R19)`,
      );
    }
    this.leavingCorrections.clear();
    for (const [key, c] of this.moveCorrections) {
      if (c.wh === 0n) continue;
      this.moves.failed++;
      this.fail(
        c.event,
        'moves',
        '0.000',
        kwhOf(c.wh),
        `the correction ${key.split('|')[1]} changed the credits moved to a UC (${key.split('|')[0]}) by ` +
          `${kwhOf(c.wh)} kWh more than that UC's received credits were corrected (R20)`,
      );
    }
    this.moveCorrections.clear();
    for (const [source, refs] of this.orphans)
      for (const ref of refs)
        this.fail(
          ref,
          'sourceEventId',
          'an ExcedenteAllocated',
          source,
          'a delivery with no allocation in the log (forged or its source deleted)',
        );
    for (const p of this.inTransit.events) this.acc(distribuidoraOf(p.stream)).inTransit += wh(p.kwh);
    const rows: ConservationTotals[] = [...this.totals.entries()]
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
      this.mismatches.push({
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
        allocations: this.allocations,
        leaving: this.leaving,
        moves: this.moves,
        totals: rows,
        passed: this.mismatches.length === 0,
      },
      mismatches: this.mismatches,
    };
  }

  private acc(distribuidora: string): Acc {
    let t = this.totals.get(distribuidora);
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
      this.totals.set(distribuidora, t);
    }
    return t;
  }

  private fail(e: EventRef, path: string | null, expected: unknown, recorded: unknown, detail: string): void {
    this.mismatches.push({
      check: 'conservation',
      stream: e.stream,
      revision: e.revision,
      eventType: e.type,
      path,
      expected,
      recorded,
      detail,
    });
  }

  private parked(e: EventRef, target: string | null): boolean {
    return this.inTransit.events.some(
      (p) => p.stream === e.stream && p.revision === e.revision && (target === null || p.targets.includes(target)),
    );
  }

  /** A source seen: what already arrived for it joins it; closed at once when that is all it sent. */
  private source(e: RecordedEvent, shares: Map<string, bigint>, counter: Counter, what: string): void {
    const open: OpenShares = { event: refOf(e), shares, got: this.early.get(e.id) ?? new Map(), counter, what };
    this.early.delete(e.id);
    this.open.set(e.id, open);
    this.closeIfComplete(e.id, open);
  }

  private delivered(source: string, ucId: string, v: bigint): void {
    const open = this.open.get(source);
    if (open) {
      open.got.set(ucId, (open.got.get(ucId) ?? 0n) + v);
      this.closeIfComplete(source, open);
      return;
    }
    const closed = this.closed.get(source);
    if (closed) {
      // Everything it sent had arrived: this delivery is more than it sent.
      this.fail(
        closed.event,
        `${closed.what}.${ucId}`,
        null,
        kwhOf(v),
        `UC ${ucId} received ${kwhOf(v)} kWh more than this event sent (forged delivery)`,
      );
      if (!closed.failed) closed.counter.failed++;
      closed.failed = true;
      return;
    }
    const early = this.early.get(source) ?? new Map<string, bigint>();
    early.set(ucId, (early.get(ucId) ?? 0n) + v);
    this.early.set(source, early);
  }

  private closeIfComplete(id: string, o: OpenShares): void {
    for (const [ucId, kwh] of o.shares) {
      const arrived = o.got.get(ucId);
      if (!(arrived === kwh || (arrived === undefined && kwh === 0n))) return;
    }
    for (const ucId of o.got.keys()) if (!o.shares.has(ucId)) return;
    o.counter.checked++;
    this.open.delete(id);
    this.closed.set(id, { event: o.event, counter: o.counter, failed: false, what: o.what });
  }

  /** Each share of a cross-stream event still open at the end against what arrived. */
  private follow(o: OpenShares): void {
    const { event: e, shares, got, counter, what } = o;
    let ok = true;
    for (const [ucId, kwh] of shares) {
      const arrived = got.get(ucId);
      if (arrived === kwh || (arrived === undefined && kwh === 0n)) continue;
      if (arrived === undefined && this.parked(e, ucId)) {
        counter.inTransit++;
        continue;
      }
      ok = false;
      this.fail(
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
      this.fail(
        e,
        `${what}.${ucId}`,
        null,
        kwhOf(kwh),
        `UC ${ucId} received ${kwhOf(kwh)} kWh this event never sent (forged delivery)`,
      );
    }
    counter.checked++;
    if (!ok) counter.failed++;
  }

  private held(source: string, v: bigint): void {
    const open = this.leavingOpen.get(source);
    if (open) {
      open.got = (open.got ?? 0n) + v;
      if (open.got === open.out) {
        this.leavingOpen.delete(source);
        this.leavingClosed.set(source, { event: open.event, failed: false });
      }
      return;
    }
    const closed = this.leavingClosed.get(source);
    if (closed) {
      this.fail(
        closed.event,
        'creditsLeaving',
        null,
        kwhOf(v),
        `${kwhOf(v)} kWh more are held for its titular than left the UC`,
      );
      if (!closed.failed) this.leaving.failed++;
      closed.failed = true;
      return;
    }
    this.heldEarly.set(source, (this.heldEarly.get(source) ?? 0n) + v);
  }

  /**
   * A UC's correction: each hold whose credits it changed (`leaving`), to be matched by the titular's correction, and
   * each member's delivery of a closure's distribution it changed (`distributed`), by the member's.
   */
  private leavingCorrected(e: RecordedEvent): void {
    const leaving = (
      e.data as { leaving?: { sourceEventId: string; previous: { kwh: string }[]; corrected: { kwh: string }[] }[] }
    ).leaving;
    const correctionId = String((e.data as { correctionId?: unknown }).correctionId);
    for (const l of leaving ?? [])
      this.leavingMatch(e, `${l.sourceEventId}|${correctionId}`, sumParts(l.corrected) - sumParts(l.previous));
    // R19: each member's delivery of a closure's distribution the correction changed, to be matched by the member's
    // correction (HeldCreditsReceiptCorrected), as a 30-day move's is.
    const distributed = (e.data as { distributed?: { sourceEventId: string; differenceKwh: string }[] }).distributed;
    for (const m of distributed ?? [])
      this.moveMatch(e, `${m.sourceEventId}|${correctionId}`, signedWh(m.differenceKwh));
  }

  private moveMatch(e: RecordedEvent, key: string, v: bigint): void {
    const c = this.moveCorrections.get(key);
    if (!c) {
      this.moves.checked++;
      this.moveCorrections.set(key, { event: refOf(e), wh: v });
    } else c.wh += v;
  }

  private leavingMatch(e: RecordedEvent, key: string, v: bigint): void {
    const c = this.leavingCorrections.get(key);
    if (!c) {
      this.leaving.checked++;
      this.leavingCorrections.set(key, { event: refOf(e), wh: v });
    } else c.wh += v;
  }

  private judgeLeaving(_id: string, l: { event: EventRef; out: bigint; got: bigint | undefined }): void {
    const { event: e, out, got } = l;
    if (got === undefined && this.parked(e, null)) {
      this.leaving.inTransit++;
      return;
    }
    this.leaving.failed++;
    this.fail(
      e,
      'creditsLeaving',
      kwhOf(out),
      got === undefined ? null : kwhOf(got),
      got === undefined
        ? `${kwhOf(out)} kWh left the UC (${e.type === 'ContractClosed' ? 'R19' : 'R18'}) and are held for no titular, nor parked`
        : `${kwhOf(out)} kWh left the UC, ${kwhOf(got)} kWh are held for its titular`,
    );
  }
}

/** Check 4 over replayed events held in memory (in global order) and the UCs and titulares as of the replay. */
export function checkConservation(
  events: readonly RecordedEvent[],
  ucs: readonly TrailUc[],
  titulares: readonly TrailTitular[],
  inTransit: InTransit,
): { conservation: Conservation; mismatches: Mismatch[] } {
  const corrected = new Set(events.filter((e) => isCorrection(e.type)).map((e) => e.stream));
  const check = new ConservationCheck(inTransit, new Map(ucs.map((u) => [u.ucId, u.distribuidora])), corrected);
  for (const e of events) check.event(e);
  for (const u of ucs) check.uc(u.distribuidora, u.balance.totalKwh, u.receivedPendingKwh);
  for (const t of titulares) check.titular(t.distribuidora, t.heldKwh);
  return check.finish();
}

/** The events after which a UC's cycles may be re-billed (CycleRecompensated): check 4 remembers their cycles. */
export function isCorrection(type: string): boolean {
  return (
    type === 'ReadingCorrected' ||
    type === 'ExcedenteReceiptCorrected' ||
    type === 'AllocationRedecided' ||
    type === 'HeldCreditsReceiptCorrected'
  );
}

/** A signed kWh difference ("-1.250") in Wh. */
function signedWh(kwh: string): bigint {
  return kwh.startsWith('-') ? -wh(kwh.slice(1)) : wh(kwh);
}
