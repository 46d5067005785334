import {
  distribuidoraDecider,
  decideTitular,
  decideUc,
  evolveTitular,
  evolveUc,
  initialTitularState,
  initialUcState,
  InvalidInput,
  Kwh,
  parseBusinessDate,
  teInForce,
  type CreditLot,
  type CreditLotJson,
  type TariffEvent,
  type TariffState,
  type TitularEvent,
  type TitularState,
  type UcEvent,
  type UcState,
  inCurrentShape,
  currentEventType,
} from '@compensa/domain';
import { parseEventText, type EventStore, type EventText, type RecordedEvent } from '@compensa/event-store';
import { toDomainEvent } from '../stream-events';
import { startLogCheckpointVerification, verifyLogCheckpoints } from '../integrity/verify-log-checkpoints';
import type { LogIntegrity } from '../integrity/log-integrity';
import { LOG_CHECKPOINT_EVENT, LOG_CHECKPOINT_STREAM } from '../integrity/log-checkpoint';
import { CONSERVATION_EVENT_TYPES, ConservationCheck, IN_STREAM_ORDER, isCorrection } from './conservation';
import { AUDIT_NOTES, CHECK_0_NOTE } from './audit-notes';
import { parkedInTransit } from './parked-in-transit';
import { comparedStreamOf, type ComparedStream } from './compare-read-models';
import type { AuditReplay, ReplayedStream } from './audit-replay-state';
import {
  TrailLot,
  type AuditReport,
  type BalanceLot,
  type CheckCount,
  type DecisionStatus,
  type Mismatch,
  type PartialCheck,
  type TrailCycle,
  type TrailEvent,
  type TrailMove,
  type TrailTitular,
  type TrailUc,
} from './audit-report';
import type { AuditOptions, AuditSelection } from './audit-selection';
import { groupByCommand } from './command-groups';
import { correctionHistoryOf } from '../corrections/correction-history';
import { isRecordedInput } from './recorded-inputs';
import { OpeningBalancesTally } from './opening-balances';
import { businessDateOf, type EventBusinessDate } from './event-business-date';
import { diffJson, toPlainJson } from './json-diff';
import { titularCorrectionHistoryOf } from '../corrections/titular-correction-history';
import { leavingEventIdsOf, moveEventIdsOf } from '../corrections/leaving-event-ids';
import { rebuildTariffCommand, rebuildTitularCommand, rebuildUcCommand, type RebuiltCommand } from './rebuild-command';
import { selectStreams, streamKind } from './select-streams';
import {
  checkMoneyInputs,
  NATIONAL_INPUT_STREAMS,
  plantTimelines,
  trailInvoice,
  type PlantTimelines,
} from './money-inputs';
import { BANDEIRA_REPLAYER, isBandeiraStream, SCCE_RATE_REPLAYER } from './replay-national';
import { EventLoopTurns } from './event-loop-turns';
import { startVerifiedStreamReader } from './verified-stream-reader';
import { readStream } from './read-stream';

type DomainEvent = { type: string; data: unknown };

/** Mutable accumulators of one audit run. */
interface Run {
  store: EventStore;
  options: AuditOptions;
  mismatches: Mismatch[];
  partial: PartialCheck[];
  decisions: { passed: number; failed: number; partial: number; recorded: number; notChecked: number };
  inputs: { passed: number; failed: number };
  /** Events replayed so far (within the date or position). */
  replayed: number;
  /** The opening balances (migration) among them, added up as they pass. */
  openings: OpeningBalancesTally;
  /** Where each replayed event and each move goes (kept in memory, or handed on as the replay goes). */
  out: ReplayOutputs;
  /** The dates of the events that caused a HeldCreditsReceived, read from their source streams once each. */
  causeDates: Map<string, string>;
  causeStreamsRead: Set<string>;
  /** The input streams (tariff-<code>, national-*), by name. */
  tariffEvents: Map<string, RecordedEvent[]>;
  /** R27: installed power of the plants, read only when a reading recorded taxes (see money-inputs). */
  plants: PlantTimelines | null;
}

/** Where the replay puts what it finds, stream by stream (streams in kind then name order, events by revision). */
interface ReplayOutputs {
  /** A replayed event (within the date or position) and how its decision fared. */
  event(e: RecordedEvent, decision: DecisionStatus, date: EventBusinessDate): void;
  move(m: TrailMove): void;
  /** A stream fully replayed: its state as of the date or position and the events replayed. */
  stream(replayed: ReplayedStream): Promise<void>;
}

/** What the replay of the selected streams leaves for the report (the trail went to the outputs). */
interface Replayed {
  run: Run;
  streamRows: AuditReport['streams'];
  chains: CheckCount;
  eventsRead: number;
  streams: string[];
}

/**
 * The regulatory audit: replays the selected streams through the pure domain alone (no read model), up to a
 * business date or a global position, and emits the trail; then verifies (a) every stream's hash chain, (b) that
 * every recorded decision equals what the rules compute again from the inputs it recorded, (c) the read models,
 * through `options.compareReadModels`.
 */
export async function auditReplay(
  store: EventStore,
  selection: AuditSelection,
  options: AuditOptions = {},
): Promise<AuditReport> {
  return (await auditReplayWithState(store, selection, options)).report;
}

