import { randomUUID } from 'node:crypto';
import {
  correctHeldCreditsCommand,
  correctHeldReceiptCommand,
  evolveTitular,
  evolveUc,
  defaultCorrectionStep,
  heldCorrectionStep,
  heldReceiptCorrectionStep,
  initialTitularState,
  initialUcState,
  titularDecider,
  titularStream,
  receiptCorrectionsDue,
  receiptCorrectionStep,
  ucDecider,
  StateConflict,
  UnknownUc,
  withDelivery,
  withHeldDelivery,
  type CorrectionHistoryStep,
  type DistributionCorrectedJson,
  type HeldMoveCorrectedJson,
  type ExcedenteAllocatedData,
  type PermissionariaMap,
  type TitularCommand,
  type TitularEvent,
  type TitularHistoryStep,
  type TitularState,
  type UcCommand,
  type UcEvent,
  type UcState,
} from '@compensa/domain';
import type { EventStore, RecordedEvent, StreamAppend } from '@compensa/event-store';
import type { CommandMeta } from '../commands/command-result';
import type { UcDirectory } from '../directory/uc-directory';
import { loadStream, toDomainEvent, toNewEvent } from '../stream-events';
import { correctionHistoryWithPositions } from './correction-history';
import { leavingEventIdsOf, moveEventIdsOf } from './leaving-event-ids';
import { titularCorrectionHistoryOf } from './titular-correction-history';

/** One UC stream a correction decides on: as read, and as its decisions so far leave it. */
export interface CorrectionStream {
  readonly ucId: string;
  readonly stream: string;
  /** The revision the decisions read (the append's expected revision). */
  readonly revision: number | null;
  readonly loaded: RecordedEvent[];
  /** The stored events as domain events, then the ones decided. */
  readonly domain: UcEvent[];
  state: UcState;
  /** The history as a correction re-decides it, and per step the log position it stands at. */
  readonly steps: CorrectionHistoryStep[];
  readonly positions: number[];
  readonly decided: UcEvent[];
  /** Per decided event, the command id it is appended under: one per decision, as the audit groups them. */
  readonly commandIds: string[];
  /** The command id of the next decision on it. */
  commandId: string;
  /** P6a: its allocations were decided again already. */
  redecided: boolean;
  /** R18, R19: its TitularidadeTransferred / ContractClosed event ids, in order (what the titular holds name). */
  readonly leavingIds: string[];
}

/** A titular stream whose held credits a correction changes (R18, R19). */
interface TitularCorrectionStream {
  readonly stream: string;
  readonly revision: number | null;
  state: TitularState;
  readonly decided: TitularEvent[];
  readonly commandIds: string[];
  readonly loaded: RecordedEvent[];
}

/**
 * The streams a retificação decides on, each read once at the revision its decisions are appended at: the corrected
 * UC, the generators whose priority rateio compared its consumption (P6a), and every beneficiary whose received
 * excedente changes (R5–R7). `parts` gives the one multi-stream append.
 */
export class CorrectionWork {
  private readonly streams = new Map<string, CorrectionStream>();
  private readonly titulares = new Map<string, TitularCorrectionStream>();

  constructor(
    private readonly store: EventStore,
    private readonly directory: UcDirectory,
    private readonly permissionariasOf: (distribuidora: string) => Promise<PermissionariaMap>,
  ) {}

  /** The UC's stream as read (once) and as the decisions so far leave it. */
  async of(ucId: string): Promise<CorrectionStream> {
    const known = this.streams.get(ucId);
    if (known) return known;
    const stream = await this.directory.streamOf(ucId);
    if (!stream) throw new UnknownUc(ucId);
    const loaded = await loadStream(this.store, stream);
    const domain = loaded.events.map((e) => toDomainEvent<UcEvent>(e));
    const state = domain.reduce(evolveUc, initialUcState);
    const { steps, positions } = correctionHistoryWithPositions(
      loaded.events,
      await this.permissionariasOf(state.distribuidora),
    );
    const s: CorrectionStream = {
      ucId,
      stream,
      revision: loaded.revision,
      loaded: loaded.events,
      domain,
      state,
      steps,
      positions,
      decided: [],
      commandIds: [],
      commandId: randomUUID(),
      redecided: false,
      leavingIds: leavingEventIdsOf(loaded.events),
    };
    this.streams.set(ucId, s);
    return s;
  }

