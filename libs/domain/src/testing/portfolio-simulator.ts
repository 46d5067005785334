/**
 * An in-memory driver over the pure deciders: a whole portfolio of UCs (and the distribuidoras' TE tables) with no
 * I/O. It plays the command handler (fills `context.facts` and `context.tariff` from the other streams' states) and
 * the excedente process manager (delivers every ExcedenteAllocated to its beneficiaries as ReceiveExcedente).
 * Used by the property tests, the engine benchmark and, later, the platform's tests. Pure TypeScript, deterministic.
 */
import { withCohort } from '../values/scce-cohort';
import { rateioUcIds } from '../allocation/rateio';
import type { UcFacts } from '../eligibility/uc-facts';
import { decideTariff, evolveTariff, initialTariffState, teInForce, type TariffState } from '../tariff/tariff-decider';
import type { TeTable } from '../tariff/te-table';
import { Kwh } from '../values/kwh';
import { decideUc } from '../uc/decide-uc';
import { evolveUc } from '../uc/evolve-uc';
import { allocationsInForce, receiptCorrectionsDue } from '../uc/receipt-corrections';
import {
  demandCorrectionStep,
  heldReceiptCorrectionStep,
  receiptCorrectionStep,
  withDelivery,
  withHeldDelivery,
} from '../uc/correct-reading';
import type { CorrectionHistoryStep, DecisionContext, P12Mode, ReadingReadBy, UcCommand } from '../uc/uc-commands';
import type { EnergyPartJson, ReadingPostosJson, UcEvent } from '../uc/uc-events';
import { initialUcState, type UcState } from '../uc/uc-state';
import type { P10Mode } from '../compensation/grupo-b-limit';
import type { CyclePricing } from '../money/cycle-pricing';
import type { BillingFacts } from '../money/billing-facts';
import {
  decideTitular,
  dueDefaults,
  evolveTitular,
  initialTitularState,
  type HeldMoveCorrectedJson,
  type TitularCommand,
  type TitularEvent,
  type TitularState,
} from '../titular/titular-decider';
import {
  correctHeldCreditsCommand,
  correctHeldReceiptCommand,
  heldCorrectionStep,
} from '../titular/correct-held-credits';
import { defaultCorrectionStep } from '../titular/redecide-default';
import type { TitularHistoryStep } from '../titular/titular-history';
import { titularStream } from '../values/titular-key';
import { addDays, type BusinessDate } from '../values/business-date';

/** A command as an operator sends it: the simulator adds the `context` the handler would gather. */
export type SimCommand = UcCommand extends infer C ? (C extends { context: unknown } ? Omit<C, 'context'> : C) : never;

/** One appended event, with its stream (UC id) and its position in the whole simulation. */
export interface SimRecord {
  readonly seq: number;
  /** Which decision appended it: events of one command share this number. */
  readonly command: number;
  readonly ucId: string;
  readonly event: UcEvent;
}

export interface PortfolioSimulatorOptions {
  /** P12 per distribuidora (default `open-cycle`). */
  p12?: Readonly<Record<string, P12Mode>>;
  /**
   * When the process manager delivers an allocation: `immediate` (right after the generator's reading) or
   * `on-next-command` (queued, delivered just before the beneficiary's next command: the same outcome under P12,
   * since usability is decided by business dates).
   */
  delivery?: 'immediate' | 'on-next-command';
  /** Keep every event in `log` and per stream (default true). The benchmark turns it off to measure the engine. */
  keepEvents?: boolean;
  /** Permissionárias map for R13 (L art. 15). */
  permissionarias?: Readonly<Record<string, string>>;
  /** P10 per distribuidora (default `greater-of`: the simulator prices nothing unless `pricing` is given). */
  p10?: Readonly<Record<string, P10Mode>>;
  /** R10: the cycle's T and f of a UC at a reading, as the handler would gather them (default: none). */
  pricing?: (ucId: string, readingDate: string) => CyclePricing | null;
  /**
   * R22–R28: the money of a reading as the handler gathers it (`billingOfReading`): its T and f for the R10 cap and
   * the billing facts it records. When given, it takes the place of `pricing`.
   */
  money?: (
    ucId: string,
    state: UcState,
    readingDate: string,
  ) => { pricing: CyclePricing | null; billing: BillingFacts } | null;
}

/** A titular stream (R18–R20): its state, events (with the ids the UCs' deliveries name) and history. */
interface SimTitular {
  state: TitularState;
  /** `command`: the command number the UCs' deliveries of a move come at (R20: where a delivery is placed). */
  readonly events: { id: string; event: TitularEvent; command: number }[];
  readonly history: TitularHistoryStep[];
}

/** A delivery the process manager still owes a beneficiary. */
interface PendingDelivery {
  readonly command: Extract<UcCommand, { type: 'ReceiveExcedente' }>;
}