/** The audit and the states it folded (for a read-model comparison or a caller that renders them), in memory. */
export async function auditReplayWithState(
  store: EventStore,
  selection: AuditSelection,
  options: AuditOptions = {},
): Promise<AuditReplay> {
  const { asOf, position } = boundsOf(options);
  const trail: TrailEvent[] = [];
  const replayedEvents: RecordedEvent[] = [];
  const moves: TrailMove[] = [];
  const ucs = new Map<string, UcState>();
  const titulares = new Map<string, TitularState>();
  const tariffs = new Map<string, TariffState>();
  const trailUcs: TrailUc[] = [];
  const trailTitulares: TrailTitular[] = [];
  const pace: Pace = { turns: new EventLoopTurns(), eventsRead: 0, eventsTotal: null };
  const { run, streamRows, chains, eventsRead, streams } = await replaySelected(store, selection, options, pace, {
    event: (e, decision, date) => {
      trail.push(trailEventOf(e, decision, date));
      replayedEvents.push(e);
    },
    move: (m) => moves.push(m),
    stream: async (r) => {
      if (r.kind === 'uc') {
        ucs.set(r.stream, r.state);
        trailUcs.push(r.trail);
      } else if (r.kind === 'titular') {
        titulares.set(r.stream, r.state);
        trailTitulares.push(r.trail);
      } else if (r.kind === 'tariff') tariffs.set(r.stream, r.state);
    },
  });
  const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;
  const report = reportOf(selection, asOf, position, run, streamRows, chains, eventsRead);
  report.events = trail.sort(byPosition);
  report.ucs = trailUcs.sort((a, b) => (a.stream < b.stream ? -1 : 1));
  report.moves = moves.sort((a, b) => (a.stream === b.stream ? a.revision - b.revision : a.stream < b.stream ? -1 : 1));
  report.titulares = trailTitulares.sort((a, b) => (a.stream < b.stream ? -1 : 1));
  report.inTransit = await parkedInTransit(store, position, 'all' in selection ? null : streams);
  const replay: AuditReplay = {
    asOf,
    position,
    ucs,
    titulares,
    tariffs,
    events: replayedEvents.sort(byPosition),
    report,
  };
  if (options.compareReadModels) {
    const found = await options.compareReadModels(replay);
    report.summary.checks.readModels = { ran: true, passed: found.length === 0 ? 1 : 0, failed: found.length };
    run.mismatches.push(...found);
  }
  if (wholeLog(selection, asOf, position)) {
    // Check 4 follows kWh across streams: only where every stream is read (a cut could split a move from its arrival).
    const check = new ConservationCheck(
      report.inTransit,
      new Map(report.ucs.map((u) => [u.ucId, u.distribuidora])),
      new Set(replay.events.filter((e) => isCorrection(e.type)).map((e) => e.stream)),
    );
    for (const e of replay.events) check.event(e);
    for (const u of report.ucs) check.uc(u.distribuidora, u.balance.totalKwh, u.receivedPendingKwh);
    for (const t of report.titulares) check.titular(t.distribuidora, t.heldKwh);
    recordConservation(report, run, check);
    await checkLogIntegrity(store, report, run, options);
  }
  finishReport(report, run);
  return replay;
}

/** Where `streamAudit` hands the report's long sections, in the order the report lists them. */
export interface AuditReportSink {
  /** Trail events, in global order. */
  event(e: TrailEvent): void;
  /** UCs, by stream name. */
  uc(u: TrailUc): void;
  /** Moves, by stream name then revision, within each stream-name prefix (`titular`, `uc`). */
  move(m: TrailMove): void;
  /** Titular streams, by stream name. */
  titular(t: TrailTitular): void;
}

/**
 * The same audit without holding the log: each stream is read, checked and replayed on its own and forgotten (its
 * UC or titular handed to `sink`, the read models compared through `options.compareStreams`), only a byte per replayed
 * event is kept (its decision); then one pass over the log in global order hands `sink` the trail and feeds check 4,
 * and check 0 reads the log once more. The report returned has empty `events`, `ucs`, `moves` and `titulares`: they
 * went to `sink`. `options.compareReadModels` is not called (it wants the whole replay in memory).
 */
export async function streamAudit(
  store: EventStore,
  selection: AuditSelection,
  options: AuditOptions,
  sink: AuditReportSink,
): Promise<AuditReport> {
  const { asOf, position } = boundsOf(options);
  const whole = wholeLog(selection, asOf, position);
  // Each replayed event's decision and business date, packed in 32 bits by stream and revision (`MARK`): the second
  // pass reads neither from the event, and parses only the events check 0 or check 4 need.
  const marks = new Map<string, Uint32Array>();
  const dates = new DateTexts();
  const ucDistribuidora = new Map<string, string>();
  const selected = new Set<string>();
  // Parked deliveries are few, and check 4 needs them as it goes.
  const inTransitAll = await parkedInTransit(store, position, null);
  // Check 4 remembers the cycles of corrected UCs only; the first pass finds them before the second feeds it.
  const corrected = new Set<string>();
  const conservation = whole ? new ConservationCheck(inTransitAll, ucDistribuidora, corrected) : null;
  const readModels = { found: [] as Mismatch[] };
  // Check 3 a batch of streams at a time: their read-model rows in a few queries (in replay order, as one by one).
  const toCompare: ComparedStream[] = [];
  const compare = async () => {
    if (toCompare.length === 0) return;
    readModels.found.push(...(await options.compareStreams!(toCompare.splice(0))));
  };
  // Both passes read about the whole log when it is all audited (the second one the log-checkpoints too).
  const head = 'all' in selection && options.onProgress ? await store.headPosition() : null;
  const pace: Pace = { turns: new EventLoopTurns(), eventsRead: 0, eventsTotal: head === null ? null : 2 * head };
  const { run, streamRows, chains, eventsRead, streams } = await replaySelected(store, selection, options, pace, {
    event: (e, decision, date) => {
      if (isCorrection(e.type)) corrected.add(e.stream);
      let list = marks.get(e.stream);
      if (!list || list.length <= e.revision) {
        const grown = new Uint32Array(Math.max(16, (e.revision + 1) * 2));
        if (list) grown.set(list);
        list = grown;
        marks.set(e.stream, list);
      }
      list[e.revision] = markOf(decision, date, dates);
    },
    move: (m) => sink.move(m),
    stream: async (r) => {
      selected.add(r.stream);
      if (r.kind === 'uc') {
        sink.uc(r.trail);
        ucDistribuidora.set(r.trail.ucId, r.trail.distribuidora);
        conservation?.uc(r.trail.distribuidora, r.trail.balance.totalKwh, r.trail.receivedPendingKwh);
      } else if (r.kind === 'titular') {
        sink.titular(r.trail);
        conservation?.titular(r.trail.distribuidora, r.trail.heldKwh);
      }
      // Check 4's cycles in their stream's order, now that the stream's corrections are known (pass 2 skips them).
      if (conservation)
        for (const e of r.events) if (IN_STREAM_ORDER.has(e.type)) conservation.event(inCurrentShape(e));
      if (options.compareStreams && (r.kind === 'uc' || r.kind === 'titular')) {
        toCompare.push(comparedStreamOf(r));
        if (toCompare.length >= COMPARE_BATCH) await compare();
      }
    },
  });
  await compare();
  const report = reportOf(selection, asOf, position, run, streamRows, chains, eventsRead);
  report.inTransit = 'all' in selection ? inTransitAll : await parkedInTransit(store, position, streams);
  if (options.compareStreams) {
    const failed = readModels.found.length;
    report.summary.checks.readModels = { ran: true, passed: failed === 0 ? 1 : 0, failed };
    run.mismatches.push(...readModels.found);
  }
  // The trail in global order (and check 4 on the way): the log once more, a byte per event remembered.
  const causeOf = (e: RecordedEvent) => run.causeDates.get(String(e.metadata.causationId ?? ''));
  // The log-order pass gives the event loop a turn every few milliseconds too, and reports its progress there. The
  // loop asks `pace.turns.due()` itself: an async call per event would cost a promise each.
  const turn = async (e: { stream: string }) => {
    options.onProgress?.({
      phase: 'log',
      streamsDone: streams.length,
      streamsTotal: streams.length,
      stream: e.stream,
      eventsRead: pace.eventsRead,
      eventsTotal: pace.eventsTotal,
    });
    await pace.turns.turn();
  };
  // A stored event (parsed, or still its text: `parse` then parses it, only if check 4 needs its data).
  const emit = <E extends EventText | RecordedEvent>(stored: E, parse: (stored: E) => RecordedEvent) => {
    const mark = marks.get(stored.stream)?.[stored.revision] ?? 0;
    const code = mark & MARK.status;
    if (code === 0) return;
    // Under its current name (held credits' events were once stored with the UC stream's names).
    const type = currentEventType(stored.stream, stored.type);
    const source = SOURCE_OF[(mark >>> MARK.sourceShift) & MARK.source];
    let e: RecordedEvent | null = null;
    let date: EventBusinessDate;
    if (source === undefined) {
      e = inCurrentShape(parse(stored));
      date = businessDateOf(e, causeOf);
    } else date = { date: dates.text(mark >>> MARK.dateShift), source };
    sink.event({
      position: stored.position,
      stream: stored.stream,
      revision: stored.revision,
      type,
      businessDate: date.date,
      dateSource: date.source,
      decision: STATUS_OF[code],
    });
    if (conservation && CONSERVATION_EVENT_TYPES.has(type) && !IN_STREAM_ORDER.has(type))
      conservation.event(e ?? inCurrentShape(parse(stored)));
  };
  if (whole) {
    // Check 0 folds the same pass over the whole log. An event whose chain was just verified has its content hash
    // recomputed already, equal to the stored one: the digest takes it instead of hashing the event again.
    const verification = await startLogCheckpointVerification(
      store,
      options.checkpoints ?? { publicKey: null, witnessPath: null },
    );
    const verified = new Map(streamRows.filter((r) => r.chain === 'ok').map((r) => [r.stream, r.events]));
    if (store.readAllText) {
      // The stored text: an event is parsed only if check 0 must hash it or check 4 needs its data.
      for await (const page of store.readAllText())
        for (const t of page) {
          const audited = streamKind(t.stream) !== null;
          if (verification.fold && t.revision >= (verified.get(t.stream) ?? 0)) {
            // Not of a chain just verified: its content is hashed again, so it is parsed.
            const e = parseEventText(t);
            verification.fold(e);
            if (audited) emit(e, asParsed);
          } else {
            verification.fold?.(t, t.hash);
            if (audited) emit(t, parseEventText);
          }
          pace.eventsRead++;
          if (pace.turns.due()) await turn(t);
        }
    } else
      for await (const e of store.readAll()) {
        verification.fold?.(e, e.revision < (verified.get(e.stream) ?? 0) ? e.metadata.hash : undefined);
        if (streamKind(e.stream) !== null) emit(e, asParsed);
        pace.eventsRead++;
        if (pace.turns.due()) await turn(e);
      }
    recordConservation(report, run, conservation!);
    recordLogIntegrity(report, run, verification.finish());
  } else if ('all' in selection) {
    for await (const e of store.readAll({ filter: { streamPrefixes: AUDITED_PREFIXES } })) {
      if (position !== null && e.position > position) break;
      emit(e, asParsed);
      pace.eventsRead++;
      if (pace.turns.due()) await turn(e);
    }
  } else {
    // A UC or titular audit: its few streams, merged by position.
    const events: RecordedEvent[] = [];
    for (const s of selected) for (const e of (await readStream(store, s)) ?? []) events.push(e);
    for (const e of events.sort((a, b) => a.position - b.position)) emit(e, asParsed);
  }
  finishReport(report, run);
  return report;
}