  /**
   * Decides a command on the stream as the decisions so far leave it (its events appended under `s.commandId`, then
   * a new one); its history follows what the events say.
   */
  decide(s: CorrectionStream, command: UcCommand): UcEvent[] {
    const events = ucDecider.decide(command, s.state);
    s.state = events.reduce(evolveUc, s.state);
    s.domain.push(...events);
    s.decided.push(...events);
    s.commandIds.push(...events.map(() => s.commandId));
    s.commandId = randomUUID();
    for (const e of events) {
      if (e.type === 'ReadingCorrected') {
        s.steps.push({
          kind: 'correction',
          correctionId: e.data.correctionId,
          cycle: e.data.cycle,
          date: e.data.date,
          postos: e.data.corrected as Record<string, { consumed: string; injected: string }>,
        });
        s.positions.push(Infinity);
      } else if (e.type === 'HeldCreditsReceiptCorrected') {
        s.steps.push(heldReceiptCorrectionStep(e.data));
        s.positions.push(Infinity);
      } else if (e.type === 'AllocationRedecided') {
        s.steps.push({
          kind: 'demand-correction',
          correctionId: e.data.correctionId,
          ucId: e.data.comparedUcId,
          readingDate: e.data.readingDate,
          consumedKwh: e.data.correctedKwh,
          date: e.data.date,
        });
        s.positions.push(Infinity);
      }
    }
    return events;
  }

  /**
   * R5–R7: delivers a generator's changed allocations (its decided events against the allocations in force before
   * them) to each beneficiary, as CorrectReceipt on the beneficiary's own history. A UC that received nothing from
   * the cycle gets the delivery placed where the process manager would have made it (after the generator's reading).
   */
  async deliver(
    generatorId: string,
    before: ReadonlyMap<string, ExcedenteAllocatedData | null>,
    decided: readonly UcEvent[],
    correctionId: string,
    date: string,
  ): Promise<void> {
    const generator = await this.of(generatorId);
    const readingAt = (cycle: string) =>
      generator.loaded.find((e) => e.type === 'ReadingRecorded' && (e.data as { cycle: string }).cycle === cycle)
        ?.position ?? Infinity;
    for (const due of receiptCorrectionsDue(generatorId, before, decided)) {
      const b = await this.of(due.ucId);
      const delivered = b.steps.some(
        (h) =>
          h.kind === 'command' &&
          h.command.type === 'ReceiveExcedente' &&
          h.command.data.sourceUcId === due.sourceUcId &&
          h.command.data.sourceCycle === due.sourceCycle,
      );
      const at = readingAt(due.sourceCycle);
      let deliveredAt: number | null = null;
      if (!delivered) {
        deliveredAt = b.positions.findIndex((p) => p > at);
        if (deliveredAt < 0) deliveredAt = b.steps.length;
      }
      const receipt: Extract<UcCommand, { type: 'CorrectReceipt' }> = {
        type: 'CorrectReceipt',
        data: {
          correctionId,
          sourceUcId: due.sourceUcId,
          sourceCycle: due.sourceCycle,
          sourceEventId: `${correctionId}:${due.sourceCycle}`,
          allocatedOn: due.allocatedOn,
          date,
          parts: due.parts,
          deliveredAt,
        },
        context: { history: [...b.steps], leavingEventIds: b.leavingIds },
      };
      const got = this.decide(b, receipt);
      // The next decision on this UC sees the history these events leave.
      const placed = withDelivery(b.steps, receipt.data);
      if (deliveredAt !== null) b.positions.splice(deliveredAt, 0, at);
      b.steps.splice(0, b.steps.length, ...placed);
      const step = got.find((e) => e.type === 'ExcedenteReceiptCorrected');
      if (step?.type === 'ExcedenteReceiptCorrected') {
        b.steps.push(receiptCorrectionStep(step.data));
        b.positions.push(Infinity);
      }
    }
  }