export class PortfolioSimulator {
  private readonly states = new Map<string, UcState>();
  private readonly streams = new Map<string, UcEvent[]>();
  private readonly tariffs = new Map<string, TariffState>();
  /** Every reading's date and total consumption per UC, in order (P6a reads the latest on or before a date). */
  private readonly readings = new Map<string, { readingDate: string; kwh: string }[]>();
  private readonly pending = new Map<string, PendingDelivery[]>();
  /** Per beneficiary, the source events already delivered to it. */
  private readonly delivered = new Map<string, Set<string>>();
  /** Per UC, the commands that appended to its stream (with their context) and its corrections, in order. */
  private readonly histories = new Map<string, CorrectionHistoryStep[]>();
  /** Per UC, the command number of each step of its history (where a delivery would have been placed). */
  private readonly historyCommands = new Map<string, number[]>();
  /** Titular streams by name (R18–R20), and per UC the ids of its TitularidadeTransferred / ContractClosed events. */
  private readonly titulares = new Map<string, SimTitular>();
  private readonly leavingIds = new Map<string, string[]>();
  private readonly options: Required<Omit<PortfolioSimulatorOptions, 'permissionarias' | 'pricing' | 'money'>> & {
    permissionarias?: Readonly<Record<string, string>>;
    pricing?: PortfolioSimulatorOptions['pricing'];
    money?: PortfolioSimulatorOptions['money'];
  };
  /** Every event appended, in order (when `keepEvents`). */
  readonly log: SimRecord[] = [];
  private seq = 0;
  private commands = 0;

  constructor(options: PortfolioSimulatorOptions = {}) {
    this.options = {
      p12: options.p12 ?? {},
      delivery: options.delivery ?? 'immediate',
      keepEvents: options.keepEvents ?? true,
      permissionarias: options.permissionarias,
      p10: options.p10 ?? {},
      pricing: options.pricing,
      money: options.money,
    };
  }

  /** The UC's state (the initial state for an unknown UC). */
  state(ucId: string): UcState {
    return this.states.get(ucId) ?? initialUcState;
  }

  /** Every UC the simulator has a stream for, in registration order. */
  ucIds(): string[] {
    return [...this.states.keys()];
  }

  /** The UC's stream (empty when `keepEvents` is off). */
  events(ucId: string): readonly UcEvent[] {
    return this.streams.get(ucId) ?? [];
  }

  /** Deliveries still owed (only with `delivery: 'on-next-command'`). */
  pendingDeliveries(ucId?: string): Extract<UcCommand, { type: 'ReceiveExcedente' }>[] {
    const lists = ucId === undefined ? [...this.pending.values()] : [this.pending.get(ucId) ?? []];
    return lists.flat().map((p) => p.command);
  }

  /** A titular stream's state (R18–R20; the initial state when nothing was held for it). */
  /** A UC's history as a correction re-decides it (the commands that appended, its corrections). */
  history(ucId: string): CorrectionHistoryStep[] {
    return [...(this.histories.get(ucId) ?? [])];
  }

  titularState(distribuidora: string, key: string): TitularState {
    return this.titulares.get(titularStream(distribuidora, key))?.state ?? initialTitularState;
  }

  /** A titular stream's events. */
  titularEvents(distribuidora: string, key: string): readonly TitularEvent[] {
    return (this.titulares.get(titularStream(distribuidora, key))?.events ?? []).map((x) => x.event);
  }

  /** Every titular stream's name. */
  titularStreams(): string[] {
    return [...this.titulares.keys()];
  }

  /** R20: the titular indicates where the credits held from `sourceUcId` go (the handler gathers the UCs' facts). */
  indicate(
    distribuidora: string,
    key: string,
    data: { document: string; sourceUcId: string; date: string; shares: { ucId: string; percent: string }[] },
  ): TitularEvent[] {
    const facts: Record<string, UcFacts> = {};
    for (const sh of data.shares) {
      const f = this.factsOf(sh.ucId, data.date);
      if (f) facts[sh.ucId] = f;
    }
    return this.onTitular(titularStream(distribuidora, key), {
      type: 'IndicateReallocation',
      data,
      context: { facts },
    });
  }

  /**
   * The deadline scheduler up to `date`: every R20 default due (on the first day after its deadline, with the facts of
   * the titular key's UCs in the distribuidora as of that day), then the held credits' expiry sweep (R9).
   */
  runDue(date: string): void {
    for (const [stream, t] of this.titulares) {
      for (const w of dueDefaults(t.state, date as BusinessDate)) {
        const day = addDays(w.deadline, 1);
        const candidates: UcFacts[] = [];
        for (const id of this.states.keys()) {
          const f = this.factsOf(id, day);
          if (f && f.titularKey === t.state.key && f.distribuidora === t.state.distribuidora) candidates.push(f);
        }
        this.onTitular(stream, {
          type: 'ApplyReallocationDefault',
          data: { fromUcId: w.fromUcId, date: day },
          context: { candidates },
        });
      }
    }
  }