/** UC and titular streams whose read-model rows check 3 reads at once. */
const COMPARE_BATCH = 8;

const STATUS_CODE: Record<DecisionStatus, number> = {
  verified: 1,
  recorded: 2,
  partial: 3,
  mismatch: 4,
  'not-checked': 5,
};
const STATUS_OF: DecisionStatus[] = ['not-checked', 'verified', 'recorded', 'partial', 'mismatch', 'not-checked'];
const SOURCE_CODE: Record<EventBusinessDate['source'], number> = { data: 1, cause: 2, recordedAt: 3 };
const SOURCE_OF: (EventBusinessDate['source'] | undefined)[] = [undefined, 'data', 'cause', 'recordedAt'];

/**
 * A replayed event's mark: its decision (`STATUS_CODE`, 0 for none) in the low 3 bits, the source of its business
 * date (`SOURCE_CODE`, 0 for none kept) in the next 2, the date's number in `DateTexts` above them.
 */
const MARK = { status: 0b111, source: 0b11, sourceShift: 3, dateShift: 5, dates: 2 ** 27 } as const;

function markOf(decision: DecisionStatus, date: EventBusinessDate, dates: DateTexts): number {
  const n = dates.numberOf(date.date);
  // Past 2^27 distinct dates (never in a real log) the date is not kept: the second pass reads it from the event.
  if (n >= MARK.dates) return STATUS_CODE[decision];
  return (STATUS_CODE[decision] | (SOURCE_CODE[date.source] << MARK.sourceShift) | (n << MARK.dateShift)) >>> 0;
}

/** The business dates seen, each numbered once (a log has a few thousand distinct dates, whatever its length). */
class DateTexts {
  private readonly texts: string[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) {
      n = this.texts.push(text) - 1;
      this.numbers.set(text, n);
    }
    return n;
  }

  text(n: number): string {
    return this.texts[n]!;
  }
}

const asParsed = (e: RecordedEvent): RecordedEvent => e;

/** The event loop's turns and the events read, across both passes. */
interface Pace {
  turns: EventLoopTurns;
  eventsRead: number;
  eventsTotal: number | null;
}

/** The streams an audit of the whole log reads. */
const AUDITED_PREFIXES = ['uc-', 'titular-', 'tariff-', ...NATIONAL_INPUT_STREAMS];

function boundsOf(options: AuditOptions): { asOf: string | null; position: number | null } {
  const asOf = options.asOf === undefined ? null : parseBusinessDate(options.asOf, 'asOf');
  const position = options.position === undefined ? null : options.position;
  if (asOf !== null && position !== null)
    throw new InvalidInput('asOf', 'informe uma data ou uma posição, não as duas');
  if (position !== null && (!Number.isSafeInteger(position) || position < 0))
    throw new InvalidInput('position', 'a posição deve ser um número inteiro não negativo');
  return { asOf, position };
}