  /**
   * R18, R19: every hold whose credits a decided correction changed (`leaving`) is corrected on its titular stream
   * (CorrectHeldCredits, from the stream's history), in the order the UCs decided them. R20: every move of those
   * credits to a UC whose lots change (the titular's HeldCreditsCorrected `moves`) is corrected on the receiving UC
   * (CorrectHeldReceipt, from its history), whose own leavings are corrected in turn. A refusal anywhere (R20: a
   * 30-day decision decided otherwise) refuses the whole correction.
   */
  async correctHolds(): Promise<void> {
    const done = new Set<UcEvent>();
    for (let more = true; more;) {
      more = false;
      for (const s of [...this.streams.values()]) {
        for (const e of [...s.decided]) {
          if (done.has(e)) continue;
          done.add(e);
          if (
            e.type !== 'ReadingCorrected' &&
            e.type !== 'ExcedenteReceiptCorrected' &&
            e.type !== 'AllocationRedecided' &&
            e.type !== 'HeldCreditsReceiptCorrected'
          )
            continue;
          // R19: a closure's distribution that changes, corrected on each member's stream.
          for (const d of e.data.distributed ?? []) {
            more = true;
            await this.correctDistribution(s, e.data, d);
          }
          for (const l of e.data.leaving ?? []) {
            more = true;
            const stream = titularStream(s.state.distribuidora, l.titularKey);
            const got = await this.decideOnTitular(stream, (history, moveEventIds) =>
              correctHeldCreditsCommand(e.data, s.ucId, l, { history, moveEventIds }),
            );
            for (const h of got)
              if (h.type === 'HeldCreditsCorrected')
                for (const m of h.data.moves ?? []) await this.correctMove(stream, h.data, m);
          }
        }
      }
    }
  }

  /**
   * R19: one member's delivery of a closure's distribution whose lots a correction of the closing UC changes, corrected
   * on the member (CorrectHeldReceipt, from its history, as a 30-day move's is). A delivery the held-credits process
   * manager has not made yet (in transit) cannot be corrected there yet (409; decided again once it is made).
   */
  private async correctDistribution(
    closing: CorrectionStream,
    correction: { correctionId: string; date: string },
    d: DistributionCorrectedJson,
  ): Promise<void> {
    const b = await this.of(d.ucId);
    if (!receivedHeld(b, d.sourceEventId))
      throw new StateConflict(
        `a distribuição ${d.distributionEventId} ainda não entregou os créditos à UC ${d.ucId}, então eles ainda não ` +
          'podem ser retificados lá',
      );
    this.decide(
      b,
      correctHeldReceiptCommand({ ...correction, fromUcId: closing.ucId }, d, closing.stream, {
        history: [...b.steps],
        leavingEventIds: b.leavingIds,
      }),
    );
  }

  /**
   * R20: the default of a titular stream that compared a corrected consumption, decided again (RedecideDefault); a
   * default that now chooses another UC corrects the receipt of the UC it chose (to nothing) and of the one it
   * chooses now (from nothing), each from its own history.
   */
  async redecideDefault(
    stream: string,
    data: Extract<TitularCommand, { type: 'RedecideDefault' }>['data'],
  ): Promise<void> {
    const got = await this.decideOnTitular(stream, (history, moveEventIds) => ({
      type: 'RedecideDefault',
      data,
      context: { history, moveEventIds },
    }));
    for (const r of got)
      if (r.type === 'ReallocationDefaultRedecided')
        for (const m of r.data.moves ?? []) await this.correctMove(stream, { ...r.data, fromUcId: m.fromUcId }, m);
  }