  /** Runs a titular command, appends, and delivers its moves to the UCs (the held-credits process manager). */
  private onTitular(stream: string, command: TitularCommand): TitularEvent[] {
    const t = this.titularOf(stream);
    const events = decideTitular(command, t.state);
    this.appendTitular(stream, events, command);
    return events;
  }

  private titularOf(stream: string): SimTitular {
    let t = this.titulares.get(stream);
    if (!t) this.titulares.set(stream, (t = { state: initialTitularState, events: [], history: [] }));
    return t;
  }

  private appendTitular(stream: string, events: readonly TitularEvent[], command: TitularCommand): void {
    if (events.length === 0) return;
    const t = this.titularOf(stream);
    t.history.push(titularStep(command, events));
    for (const e of events) {
      const id = `${stream}:${t.events.length}`;
      t.state = evolveTitular(t.state, e);
      t.events.push({ id, event: e, command: this.commands });
      if (e.type === 'HeldCreditsReallocated') {
        for (const o of e.data.outcome) {
          if (o.lots.length === 0) continue;
          this.execute(o.ucId, {
            type: 'ReceiveHeldCredits',
            data: { sourceEventId: `${id}:${o.ucId}`, fromStream: stream, rule: 'R20', lots: o.lots },
          });
        }
      }
    }
  }

  /** PublishTariff through the tariff decider. */
  publishTariff(distribuidora: string, validFrom: string, te: Record<string, string>): void {
    const s = this.tariffs.get(distribuidora) ?? initialTariffState;
    const events = decideTariff({ type: 'PublishTariff', data: { distribuidora, validFrom, te } }, s);
    this.tariffs.set(distribuidora, events.reduce(evolveTariff, s));
  }

  /** The TE in force for a distribuidora on a date (R2), or null. */
  tariffOn(distribuidora: string, date: string): TeTable | null {
    const s = this.tariffs.get(distribuidora);
    return s ? teInForce(s, date) : null;
  }

  /** P6a / R20: the UC's facts as a handler would read them for a decision dated `date`. */
  factsOf(ucId: string, date: string): UcFacts | undefined {
    const s = this.states.get(ucId);
    if (!s || s.status === 'unregistered') return undefined;
    return {
      ucId: s.ucId,
      distribuidora: s.distribuidora,
      titularKey: s.titular!.key,
      status: s.status,
      billedAsGroupB: s.billedAsGroupB,
      registeredAt: s.registeredAt!,
      latestConsumption: this.latestConsumption(ucId, date),
    };
  }