/** Checks 0 and 4 need every stream of the present log. */
function wholeLog(selection: AuditSelection, asOf: string | null, position: number | null): boolean {
  return 'all' in selection && position === null && asOf === null;
}

function trailEventOf(e: RecordedEvent, decision: DecisionStatus, date: EventBusinessDate): TrailEvent {
  return {
    position: e.position,
    stream: e.stream,
    revision: e.revision,
    type: e.type,
    businessDate: date.date,
    dateSource: date.source,
    decision,
  };
}

/**
 * Pass 1: every selected stream on its own, in kind then name order (tariffs first: readings check the TE they
 * recorded against them; then UCs, then titulares), read, its chain verified, replayed and handed to `out`.
 */
async function replaySelected(
  store: EventStore,
  selection: AuditSelection,
  options: AuditOptions,
  pace: Pace,
  out: ReplayOutputs,
): Promise<Replayed> {
  const { asOf, position } = boundsOf(options);
  const run: Run = {
    store,
    options,
    mismatches: [],
    partial: [],
    decisions: { passed: 0, failed: 0, partial: 0, recorded: 0, notChecked: 0 },
    inputs: { passed: 0, failed: 0 },
    replayed: 0,
    openings: new OpeningBalancesTally(),
    out,
    causeDates: new Map(),
    causeStreamsRead: new Set(),
    tariffEvents: new Map(),
    plants: null,
  };
  const selected =
    'all' in selection
      ? await allStreams(store)
      : (await selectStreams(store, selection, position ?? undefined)).streams;
  const order = { tariff: 0, national: 0, uc: 1, titular: 2 } as const;
  const streams = [...new Set(selected)]
    .filter((s) => streamKind(s) !== null)
    .sort((a, b) => order[streamKind(a)!] - order[streamKind(b)!] || (a < b ? -1 : a > b ? 1 : 0));
  const streamRows: AuditReport['streams'] = [];
  const chains = { passed: 0, failed: 0 };
  let eventsRead = 0;
  let done = 0;
  const causeOf = (e: RecordedEvent) => run.causeDates.get(String(e.metadata.causationId ?? ''));
  // After each stream (its read, replay and check 3): the progress, and a turn of the event loop when one is due.
  const progressed = async (stream: string) => {
    options.onProgress?.({
      phase: 'streams',
      streamsDone: done,
      streamsTotal: streams.length,
      stream,
      eventsRead: pace.eventsRead,
      eventsTotal: pace.eventsTotal,
    });
    if (pace.turns.due()) await pace.turns.turn();
  };

  const reader = startVerifiedStreamReader(store, streams, position, options.readerThreadMinStreams);
  try {
    for (const stream of streams) await replayOne(stream);
  } finally {
    await reader.close();
  }
  return { run, streamRows, chains, eventsRead, streams };

  async function replayOne(stream: string): Promise<void> {
    const kind = streamKind(stream)!;
    const index = done++;
    // Read whole, and as of the position; check (a), the chain of the events read (as of a position, the prefix).
    const { read, events, chain } = await reader.next(index, stream);
    pace.eventsRead += read ?? 0;
    if (events === null) {
      // A tariff stream the selection only looked for may not exist: no tariff published, nothing to check. A
      // stream of the whole log that starts after the position is not in that log yet.
      if (kind !== 'tariff' && kind !== 'national' && !('all' in selection && read !== null)) {
        chains.failed++;
        run.mismatches.push(
          mismatch('hash-chain', stream, 0, null, null, 'a stream with events', null, `stream ${stream} not found`),
        );
        streamRows.push({ stream, kind, events: 0, replayed: 0, chain: 'missing' });
      }
      await progressed(stream);
      return;
    }
    eventsRead += events.length;
    if (kind === 'tariff' || kind === 'national') run.tariffEvents.set(stream, events);
    if (run.plants === null && events.some(recordsTaxes)) run.plants = await plantTimelines(store, position);
    await resolveCauseDates(run, events);
    if (chain.ok) chains.passed++;
    else {
      chains.failed++;
      const at = events.find((e) => e.revision === chain.revision);
      run.mismatches.push(
        mismatch(
          'hash-chain',
          stream,
          chain.revision,
          at?.type ?? null,
          'metadata.hash',
          expectedHashOf(chain.reason),
          at?.metadata.hash ?? null,
          chain.reason,
        ),
      );
    }
    const isWithin = (e: RecordedEvent) =>
      (position === null || e.position <= position) && (asOf === null || businessDateOf(e, causeOf).date <= asOf);
    const replayed: RecordedEvent[] = [];
    const before = run.replayed;
    // This stream's replayed events are kept until it is handed on (check 3 compares them), then dropped.
    run.out = {
      ...out,
      event: (e, d, date) => {
        replayed.push(e);
        run.openings.add(e);
        out.event(e, d, date);
      },
    };
    if (kind === 'uc') {
      const { state, cycles } = replayUc(run, stream, events, isWithin);
      await out.stream({ kind, stream, state, trail: ucTrail(stream, state, cycles), events: replayed });
    } else if (kind === 'titular') {
      // Held credits' events under their current names (older stores named them as the UC stream's).
      const state = replayTitular(run, stream, events.map(inCurrentShape), isWithin);
      await out.stream({ kind, stream, state, trail: titularTrail(stream, state), events: replayed });
    } else if (kind === 'national') {
      // R23, R26: the national inputs of the money, each publication decided again.
      if (isBandeiraStream(stream)) replayStream(run, stream, events, isWithin, BANDEIRA_REPLAYER);
      else replayStream(run, stream, events, isWithin, SCCE_RATE_REPLAYER);
      await out.stream({ kind, stream, events: replayed });
    } else {
      const state = replayTariff(run, stream, events, isWithin);
      await out.stream({ kind, stream, state, events: replayed });
    }
    run.replayed = before + replayed.length;
    streamRows.push({
      stream,
      kind,
      events: events.length,
      replayed: replayed.length,
      chain: chain.ok ? 'ok' : 'broken',
    });
    await progressed(stream);
  }
}

/** Every audited stream of the log, by name (the store lists them without reading their events). */
async function allStreams(store: EventStore): Promise<string[]> {
  const names: string[] = [];
  for await (const s of store.streamNames(AUDITED_PREFIXES)) if (streamKind(s) !== null) names.push(s);
  return names;
}