  /**
   * R20: one delivery of a titular's move whose lots a correction changes, corrected on the receiving UC
   * (CorrectHeldReceipt, from its history). A UC the move gave nothing gets the delivery placed where the held-credits
   * process manager would have made it: before the first step of its history that comes after the move in the log.
   */
  private async correctMove(
    stream: string,
    correction: { correctionId: string; date: string; fromUcId: string },
    m: HeldMoveCorrectedJson,
  ): Promise<void> {
    const b = await this.of(m.ucId);
    const delivered = receivedHeld(b, m.sourceEventId);
    // A delivery of lots the process manager owes and has not made yet (in transit) is not placed: it would come
    // twice. Decided again once it is made (409).
    if (!delivered && m.previous.length > 0)
      throw new StateConflict(
        `a movimentação ${m.moveEventId} ainda não entregou os créditos à UC ${m.ucId}, então eles ainda não podem ` +
          'ser retificados lá',
      );
    let deliveredAt: number | null = null;
    let at = Infinity;
    if (!delivered) {
      const t = await this.titularOf(stream);
      at = t.loaded.find((e) => e.id === m.moveEventId)?.position ?? Infinity;
      deliveredAt = b.positions.findIndex((p) => p > at);
      if (deliveredAt < 0) deliveredAt = b.steps.length;
    }
    const command = correctHeldReceiptCommand(
      correction,
      m,
      stream,
      { history: [...b.steps], leavingEventIds: b.leavingIds },
      deliveredAt,
    );
    const placed = withHeldDelivery(b.steps, command.data);
    this.decide(b, command);
    // The next decision on this UC sees the history these events leave (`decide` added the correction's step).
    if (deliveredAt !== null) {
      b.steps.splice(deliveredAt, 0, placed[deliveredAt]);
      b.positions.splice(deliveredAt, 0, at);
    }
  }

  /**
   * Decides a command on a titular stream as the decisions so far leave it: its history is the stream's, then the
   * corrections decided on it in this work (another hold's, a default re-decided).
   */
  async decideOnTitular(
    stream: string,
    command: (history: TitularHistoryStep[], moveEventIds: string[]) => TitularCommand,
  ): Promise<TitularEvent[]> {
    const t = await this.titularOf(stream);
    const history = [
      ...titularCorrectionHistoryOf(t.loaded),
      ...t.decided.flatMap((d) =>
        d.type === 'HeldCreditsCorrected'
          ? [heldCorrectionStep(d.data)]
          : d.type === 'ReallocationDefaultRedecided'
            ? [defaultCorrectionStep(d.data)]
            : [],
      ),
    ];
    const got = titularDecider.decide(command(history, moveEventIdsOf(t.loaded)), t.state);
    const commandId = randomUUID();
    t.state = got.reduce(evolveTitular, t.state);
    t.decided.push(...got);
    t.commandIds.push(...got.map(() => commandId));
    return got;
  }

  private async titularOf(stream: string): Promise<TitularCorrectionStream> {
    const known = this.titulares.get(stream);
    if (known) return known;
    const loaded = await loadStream(this.store, stream);
    const t: TitularCorrectionStream = {
      stream,
      revision: loaded.revision,
      state: loaded.events.map((e) => toDomainEvent<TitularEvent>(e)).reduce(evolveTitular, initialTitularState),
      decided: [],
      commandIds: [],
      loaded: loaded.events,
    };
    this.titulares.set(stream, t);
    return t;
  }

  /** The append: one part per stream with decided events (the corrected UC's first), each at the revision read. */
  parts(meta: CommandMeta): StreamAppend[] {
    const out: StreamAppend[] = [];
    let first = true;
    for (const s of this.streams.values()) {
      if (s.decided.length === 0) continue;
      out.push({
        stream: s.stream,
        events: s.decided.map((e, i) =>
          toNewEvent(e, {
            commandId: s.commandIds[i],
            correlationId: meta.correlationId,
            ...(first ? { causationId: meta.causationId, id: meta.eventIds?.(i) } : { causationId: meta.commandId }),
          }),
        ),
        expectedRevision: s.revision ?? 'no_stream',
      });
      first = false;
    }
    // The titular streams' held-credits corrections (R18, R19) after the UCs'.
    for (const t of this.titulares.values()) {
      if (t.decided.length === 0) continue;
      out.push({
        stream: t.stream,
        events: t.decided.map((e, i) =>
          toNewEvent(e, {
            commandId: t.commandIds[i],
            correlationId: meta.correlationId,
            causationId: meta.commandId,
          }),
        ),
        expectedRevision: t.revision ?? 'no_stream',
      });
    }
    return out;
  }
}

/** Whether the UC's history holds the delivery of held credits (R19, R20) the process manager named so. */
function receivedHeld(s: CorrectionStream, sourceEventId: string): boolean {
  return s.steps.some(
    (h) =>
      h.kind === 'command' && h.command.type === 'ReceiveHeldCredits' && h.command.data.sourceEventId === sourceEventId,
  );
}