  /** "Demand (P6a)": the latest reading dated on or before `date`. */
  latestConsumption(ucId: string, date: string): { readingDate: string; kwh: string } | null {
    const list = this.readings.get(ucId);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].readingDate <= date) return list[i];
    return null;
  }

  /**
   * Runs one command on a UC's stream: decide on its state with the gathered context, append (evolve) the
   * events, then deliver any ExcedenteAllocated. A refusal throws and appends nothing. Returns the UC's events.
   */
  execute(ucId: string, command: SimCommand): UcEvent[] {
    this.flushDeliveries(ucId);
    const state = this.state(ucId);
    const full = this.prepare(ucId, command, state);
    const events = decideUc(full, state);
    this.append(ucId, events, full, state);
    for (const e of events) if (e.type === 'ExcedenteAllocated') this.deliver(e);
    return events;
  }

  /**
   * CorrectReading as the handler runs it: the UC's history (the commands that appended to its stream, with the
   * context they were decided with, and its earlier corrections) and the decisions of other streams that compared
   * the reading (`readBy`, none unless given: R20 refuses). A generator whose priority rateio compared the corrected
   * consumption (P6a) is decided again (RedecideAllocation); every changed allocation is delivered to each
   * beneficiary as CorrectReceipt. All decided together: a refusal anywhere throws and appends nothing on any
   * stream. Returns the events by UC (the corrected UC first).
   */
  correctAll(
    ucId: string,
    data: Extract<UcCommand, { type: 'CorrectReading' }>['data'],
    readBy: readonly ReadingReadBy[] = [],
  ): Map<string, UcEvent[]> {
    if (!this.options.keepEvents) throw new Error('correct() needs a simulator that keeps its events (keepEvents)');
    for (const id of this.states.keys()) this.flushDeliveries(id);
    /** Per stream touched: its state, history (with command numbers) and events as the decisions leave them. */
    const work = new Map<
      string,
      { state: UcState; history: CorrectionHistoryStep[]; numbers: number[]; events: UcEvent[] }
    >();
    const decided: { ucId: string; events: UcEvent[]; command: UcCommand }[] = [];
    const workOf = (id: string) => {
      let w = work.get(id);
      if (!w) {
        w = {
          state: this.state(id),
          history: [...(this.histories.get(id) ?? [])],
          numbers: [...(this.historyCommands.get(id) ?? [])],
          events: [...this.events(id)],
        };
        work.set(id, w);
      }
      return w;
    };
    const decide = (id: string, command: UcCommand, step: (events: UcEvent[]) => CorrectionHistoryStep | null) => {
      const w = workOf(id);
      const got = decideUc(command, w.state);
      w.state = got.reduce(evolveUc, w.state);
      const done = step(got);
      if (done) {
        w.history.push(done);
        w.numbers.push(-1);
      }
      w.events.push(...got);
      decided.push({ ucId: id, events: got, command });
      return got;
    };
    const deliver = (generatorId: string, allocationsBefore: ReturnType<typeof allocationsInForce>, got: UcEvent[]) => {
      for (const due of receiptCorrectionsDue(generatorId, allocationsBefore, got)) {
        const w = workOf(due.ucId);
        const has = w.history.some(
          (x) =>
            x.kind === 'command' &&
            x.command.type === 'ReceiveExcedente' &&
            x.command.data.sourceUcId === due.sourceUcId &&
            x.command.data.sourceCycle === due.sourceCycle,
        );
        // A UC that received nothing: the delivery the process manager would have made right after the reading.
        let deliveredAt: number | null = null;
        const at = has ? 0 : this.readingCommand(due.sourceUcId, due.sourceCycle);
        if (!has) {
          deliveredAt = w.numbers.findIndex((n) => n > at);
          if (deliveredAt < 0) deliveredAt = w.history.length;
        }
        const receipt: Extract<UcCommand, { type: 'CorrectReceipt' }> = {
          type: 'CorrectReceipt',
          data: {
            correctionId: data.correctionId,
            sourceUcId: due.sourceUcId,
            sourceCycle: due.sourceCycle,
            sourceEventId: `${due.sourceUcId}:${due.sourceCycle}`,
            allocatedOn: due.allocatedOn,
            date: data.date,
            parts: due.parts,
            deliveredAt,
          },
          context: { history: [...w.history], leavingEventIds: this.leavingIds.get(due.ucId) ?? [] },
        };
        const placed = withDelivery(w.history, receipt.data);
        decide(due.ucId, receipt, (got2) => {
          // The history the next decision sees (as the platform rebuilds it from the events).
          w.history.splice(0, w.history.length, ...placed);
          if (deliveredAt !== null) w.numbers.splice(deliveredAt, 0, at);
          const step = got2.find((e) => e.type === 'ExcedenteReceiptCorrected');
          return step?.type === 'ExcedenteReceiptCorrected' ? receiptCorrectionStep(step.data) : null;
        });
      }
    };

    /** Per titular stream touched (R18–R20): its state and history as the decisions leave them. */
    const titularWork = new Map<string, { state: TitularState; history: TitularHistoryStep[] }>();
    const heldDecided: { stream: string; events: TitularEvent[]; command: TitularCommand }[] = [];
    const decideOnTitular = (
      stream: string,
      command: (history: TitularHistoryStep[], moveEventIds: string[]) => TitularCommand,
    ): TitularEvent[] => {
      let t = titularWork.get(stream);
      if (!t) {
        const known = this.titularOf(stream);
        titularWork.set(stream, (t = { state: known.state, history: [...known.history] }));
      }
      // R20: the moves as the held-credits process manager named them (their event ids), in order.
      const moveEventIds = this.titularOf(stream)
        .events.filter((x) => x.event.type === 'HeldCreditsReallocated')
        .map((x) => x.id);
      const full = command([...t.history], moveEventIds);
      const got = decideTitular(full, t.state);
      t.state = got.reduce(evolveTitular, t.state);
      if (got.length > 0) t.history.push(titularStep(full, got));
      heldDecided.push({ stream, events: got, command: full });
      return got;
    };
    /**
     * R20: a move's changed delivery corrected on the receiving UC; one the move gave nothing gets the delivery placed
     * where the held-credits process manager would have made it (right after the move).
     */
    const correctMove = (
      stream: string,
      correction: { correctionId: string; date: string; fromUcId: string },
      m: HeldMoveCorrectedJson,
    ) => {
      const w = workOf(m.ucId);
      const has = w.history.some(
        (x) =>
          x.kind === 'command' &&
          x.command.type === 'ReceiveHeldCredits' &&
          x.command.data.sourceEventId === m.sourceEventId,
      );
      let deliveredAt: number | null = null;
      const at = this.titularOf(stream).events.find((x) => x.id === m.moveEventId)?.command ?? 0;
      if (!has) {
        deliveredAt = w.numbers.findIndex((n) => n >= at || n < 0);
        if (deliveredAt < 0) deliveredAt = w.history.length;
      }
      const command = correctHeldReceiptCommand(
        correction,
        m,
        stream,
        { history: [...w.history], leavingEventIds: this.leavingIds.get(m.ucId) ?? [] },
        deliveredAt,
      );
      const placed = withHeldDelivery(w.history, command.data);
      decide(m.ucId, command, (got2) => {
        // The history the next decision sees (as the platform rebuilds it from the events).
        w.history.splice(0, w.history.length, ...placed);
        if (deliveredAt !== null) w.numbers.splice(deliveredAt, 0, at);
        const r = got2.find((x) => x.type === 'HeldCreditsReceiptCorrected');
        return r?.type === 'HeldCreditsReceiptCorrected' ? heldReceiptCorrectionStep(r.data) : null;
      });
    };
    const thirtyDay = this.thirtyDayReadBy(ucId, data.cycle);
    const own = workOf(ucId);
    const ownBefore = allocationsInForce(own.events);
    const events = decide(
      ucId,
      {
        type: 'CorrectReading',
        data,
        context: {
          history: [...own.history],
          readBy: [...readBy, ...thirtyDay],
          leavingEventIds: this.leavingIds.get(ucId) ?? [],
        },
      },
      (got) => {
        const c = got.find((e) => e.type === 'ReadingCorrected');
        if (c?.type !== 'ReadingCorrected') return null;
        const d = c.data;
        return {
          kind: 'correction',
          correctionId: d.correctionId,
          cycle: d.cycle,
          date: d.date,
          postos: d.corrected as Record<string, { consumed: string; injected: string }>,
        };
      },
    );
    deliver(ucId, ownBefore, events);
    // P6a: the generators whose readings compared the corrected consumption decide their allocations again.
    const corrected = events.find((e) => e.type === 'ReadingCorrected');
    if (corrected?.type === 'ReadingCorrected') {
      const total = (postos: ReadingPostosJson) =>
        Kwh.sum(Object.values(postos).map((p) => Kwh.parse(p!.consumed))).toString();
      const d = corrected.data;
      if (total(d.previous) !== total(d.corrected)) {
        for (const generatorId of this.comparedBy(ucId, d.readingDate)) {
          const g = workOf(generatorId);
          const before = allocationsInForce(g.events);
          const got = decide(
            generatorId,
            {
              type: 'RedecideAllocation',
              data: {
                correctionId: data.correctionId,
                date: data.date,
                comparedUcId: ucId,
                readingDate: d.readingDate,
                consumedKwh: total(d.corrected),
              },
              context: { history: [...g.history], leavingEventIds: this.leavingIds.get(generatorId) ?? [] },
            },
            (got2) => {
              const r = got2.find((e) => e.type === 'AllocationRedecided');
              return r?.type === 'AllocationRedecided' ? demandCorrectionStep(r.data) : null;
            },
          );
          deliver(generatorId, before, got);
        }
        // R20: the titular streams whose 30-day defaults compared it decide them again; a default that now chooses
        // another UC corrects both UCs' receipts.
        for (const stream of new Set(thirtyDay.map((r) => r.stream))) {
          const got = decideOnTitular(stream, (history, moveEventIds) => ({
            type: 'RedecideDefault',
            data: {
              correctionId: data.correctionId,
              date: data.date,
              comparedUcId: ucId,
              readingDate: d.readingDate,
              consumedKwh: total(d.corrected),
            },
            context: { history, moveEventIds },
          }));
          for (const r of got)
            if (r.type === 'ReallocationDefaultRedecided')
              for (const m of r.data.moves ?? []) correctMove(stream, { ...r.data, fromUcId: m.fromUcId }, m);
        }
      }
    }
    // R18, R19: the holds whose credits the corrections changed, corrected on their titular streams; R20: the moves
    // of those credits to UCs whose lots change, corrected on the receiving UCs (whose own leavings follow in turn:
    // `decided` grows while it is walked).
    for (let i = 0; i < decided.length; i++) {
      const d = decided[i];
      for (const e of d.events) {
        if (
          e.type !== 'ReadingCorrected' &&
          e.type !== 'ExcedenteReceiptCorrected' &&
          e.type !== 'AllocationRedecided' &&
          e.type !== 'HeldCreditsReceiptCorrected'
        )
          continue;
        // R19: a closure's distribution that changes, corrected on each member (which received it: the simulator
        // delivers at once).
        for (const m of e.data.distributed ?? []) {
          const w = workOf(m.ucId);
          const command = correctHeldReceiptCommand(
            { correctionId: e.data.correctionId, date: e.data.date, fromUcId: d.ucId },
            m,
            d.ucId,
            { history: [...w.history], leavingEventIds: this.leavingIds.get(m.ucId) ?? [] },
          );
          decide(m.ucId, command, (got2) => {
            const r = got2.find((x) => x.type === 'HeldCreditsReceiptCorrected');
            return r?.type === 'HeldCreditsReceiptCorrected' ? heldReceiptCorrectionStep(r.data) : null;
          });
        }
        for (const l of e.data.leaving ?? []) {
          const stream = titularStream(this.state(d.ucId).distribuidora, l.titularKey);
          const got = decideOnTitular(stream, (history, moveEventIds) =>
            correctHeldCreditsCommand(e.data, d.ucId, l, { history, moveEventIds }),
          );
          for (const h of got)
            if (h.type === 'HeldCreditsCorrected') for (const m of h.data.moves ?? []) correctMove(stream, h.data, m);
        }
      }
    }
    // Every decision taken: append them all (the platform's one multi-stream append).
    for (const [id, w] of work) {
      // The histories as decided, without the correction steps `append` adds back.
      const keep = w.numbers.map((n, i) => (n >= 0 ? i : -1)).filter((i) => i >= 0);
      this.histories.set(
        id,
        keep.map((i) => w.history[i]),
      );
      this.historyCommands.set(
        id,
        keep.map((i) => w.numbers[i]),
      );
    }
    const out = new Map<string, UcEvent[]>();
    for (const d of decided) {
      this.append(d.ucId, d.events, d.command);
      if (d.events.length > 0 || d.ucId === ucId) out.set(d.ucId, [...(out.get(d.ucId) ?? []), ...d.events]);
    }
    for (const h of heldDecided) this.appendTitular(h.stream, h.events, h.command);
    return out;
  }

  /**
   * R20: the 30-day defaults of the titular streams that compared the UC's reading of `cycle` (as the handler finds
   * them: their recorded facts name the UC and that reading's date).
   */
  private thirtyDayReadBy(ucId: string, cycle: string): ReadingReadBy[] {
    const reading = this.events(ucId).find((e) => e.type === 'ReadingRecorded' && e.data.cycle === cycle);
    if (reading?.type !== 'ReadingRecorded') return [];
    const found: ReadingReadBy[] = [];
    for (const [stream, t] of this.titulares) {
      for (const { id, event: e } of t.events) {
        if (e.type !== 'HeldCreditsReallocated' && e.type !== 'HeldCreditsKept') continue;
        const inputs = e.data.inputs as { facts?: unknown; candidates?: unknown };
        const facts = [inputs.facts, inputs.candidates].flatMap((x) => (Array.isArray(x) ? (x as UcFacts[]) : []));
        if (facts.some((f) => f?.ucId === ucId && f.latestConsumption?.readingDate === reading.data.readingDate))
          found.push({ stream, eventId: id, rule: 'R20' });
      }
    }
    return found;
  }

  /** P6a: the UCs whose recorded readings compared a UC's reading of `readingDate` (their facts name it). */
  private comparedBy(ucId: string, readingDate: string): string[] {
    const found: string[] = [];
    for (const [id, history] of this.histories) {
      if (id === ucId) continue;
      const reads = history.some(
        (h) =>
          h.kind === 'command' &&
          h.command.type === 'RecordReading' &&
          h.command.context.facts?.[ucId]?.latestConsumption?.readingDate === readingDate,
      );
      if (reads) found.push(id);
    }
    return found;
  }

  /** `correctAll`, answering the corrected UC's events. */
  correct(
    ucId: string,
    data: Extract<UcCommand, { type: 'CorrectReading' }>['data'],
    readBy: readonly ReadingReadBy[] = [],
  ): UcEvent[] {
    return this.correctAll(ucId, data, readBy).get(ucId) ?? [];
  }

  /** The command number of a UC's reading of a cycle (its history's step). */
  private readingCommand(ucId: string, cycle: string): number {
    const h = this.histories.get(ucId) ?? [];
    const i = h.findIndex(
      (x) => x.kind === 'command' && x.command.type === 'RecordReading' && x.command.data.cycle === cycle,
    );
    if (i < 0) throw new Error(`no reading of ${ucId} for ${cycle}`);
    return this.historyCommands.get(ucId)![i];
  }

  /** "Time": the daily sweep (R9) for every UC and titular stream at `date`. Returns the UCs' events by UC. */
  sweep(date: string): Map<string, UcEvent[]> {
    const out = new Map<string, UcEvent[]>();
    for (const stream of this.titulares.keys()) this.onTitular(stream, { type: 'ExpireHeldCredits', data: { date } });
    for (const ucId of this.states.keys()) {
      this.flushDeliveries(ucId);
      const command: UcCommand = { type: 'ExpireCredits', data: { date } };
      const events = decideUc(command, this.state(ucId));
      if (events.length) {
        this.append(ucId, events, command);
        out.set(ucId, events);
      }
    }
    return out;
  }

  /** Delivers every delivery still owed (only with `delivery: 'on-next-command'`). */
  flushAll(): void {
    for (const ucId of [...this.pending.keys()]) this.flushDeliveries(ucId);
  }

  /** The command as the handler would pass it to `decide`: with `context` gathered from the other streams now. */
  prepare(ucId: string, command: SimCommand, s: UcState = this.state(ucId)): UcCommand {
    switch (command.type) {
      case 'ChangeRateio': {
        const named =
          command.data.mode === 'percentage'
            ? command.data.shares.map((x) => x.ucId)
            : [...command.data.order, ...(command.data.leftoverUcId ? [command.data.leftoverUcId] : [])];
        return { ...command, context: this.context(named, command.data.requestedAt) };
      }
      case 'RecordReading': {
        // The rateio that applies to this cycle's excedente is the one in force before the reading (R7).
        const named = s.rateio ? rateioUcIds(s.rateio) : [];
        const date = command.data.readingDate;
        const money = this.options.money?.(ucId, s, date) ?? null;
        return {
          ...command,
          context: {
            ...this.context(named, date),
            tariff: this.tariffOn(s.distribuidora, date),
            p12: this.options.p12[s.distribuidora] ?? 'open-cycle',
            p10: this.options.p10[s.distribuidora] ?? 'greater-of',
            pricing: money ? money.pricing : (this.options.pricing?.(ucId, date) ?? null),
            ...(money ? { billing: money.billing } : {}),
          },
        };
      }
      case 'CloseContract': {
        const named = s.closureRequests.flatMap((r) => r.shares.map((x) => x.ucId));
        return { ...command, context: this.context(named, command.data.date) };
      }
      case 'RequestClosureDistribution':
        return {
          ...command,
          context: this.context(
            command.data.shares.map((x) => x.ucId),
            command.data.requestedAt,
          ),
        };
      default:
        return command as UcCommand;
    }
  }

  private context(ucIds: readonly string[], date: string): DecisionContext {
    const facts: Record<string, UcFacts> = {};
    for (const id of ucIds) {
      const f = typeof id === 'string' ? this.factsOf(id, date) : undefined;
      if (f) facts[id] = f;
    }
    return this.options.permissionarias ? { facts, permissionarias: this.options.permissionarias } : { facts };
  }

  /** Appends a decision's events to the UC's stream; `decidedOn`: the UC's state the events were decided on. */
  private append(
    ucId: string,
    events: readonly UcEvent[],
    command: UcCommand,
    decidedOn: UcState = this.state(ucId),
  ): void {
    if (events.length === 0) return;
    // The history a correction re-decides is kept with the events (benchmarks keep neither).
    if (this.options.keepEvents) this.remember(ucId, command, events);
    let s = decidedOn;
    for (const e of events) {
      s = evolveUc(s, e);
      if (e.type === 'ReadingRecorded') {
        // P6a: total consumption of the reading, kept by date for later decisions.
        let total = 0n;
        for (const p of Object.values(e.data.postos)) total += Kwh.parse(p!.consumed).wh;
        let list = this.readings.get(ucId);
        if (!list) this.readings.set(ucId, (list = []));
        list.push({ readingDate: e.data.readingDate, kwh: Kwh.textOfWh(total) });
      }
      if (e.type === 'ReadingCorrected') {
        // P6a: later decisions read the corrected consumption.
        let total = 0n;
        for (const p of Object.values(e.data.corrected)) total += Kwh.parse(p!.consumed).wh;
        const list = this.readings.get(ucId) ?? [];
        const i = list.findIndex((r) => r.readingDate === e.data.readingDate);
        if (i >= 0) list[i] = { readingDate: e.data.readingDate, kwh: Kwh.ofWh(total).toString() };
      }
    }
    this.states.set(ucId, s);
    if (this.options.keepEvents) {
      let stream = this.streams.get(ucId);
      if (!stream) this.streams.set(ucId, (stream = []));
      const command = this.commands++;
      for (const e of events) {
        stream.push(e);
        this.log.push({ seq: this.seq++, command, ucId, event: e });
      }
    }
    // After the UC's own events: the moves they cause are later commands.
    this.moveLeaving(ucId, events);
  }

  /**
   * The held-credits process manager (R18, R19): credits that leave a UC are held for its titular (the hold names the
   * leaving event's id); a closure's distribution is delivered to each member.
   */
  private moveLeaving(ucId: string, events: readonly UcEvent[]): void {
    for (const e of events) {
      if (e.type === 'TitularidadeTransferred' || e.type === 'ContractClosed') {
        let ids = this.leavingIds.get(ucId);
        if (!ids) this.leavingIds.set(ucId, (ids = []));
        const id = `${ucId}:leaving:${ids.length}`;
        ids.push(id);
        if (e.data.creditsLeaving.length === 0) continue;
        const titular = e.type === 'TitularidadeTransferred' ? e.data.previousTitular : e.data.titular;
        const distribuidora = this.state(ucId).distribuidora;
        this.onTitular(titularStream(distribuidora, titular.key), {
          type: 'HoldCredits',
          data: {
            distribuidora,
            titular,
            fromUcId: ucId,
            rule: e.type === 'TitularidadeTransferred' ? 'R18' : 'R19',
            date: e.data.date,
            deadline: e.data.deadline,
            sourceEventId: id,
            lots: e.data.creditsLeaving,
          },
        });
      } else if (e.type === 'CreditsReallocated') {
        // R19: the distribution's id, which its deliveries name (`<id>:<member>`), in order with the leavings'.
        let ids = this.leavingIds.get(ucId);
        if (!ids) this.leavingIds.set(ucId, (ids = []));
        ids.push(`${ucId}:closure`);
        for (const o of e.data.outcome) {
          if (o.lots.length === 0) continue;
          this.execute(o.ucId, {
            type: 'ReceiveHeldCredits',
            data: { sourceEventId: `${ucId}:closure:${o.ucId}`, fromStream: ucId, rule: 'R19', lots: o.lots },
          });
        }
      }
    }
  }

  /** The process manager: each beneficiary gets its parts of one allocation as one ReceiveExcedente. */
  private deliver(e: Extract<UcEvent, { type: 'ExcedenteAllocated' }>): void {
    const d = e.data;
    const byUc = new Map<string, EnergyPartJson[]>();
    for (const a of d.allocations) {
      let parts = byUc.get(a.ucId);
      if (!parts) byUc.set(a.ucId, (parts = []));
      parts.push(withCohort({ posto: a.posto, gdClass: a.gdClass, kwh: a.kwh }, a.cohort));
    }
    for (const [ucId, parts] of byUc) {
      const command: Extract<UcCommand, { type: 'ReceiveExcedente' }> = {
        type: 'ReceiveExcedente',
        // Deterministic: one allocation per generator and cycle, so a redelivery carries the same id.
        data: {
          sourceUcId: d.ucId,
          sourceEventId: `${d.ucId}:${d.cycle}`,
          sourceCycle: d.cycle,
          allocatedOn: d.readingDate,
          parts,
        },
      };
      if (this.options.delivery === 'immediate') this.receive(ucId, command);
      else {
        let q = this.pending.get(ucId);
        if (!q) this.pending.set(ucId, (q = []));
        q.push({ command });
      }
    }
  }

  private flushDeliveries(ucId: string): void {
    const q = this.pending.get(ucId);
    if (!q || q.length === 0) return;
    this.pending.delete(ucId);
    for (const { command } of q) this.receive(ucId, command);
  }

  private receive(ucId: string, command: Extract<UcCommand, { type: 'ReceiveExcedente' }>): void {
    // Idempotent like the real process manager: a delivery already received is not received twice.
    let done = this.delivered.get(ucId);
    if (done === undefined) this.delivered.set(ucId, (done = new Set()));
    if (done.has(command.data.sourceEventId)) return;
    done.add(command.data.sourceEventId);
    const state = this.state(ucId);
    this.append(ucId, decideUc(command, state), command, state);
  }

  /** The step of the UC's history a command that appended is (a correction: the values it put in force). */
  private remember(ucId: string, command: UcCommand, events: readonly UcEvent[]): void {
    let history = this.histories.get(ucId);
    if (!history) this.histories.set(ucId, (history = []));
    let numbers = this.historyCommands.get(ucId);
    if (!numbers) this.historyCommands.set(ucId, (numbers = []));
    const push = (step: CorrectionHistoryStep) => {
      history.push(step);
      numbers.push(this.commands);
    };
    if (command.type === 'CorrectReceipt') {
      const corrected = events.find((e) => e.type === 'ExcedenteReceiptCorrected');
      if (corrected?.type === 'ExcedenteReceiptCorrected') push(receiptCorrectionStep(corrected.data));
      return;
    }
    if (command.type === 'CorrectHeldReceipt') {
      const corrected = events.find((e) => e.type === 'HeldCreditsReceiptCorrected');
      if (corrected?.type === 'HeldCreditsReceiptCorrected') push(heldReceiptCorrectionStep(corrected.data));
      return;
    }
    if (command.type === 'RedecideAllocation') {
      const redecided = events.find((e) => e.type === 'AllocationRedecided');
      if (redecided?.type === 'AllocationRedecided') push(demandCorrectionStep(redecided.data));
      return;
    }
    if (command.type !== 'CorrectReading') {
      push({ kind: 'command', command });
      return;
    }
    const corrected = events.find((e) => e.type === 'ReadingCorrected');
    if (corrected?.type === 'ReadingCorrected') {
      const d = corrected.data;
      push({
        kind: 'correction',
        correctionId: d.correctionId,
        cycle: d.cycle,
        date: d.date,
        postos: d.corrected as Record<string, { consumed: string; injected: string }>,
      });
    }
  }
}

/** The step of a titular stream's history a decision is: a command, or the values a correction put in force. */
function titularStep(command: TitularCommand, events: readonly TitularEvent[]): TitularHistoryStep {
  for (const e of events) {
    if (e.type === 'HeldCreditsCorrected') return heldCorrectionStep(e.data);
    if (e.type === 'ReallocationDefaultRedecided') return defaultCorrectionStep(e.data);
  }
  return { kind: 'command', command };
}