/** The report around what the replay counted; the long sections are filled by the caller. */
function reportOf(
  selection: AuditSelection,
  asOf: string | null,
  position: number | null,
  run: Run,
  streamRows: AuditReport['streams'],
  chains: CheckCount,
  eventsRead: number,
): AuditReport {
  return {
    format: 'compensa-audit/1',
    selection,
    asOf,
    position,
    summary: {
      streams: streamRows.length,
      eventsRead,
      eventsReplayed: run.replayed,
      checks: {
        checkpoints: { ran: false, passed: 0, failed: 0 },
        hashChain: chains,
        decisions: run.decisions,
        recordedInputs: run.inputs,
        readModels: { ran: false, passed: 0, failed: 0 },
        conservation: { ran: false, passed: 0, failed: 0 },
      },
      mismatches: 0,
      passed: false,
    },
    streams: streamRows.sort((a, b) => (a.stream < b.stream ? -1 : 1)),
    events: [],
    ucs: [],
    moves: [],
    titulares: [],
    mismatches: run.mismatches,
    partialChecks: run.partial,
    inTransit: { kwh: '0.000', events: [] },
    logIntegrity: null,
    conservation: null,
    openingBalances: run.openings.result(),
    notes: [...AUDIT_NOTES],
  };
}

function recordConservation(report: AuditReport, run: Run, check: ConservationCheck): void {
  const { conservation, mismatches: lost } = check.finish();
  report.conservation = conservation;
  const followed = conservation.allocations.checked + conservation.leaving.checked + conservation.moves.checked;
  report.summary.checks.conservation = {
    ran: true,
    passed: followed + conservation.totals.length - lost.length,
    failed: lost.length,
  };
  run.mismatches.push(...lost);
}

/** Check 0: the log against its signed checkpoints. */
async function checkLogIntegrity(
  store: EventStore,
  report: AuditReport,
  run: Run,
  options: AuditOptions,
): Promise<void> {
  recordLogIntegrity(
    report,
    run,
    await verifyLogCheckpoints(store, options.checkpoints ?? { publicKey: null, witnessPath: null }),
  );
}

function recordLogIntegrity(report: AuditReport, run: Run, integrity: LogIntegrity): void {
  report.logIntegrity = integrity;
  report.summary.checks.checkpoints = {
    ran: integrity.ran,
    passed: integrity.verified,
    failed: integrity.findings.length,
  };
  for (const f of integrity.findings) {
    run.mismatches.push(
      mismatch('checkpoint', LOG_CHECKPOINT_STREAM, f.seq, LOG_CHECKPOINT_EVENT, null, f.kind, f.position, f.detail),
    );
  }
  if (!integrity.ran && integrity.reason) report.notes.push(`${CHECK_0_NOTE}${integrity.reason}.`);
}

function finishReport(report: AuditReport, run: Run): void {
  report.mismatches = run.mismatches.sort((a, b) =>
    a.stream === b.stream ? a.revision - b.revision : a.stream < b.stream ? -1 : 1,
  );
  report.summary.mismatches = report.mismatches.length;
  // Signed checkpoints left unverified (no public key) are not a pass.
  const unverified = report.logIntegrity !== null && !report.logIntegrity.ran && report.logIntegrity.checkpoints > 0;
  // Nor is a decision that could not be checked at all.
  report.summary.passed = report.mismatches.length === 0 && !unverified && run.decisions.notChecked === 0;
}

function expectedHashOf(reason: string): string | null {
  return /\(([0-9a-f]{64})\)/.exec(reason)?.[1] ?? null;
}

/**
 * HeldCreditsReceived has no date: it takes its cause's (a CreditsReallocated), read from its source stream once
 * (a titular stream), whatever the selection.
 */
async function resolveCauseDates(run: Run, events: RecordedEvent[]): Promise<void> {
  for (const e of events) {
    if (e.type !== 'HeldCreditsReceived') continue;
    if (run.causeDates.has(String(e.metadata.causationId ?? ''))) continue;
    const from = String((e.data as { fromStream?: string }).fromStream ?? '');
    if (!from || run.causeStreamsRead.has(from)) continue;
    run.causeStreamsRead.add(from);
    for (const s of (await readStream(run.store, from)) ?? []) run.causeDates.set(s.id, businessDateOf(s).date);
  }
}

function mismatch(
  check: Mismatch['check'],
  stream: string,
  revision: number,
  eventType: string | null,
  path: string | null,
  expected: unknown,
  recorded: unknown,
  detail: string,
): Mismatch {
  return {
    check,
    stream,
    revision,
    eventType,
    path,
    expected: toPlainJson(expected),
    recorded: toPlainJson(recorded),
    detail,
  };
}

/** Check (b) for one command: decide again and compare with what was recorded, event by event. */
function compareDecision(
  run: Run,
  stream: string,
  recorded: RecordedEvent[],
  domain: DomainEvent[],
  rebuilt: RebuiltCommand,
  decide: () => DomainEvent[],
  prefixOnly = false,
): DecisionStatus {
  const first = recorded[0];
  if (rebuilt.decider === 'none') {
    run.partial.push({ stream, revision: first.revision, eventType: first.type, missing: rebuilt.missing });
    run.decisions.notChecked++;
    return 'not-checked';
  }
  let decided: DomainEvent[];
  try {
    decided = decide();
  } catch (err) {
    run.mismatches.push(
      mismatch(
        'decision',
        stream,
        first.revision,
        first.type,
        null,
        { refused: (err as Error).message },
        domain.map((e) => e.type),
        `the rules refuse the command rebuilt from the recorded events: ${(err as Error).message}`,
      ),
    );
    run.decisions.failed++;
    return 'mismatch';
  }
  const found: Mismatch[] = [];
  // As of a position that cuts a command's events, only the recorded prefix of its decision can be compared.
  const compared = prefixOnly ? domain.length : Math.max(decided.length, domain.length);
  for (let i = 0; i < compared; i++) {
    const exp = decided[i];
    const rec = domain[i];
    const at = recorded[Math.min(i, recorded.length - 1)];
    if (!rec)
      found.push(
        mismatch(
          'decision',
          stream,
          at.revision,
          exp.type,
          null,
          exp,
          null,
          `the rules also decide ${exp.type}, which is not recorded`,
        ),
      );
    else if (!exp)
      found.push(
        mismatch(
          'decision',
          stream,
          at.revision,
          rec.type,
          null,
          null,
          rec,
          `recorded ${rec.type} is not what the rules decide`,
        ),
      );
    else if (exp.type !== rec.type)
      found.push(
        mismatch(
          'decision',
          stream,
          at.revision,
          rec.type,
          'type',
          exp.type,
          rec.type,
          `the rules decide ${exp.type} where ${rec.type} is recorded`,
        ),
      );
    else {
      const absent = rebuilt.decider === 'titular' ? (rebuilt.absentInRecord ?? []) : [];
      const differences = diffJson(exp.data, rec.data, 10 + absent.length).filter(
        (d) => !(d.recorded === null && absent.some((p) => d.path === p)),
      );
      for (const d of differences.slice(0, 10)) {
        found.push(
          mismatch(
            'decision',
            stream,
            at.revision,
            rec.type,
            `data${d.path.slice(1)}`,
            d.expected,
            d.recorded,
            `${rec.type} differs from what the rules compute at data${d.path.slice(1)}`,
          ),
        );
      }
    }
  }
  run.mismatches.push(...found);
  if (found.length > 0) {
    run.decisions.failed++;
    return 'mismatch';
  }
  if (rebuilt.missing) {
    run.partial.push({
      stream,
      revision: first.revision,
      eventType: domain.find((e) => e.type !== 'CreditsExpired' && e.type !== 'HeldCreditsExpired')?.type ?? first.type,
      missing: rebuilt.missing,
    });
    run.decisions.partial++;
    return 'partial';
  }
  // A command whose events are all recorded inputs: deciding it again only copied them back.
  if (recorded.every((e) => isRecordedInput(e.type))) {
    run.decisions.recorded++;
    return 'recorded';
  }
  run.decisions.passed++;
  return 'verified';
}

function trailEvent(run: Run, e: RecordedEvent, decision: DecisionStatus): void {
  run.out.event(
    e,
    decision,
    businessDateOf(e, (x) => run.causeDates.get(String(x.metadata.causationId ?? ''))),
  );
}

/** Folds recorded events; a tampered event the domain cannot even read is a mismatch, and the stream stops there. */
function foldSafely<S, E>(
  run: Run,
  stream: string,
  state: S,
  events: { recorded: RecordedEvent; domain: E }[],
  evolve: (s: S, e: E) => S,
): { state: S; ok: boolean } {
  let s = state;
  for (const { recorded, domain } of events) {
    try {
      s = evolve(s, domain);
    } catch (err) {
      run.mismatches.push(
        mismatch(
          'decision',
          stream,
          recorded.revision,
          recorded.type,
          null,
          null,
          recorded.data,
          `the domain cannot replay this event: ${(err as Error).message}`,
        ),
      );
      return { state: s, ok: false };
    }
  }
  return { state: s, ok: true };
}

/** How one kind of stream is replayed: its fold, and how a command group is rebuilt and decided again. */
interface StreamReplayer<S, E extends DomainEvent> {
  initial: S;
  evolve: (state: S, event: E) => S;
  /**
   * Rebuilds the group's command from its recorded events and decides it again on the state before the group
   * (`prior`: the stream's events before it, which a correction re-decides; asked for only then).
   */
  redecide: (
    domain: E[],
    before: S,
    prior: () => readonly RecordedEvent[],
  ) => { rebuilt: RebuiltCommand; decide: () => DomainEvent[] };
  /** Extra checks on a group within the date or position (the UC's recorded TE). */
  check?: (group: RecordedEvent[], before: S) => void;
  /** The trail of a group within the date or position, once folded. */
  trail?: (included: RecordedEvent[], group: RecordedEvent[], asOf: S, folded: boolean, status: DecisionStatus) => void;
}

/**
 * Replays one stream command group by command group: each group's decision is re-derived on the state built from
 * every event before it (what the decider saw) and compared with what was recorded; the state as of the date or
 * position is folded from the events within it only.
 */
function replayStream<S, E extends DomainEvent>(
  run: Run,
  stream: string,
  events: RecordedEvent[],
  isWithin: (e: RecordedEvent) => boolean,
  replayer: StreamReplayer<S, E>,
): S {
  let state = replayer.initial;
  let asOf = replayer.initial;
  const groups = groupByCommand(events);
  let seen = 0;
  for (const [index, group] of groups.entries()) {
    const domain = group.events.map((e) => toDomainEvent(e) as E);
    const included = group.events.filter(isWithin);
    // Copied only when a correction asks for it (a copy per command would be quadratic in the stream's length).
    const upTo = seen;
    const prior = () => events.slice(0, upTo);
    seen += group.events.length;
    let status: DecisionStatus = 'not-checked';
    if (included.length > 0) {
      const { rebuilt, decide } = replayer.redecide(domain, state, prior);
      const cutByPosition = run.options.position !== undefined && index === groups.length - 1;
      status = compareDecision(run, stream, group.events, domain, rebuilt, decide, cutByPosition);
      replayer.check?.(group.events, state);
    }
    const pairs = group.events.map((recorded, i) => ({ recorded, domain: domain[i] }));
    const before = state;
    const full = foldSafely(run, stream, state, pairs, replayer.evolve);
    state = full.state;
    let mine: { state: S; ok: boolean };
    if (asOf === before && included.length === pairs.length) {
      // The same events folded on the same state (evolve is pure): the same result, and the same mismatch if any.
      mine = full;
      if (!full.ok) run.mismatches.push({ ...run.mismatches[run.mismatches.length - 1]! });
    } else
      mine = foldSafely(
        run,
        stream,
        asOf,
        pairs.filter((p) => isWithin(p.recorded)),
        replayer.evolve,
      );
    if (mine.ok) asOf = mine.state;
    // Within a verified command, its input events (the reading beside its compensation) are `recorded`.
    for (const e of included)
      trailEvent(run, e, status === 'verified' && isRecordedInput(e.type) ? 'recorded' : status);
    replayer.trail?.(included, group.events, asOf, mine.ok, status);
    if (!full.ok) break;
  }
  return asOf;
}

function replayUc(
  run: Run,
  stream: string,
  events: RecordedEvent[],
  isWithin: (e: RecordedEvent) => boolean,
): { state: UcState; cycles: TrailCycle[] } {
  const cycles: TrailCycle[] = [];
  const state = replayStream<UcState, UcEvent>(run, stream, events, isWithin, {
    initial: initialUcState,
    evolve: evolveUc,
    redecide: (domain, before, prior) => {
      const permissionarias = run.options.permissionarias ?? {};
      // A correction re-decides the history before it, as the command side gathered it.
      const rebuilt = rebuildUcCommand(
        domain,
        before,
        permissionarias,
        () => correctionHistoryOf(prior(), permissionarias),
        () => leavingEventIdsOf(prior()),
      );
      return { rebuilt, decide: () => (rebuilt.decider === 'uc' ? decideUc(rebuilt.command, before) : []) };
    },
    check: (group, before) => {
      checkTariffInput(run, stream, group, before.distribuidora);
      checkMoneyInput(run, stream, group, before);
    },
    trail: (included, group, asOf, folded, status) => {
      const compensated = included.find((e) => e.type === 'CycleCompensated');
      if (compensated && folded) cycles.push(cycleTrail(compensated, group.filter(isWithin), asOf, status));
      // Retificação: a re-billed cycle's trail is its compensation in force.
      for (const r of folded ? included.filter((e) => e.type === 'CycleRecompensated') : []) {
        const d = r.data as {
          correctionId: string;
          date: string;
          cycle: string;
          compensation: unknown;
          allocation: unknown;
          expiredKwh: string;
        };
        const allocation = d.allocation ? [{ ...r, type: 'ExcedenteAllocated', data: d.allocation }] : [];
        const trail = {
          ...cycleTrail({ ...r, type: 'CycleCompensated', data: d.compensation }, allocation, asOf, status, {
            correctionId: d.correctionId,
            date: d.date,
          }),
          expiredKwh: d.expiredKwh,
        };
        const i = cycles.findIndex((c) => c.cycle === d.cycle);
        if (i >= 0) cycles[i] = trail;
        else cycles.push(trail);
      }
      const moved = included.find((e) => e.type === 'CreditsReallocated');
      if (moved) run.out.move(moveTrail(moved, status));
    },
  });
  return { state, cycles };
}

/** Recorded input: the TE a reading used is the one the tariff stream had in force on the reading date (R2). */
function checkTariffInput(run: Run, stream: string, group: RecordedEvent[], distribuidora: string): void {
  const c = group.find((e) => e.type === 'CycleCompensated');
  if (!c || !distribuidora) return;
  const tariffStreamName = `tariff-${distribuidora}`;
  const known = run.tariffEvents.get(tariffStreamName) ?? [];
  const state = known
    .filter((t) => t.position < c.position)
    .map((t) => toDomainEvent<TariffEvent>(t))
    .reduce(distribuidoraDecider.evolve, distribuidoraDecider.initialState);
  const table = teInForce(state, (c.data as { readingDate: string }).readingDate);
  const expected = table ? { ...table.te } : null;
  const recorded = (c.data as { te: unknown }).te ?? null;
  const diffs = diffJson(expected, recorded, 1);
  if (diffs.length === 0) run.inputs.passed++;
  else {
    run.inputs.failed++;
    run.mismatches.push(
      mismatch(
        'recorded-input',
        stream,
        c.revision,
        c.type,
        'data.te',
        expected,
        recorded,
        `the TE recorded is not the TE ${tariffStreamName} had in force on the reading date`,
      ),
    );
  }
}

/** A reading that recorded its taxes (R27) needs the plants' power for `plantsOver1Mw`. */
function recordsTaxes(e: RecordedEvent): boolean {
  return e.type === 'CycleCompensated' && (e.data as { billing?: { taxesSet?: boolean } }).billing?.taxesSet === true;
}

/** Check 2 for money (see money-inputs): the first R$ field that differs is named. */
function checkMoneyInput(run: Run, stream: string, group: RecordedEvent[], before: UcState): void {
  const found = checkMoneyInputs({ inputEvents: run.tariffEvents, plants: run.plants }, group, before);
  if (found === null) return;
  if (found.differences.length === 0) {
    run.inputs.passed++;
    return;
  }
  run.inputs.failed++;
  const [first, ...others] = found.differences;
  run.mismatches.push(
    mismatch(
      'recorded-input',
      stream,
      found.event.revision,
      found.event.type,
      first.path,
      first.expected,
      first.recorded,
      `the money recorded at ${first.path} is not what tariff-${before.distribuidora} and the national streams had in force for the reading${others.length ? ` (and ${others.length} more field(s): ${others.map((o) => o.path).join(', ')})` : ''}`,
    ),
  );
}

function replayTitular(
  run: Run,
  stream: string,
  events: RecordedEvent[],
  isWithin: (e: RecordedEvent) => boolean,
): TitularState {
  return replayStream<TitularState, TitularEvent>(run, stream, events, isWithin, {
    initial: initialTitularState,
    evolve: evolveTitular,
    redecide: (domain, before, prior) => {
      // A correction re-decides the history before it, as the command side gathered it.
      const rebuilt = rebuildTitularCommand(
        domain,
        before,
        () => titularCorrectionHistoryOf(prior()),
        () => moveEventIdsOf(prior()),
      );
      return { rebuilt, decide: () => (rebuilt.decider === 'titular' ? decideTitular(rebuilt.command, before) : []) };
    },
    trail: (included, _group, _asOf, _folded, status) => {
      for (const e of included) {
        if (e.type === 'HeldCreditsReallocated' || e.type === 'HeldCreditsKept') run.out.move(moveTrail(e, status));
        else if (e.type === 'HeldCreditsCorrected') run.out.move(heldCorrectionTrail(e, status));
        else if (e.type === 'ReallocationDefaultRedecided')
          for (const m of defaultRedecidedTrail(e, status)) run.out.move(m);
      }
    },
  });
}

function replayTariff(
  run: Run,
  stream: string,
  events: RecordedEvent[],
  isWithin: (e: RecordedEvent) => boolean,
): TariffState {
  return replayStream<TariffState, TariffEvent>(run, stream, events, isWithin, {
    initial: distribuidoraDecider.initialState,
    evolve: distribuidoraDecider.evolve,
    redecide: (domain, before) => {
      const rebuilt = rebuildTariffCommand(domain);
      return {
        rebuilt,
        decide: () => (rebuilt.decider === 'tariff' ? distribuidoraDecider.decide(rebuilt.command, before) : []),
      };
    },
  });
}

function compareLotsForReport(a: BalanceLot, b: BalanceLot): number {
  for (const k of ['vintage', 'posto', 'gdClass', 'sourceUcId'] as const)
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

function balanceOf(credits: readonly CreditLot[]): { totalKwh: string; lots: BalanceLot[] } {
  // Trail objects are built with their keys in sorted order: the report's printer then only checks the order.
  const totalKwh = Kwh.sum(credits.map((c) => c.kwh)).toString();
  return {
    lots: credits
      .map((c) => new TrailLot(c.expiresOn, c.gdClass, c.kwh.toString(), c.posto, c.sourceUcId, c.vintage))
      .sort(compareLotsForReport),
    totalKwh,
  };
}

function cycleTrail(
  c: RecordedEvent,
  group: RecordedEvent[],
  after: UcState,
  decision: DecisionStatus,
  rebilled: TrailCycle['rebilled'] = null,
): TrailCycle {
  const d = toDomainEvent<Extract<UcEvent, { type: 'CycleCompensated' }>>(c).data;
  const allocations = group
    .filter((e) => e.type === 'ExcedenteAllocated')
    .map((e) => e.data as Extract<UcEvent, { type: 'ExcedenteAllocated' }>['data']);
  const expired = group
    .filter((e) => e.type === 'CreditsExpired')
    .map((e) => Kwh.parse((e.data as { totalKwh: string }).totalKwh));
  return {
    allocations: allocations.flatMap((a) =>
      a.allocations.map((x) => ({ gdClass: x.gdClass, kwh: x.kwh, posto: x.posto, ucId: x.ucId })),
    ),
    balanceAfter: balanceOf(after.credits),
    billed: d.billed as Record<string, string>,
    compensated: d.compensated as Record<string, string>,
    compensatedKwh: d.compensatedKwh,
    consumed: d.consumed as Record<string, string>,
    cycle: d.cycle,
    decision,
    excedenteKwh: d.excedenteKwh,
    expiredKwh: Kwh.sum(expired).toString(),
    injected: d.injected as Record<string, string>,
    invoice: trailInvoice(d),
    lines: d.lines.map((l) => ({ ...l })),
    minimumApplied: d.minimumApplied,
    readingDate: d.readingDate,
    rebilled,
    retained: allocations.flatMap((a) => a.retained.map((x) => ({ gdClass: x.gdClass, kwh: x.kwh, posto: x.posto }))),
    revision: c.revision,
    rules: [...d.rules],
    stream: c.stream,
  };
}

function moveTrail(e: RecordedEvent, decision: DecisionStatus): TrailMove {
  const d = e.data as {
    rule?: string;
    reason?: string;
    date: string;
    fromUcId?: string;
    ucId?: string;
    inputs: unknown;
    outcome?: { ucId: string; lots: BalanceLot[] }[];
  };
  return {
    stream: e.stream,
    revision: e.revision,
    type: e.type as TrailMove['type'],
    rule: d.rule ?? 'R20',
    reason: d.reason ?? (e.type === 'HeldCreditsKept' ? 'kept' : 'closure-distribution'),
    date: d.date,
    fromUcId: d.fromUcId ?? d.ucId ?? '',
    inputs: toPlainJson(d.inputs),
    outcome: (d.outcome ?? []).map((o) => ({
      ucId: o.ucId,
      kwh: kwhOfLots(o.lots),
      lots: o.lots.map(outcomeLot),
    })),
    decision,
  };
}

/** A lot of a move's outcome, as the trail prints it. */
function outcomeLot(l: CreditLotJson | BalanceLot): BalanceLot {
  return {
    vintage: l.vintage,
    posto: l.posto,
    gdClass: l.gdClass,
    sourceUcId: l.sourceUcId,
    kwh: l.kwh,
    expiresOn: l.expiresOn,
  };
}

const kwhOfLots = (lots: readonly { kwh: string }[]): string => Kwh.sum(lots.map((l) => Kwh.parse(l.kwh))).toString();

/**
 * A retificação of held credits (R18–R20) among the 30-day moves, so a reader of the titular's trail sees a move it undid or
 * changed beside the move: the correction, the kWh held before and after, the window it closed, what each corrected
 * move gave before; the outcome is what each gives now.
 */
function heldCorrectionTrail(e: RecordedEvent, decision: DecisionStatus): TrailMove {
  const d = toDomainEvent<Extract<TitularEvent, { type: 'HeldCreditsCorrected' }>>(e).data;
  const moves = d.moves ?? [];
  return {
    stream: e.stream,
    revision: e.revision,
    type: 'HeldCreditsCorrected',
    rule: d.rule,
    reason: 'correction',
    date: d.date,
    fromUcId: d.fromUcId,
    inputs: {
      correctionId: d.correctionId,
      heldBeforeKwh: kwhOfLots(d.previous),
      heldAfterKwh: kwhOfLots(d.corrected),
      ...(d.windowClosed ? { windowClosed: { date: d.windowClosed.date, deadline: d.windowClosed.deadline } } : {}),
      ...(moves.length > 0
        ? { movedBefore: moves.map((m) => ({ ucId: m.ucId, reason: m.reason, kwh: kwhOfLots(m.previous) })) }
        : {}),
    },
    outcome: moves.map((m) => ({ ucId: m.ucId, kwh: kwhOfLots(m.corrected), lots: m.corrected.map(outcomeLot) })),
    decision,
  };
}

/**
 * A retificação that changed a consumption 30-day defaults compared (R20): a row per default, with the consumption
 * before and after and the UCs it chose before; the outcome is what each delivery it changed now gives.
 */
function defaultRedecidedTrail(e: RecordedEvent, decision: DecisionStatus): TrailMove[] {
  const d = toDomainEvent<Extract<TitularEvent, { type: 'ReallocationDefaultRedecided' }>>(e).data;
  return d.decisions.map((x) => ({
    stream: e.stream,
    revision: e.revision,
    type: 'ReallocationDefaultRedecided',
    rule: 'R20',
    reason: 'correction',
    date: d.date,
    fromUcId: x.fromUcId,
    inputs: {
      correctionId: d.correctionId,
      defaultedOn: x.date,
      comparedUc: { ucId: d.comparedUcId, readingDate: d.readingDate },
      consumptionBeforeKwh: d.previousKwh,
      consumptionAfterKwh: d.correctedKwh,
      chosenBefore: (x.previousToUcIds ?? x.toUcIds).map((ucId) => ({ ucId })),
    },
    outcome: (d.moves ?? [])
      .filter((m) => m.fromUcId === x.fromUcId && m.date === x.date)
      .map((m) => ({ ucId: m.ucId, kwh: kwhOfLots(m.corrected), lots: m.corrected.map(outcomeLot) })),
    decision,
  }));
}

function ucTrail(stream: string, s: UcState, cycles: TrailCycle[]): TrailUc {
  return {
    balance: balanceOf(s.credits),
    cycles,
    distribuidora: s.distribuidora,
    group: s.group,
    postos: [...s.postos],
    receivedPendingKwh: Kwh.sum(s.received.map((r) => r.kwh)).toString(),
    status: s.status,
    stream,
    titular: s.titular ? { document: s.titular.document, key: s.titular.key, name: s.titular.name } : null,
    ucId: s.ucId,
  };
}

function titularTrail(stream: string, s: TitularState): TrailTitular {
  const held = s.held
    .map((h) => ({ fromUcId: h.fromUcId, ...balanceOf([h.lot]).lots[0] }))
    .sort((a, b) => (a.fromUcId === b.fromUcId ? compareLotsForReport(a, b) : a.fromUcId < b.fromUcId ? -1 : 1));
  return {
    stream,
    distribuidora: s.distribuidora,
    key: s.key,
    held,
    heldKwh: Kwh.sum(s.held.map((h) => h.lot.kwh)).toString(),
    windows: s.windows.map((w) => ({
      fromUcId: w.fromUcId,
      rule: w.rule,
      date: w.date,
      deadline: w.deadline,
      status: w.status,
    })),
  };
}
