import { BoundedMemo } from '@compensa/domain/shared/bounded-memo';
import {
  energySourcesOf,
  installedWatts,
  ONE_MW_WATTS,
  BANDEIRA_STREAM,
  bandeiraDecider,
  billingOfReading,
  distribuidoraDecider,
  policyInForce,
  SCCE_RATE_STREAM,
  scceRateDecider,
  type BandeiraEvent,
  type BandeiraState,
  type BillingFacts,
  type CyclePricing,
  type DistribuidoraPolicy,
  type ScceRateEvent,
  type ScceRateState,
  InvalidInput,
  StateConflict,
  parseBusinessDate,
  parseTitularDocument,
  parseUcId,
  rateioUcIds,
  teInForce,
  titularKeyOf,
  titularDecider,
  titularStream,
  ucDecider,
  ucStream,
  UnknownUc,
  type CreditLotJson,
  type Decider,
  type EnergyPartJson,
  type TariffEvent,
  type TariffState,
  type TitularCommand,
  type TitularEvent,
  type TitularState,
  type ReadingReadBy,
  type UcCommand,
  type UcEvent,
  type ExcedenteAllocatedData,
  inCurrentShape,
  type UcFacts,
  type UcState,
  allocationsInForce,
  evolveUc,
  initialUcState,
  Kwh,
  type ReadingPostosJson,
} from '@compensa/domain';
import {
  MultiStreamAppendUnsupported,
  StreamNotFound,
  WrongExpectedRevision,
  type EventStore,
  type RecordedEvent,
  type StreamAppend,
} from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { UcDirectory } from '../directory/uc-directory';
import { loadStream, nationalStream, tariffStream, toDomainEvent } from '../stream-events';
import { CorrectionWork } from '../corrections/correction-work';
import { correctionIdOf } from '../corrections/correction-id';
import type { CommandMeta, CommandResult } from './command-result';
import { decideAndAppend, type StreamFold } from './decide-and-append';
import { loadFoldedMany } from './load-folded-many';
import type { SnapshotStore } from './snapshot-store';
import { StreamStateCache } from './stream-state-cache';
import { FreshRead } from './fresh-read';
import { importUcOpening, type UcOpeningBodies, type UcOpeningOutcome } from './import-uc-opening';
import {
  recordReadingsBatch,
  type ReadingData,
  type ReadingItem,
  type ReadingSources,
  type Settled,
} from './record-readings-batch';
import {
  isCommandName,
  VERBS,
  type CommandBodies,
  type CommandName,
  type VerbEntry,
  type VerbRuntime,
} from './verb-catalogue';

const UC_FOLD: StreamFold<UcEvent, UcState> = { initial: ucDecider.initialState, evolve: ucDecider.evolve };
const TITULAR_FOLD: StreamFold<TitularEvent, TitularState> = {
  initial: titularDecider.initialState,
  evolve: titularDecider.evolve,
};
const TARIFF_FOLD: StreamFold<TariffEvent, TariffState> = {
  initial: distribuidoraDecider.initialState,
  evolve: distribuidoraDecider.evolve,
};
const SCCE_FOLD: StreamFold<ScceRateEvent, ScceRateState> = {
  initial: scceRateDecider.initialState,
  evolve: scceRateDecider.evolve,
};
const BANDEIRA_FOLD: StreamFold<BandeiraEvent, BandeiraState> = {
  initial: bandeiraDecider.initialState,
  evolve: bandeiraDecider.evolve,
};
/** Readings' money kept for readings on the same days (a month of a large portfolio shares a few hundred). */
const MONEY_MEMO_SIZE = 10_000;
const identities = new WeakMap<object, number>();
let nextIdentity = 0;
/** A number per object: folded states are replaced, never changed, when their stream moves on. */
function identityOf(value: object): number {
  const known = identities.get(value);
  if (known !== undefined) return known;
  identities.set(value, ++nextIdentity);
  return nextIdentity;
}

/** R27: Convênio ICMS 16/2015 exempts energy from plants up to 1 MW. */

/**
 * Streams of each kind (UC, titular) whose folded state stays in memory between commands, by default
 * (COMPENSA_STATE_CACHE_STREAMS): a UC's state is a few kB, more with years of credits; a miss reads the snapshot.
 */
export const DEFAULT_STATE_CACHE_STREAMS = 50_000;

/**
 * The command side: every verb loads its stream, gathers the outside facts the rules compare (recorded in the
 * events), decides with the pure domain and appends with the revision it decided on.
 */
export class CompensaCommands implements VerbRuntime {
  // Folded states by stream revision: a command on a stream this process wrote last need not read it again.
  private readonly ucStates: StreamStateCache<UcState>;
  private readonly titularStates: StreamStateCache<TitularState>;
  private readonly tariffStates = new StreamStateCache<TariffState>(1_000);
  private readonly nationalStates = new StreamStateCache<unknown>(16);
  /** The revision checks of those streams, shared by the commands waiting for one at the same time. */
  private readonly revisions = new FreshRead<number | null>();
  /** A reading's money by what it depends on (see `moneyOf`); the values are never mutated. */
  private readonly moneyByDays = new BoundedMemo<
    string,
    { pricing: CyclePricing | null; billing: BillingFacts } | null
  >(MONEY_MEMO_SIZE);

  /** `snapshots`: UC and titular streams beyond the cache load from their snapshot and the events after it. */
  constructor(
    private readonly store: EventStore,
    readonly directory: UcDirectory,
    readonly clock: Clock,
    snapshots: SnapshotStore | null = null,
    cachedStreams = DEFAULT_STATE_CACHE_STREAMS,
  ) {
    this.ucStates = new StreamStateCache<UcState>(cachedStreams, snapshots);
    this.titularStates = new StreamStateCache<TitularState>(cachedStreams, snapshots);
  }

  /** Runs a verb by name (the CLI and the HTTP controllers both come through here), as its catalogue entry says. */
  execute<N extends CommandName>(name: N, body: CommandBodies[N], meta: CommandMeta = {}): Promise<CommandResult> {
    if (!body || typeof body !== 'object') throw new InvalidInput('body', 'o corpo deve ser um objeto JSON');
    if (!isCommandName(name)) throw new InvalidInput('command', `comando desconhecido ${JSON.stringify(name)}`);
    return (VERBS[name] as VerbEntry<CommandBodies[N]>).run(this, body, meta);
  }

  /** Runs a UC command (also the process managers' ReceiveExcedente, ReceiveHeldCredits, ExpireCredits). */
  async onUc(
    ucId: string,
    build: (state: UcState) => UcCommand | Promise<UcCommand>,
    meta: CommandMeta = {},
  ): Promise<CommandResult> {
    parseUcId(ucId);
    const stream = await this.directory.streamOf(ucId);
    if (!stream) throw new UnknownUc(ucId);
    return decideAndAppend<UcEvent, UcState>(
      this.store,
      stream,
      UC_FOLD,
      async (state) => ucDecider.decide(await build(state), state),
      toDomainEvent,
      meta,
      (events) => this.applyToDirectory(events),
      this.ucStates,
    );
  }

  /**
   * RecordReading gathers, as of the reading's own dates (R12): the TE (R2), the distribuidora's policy (P10, P12,
   * R13), the rateio's UCs, and the money of the cycle (R22–R28: prices, bandeira, taxes, rounding) it records.
   */
  recordReading(body: CommandBodies['RecordReading'], meta: CommandMeta = {}): Promise<CommandResult> {
    const { ucId, ...data } = body;
    return this.onUc(ucId, (state) => this.readingCommand(state, data, null), meta);
  }

  /**
   * Many readings (a bulk import's chunk) decided with the same rules and appended together: see
   * `recordReadingsBatch`. One answer per item, in order: its result, or what the single path would have thrown.
   */
  recordReadings(items: readonly ReadingItem[]): Promise<Settled<CommandResult>[]> {
    return recordReadingsBatch(
      {
        store: this.store,
        directory: this.directory,
        states: this.ucStates,
        sources: (distribuidoras) => this.readingSources(distribuidoras),
        command: (state, data, sources) => this.readingCommand(state, data, sources),
        one: (body, meta) => this.recordReading(body, meta),
      },
      items,
    );
  }

  /**
   * The RecordReading command on a UC's state. `sources`: the rarely written streams it reads, folded once for a
   * batch (`readingSources`); null reads them now (their revisions are checked, so a new tariff is seen at once).
   */
  async readingCommand(state: UcState, data: ReadingData, sources: ReadingSources | null): Promise<UcCommand> {
    const date = typeof data.readingDate === 'string' ? data.readingDate : '';
    const distribuidora =
      sources?.distribuidoras.get(state.distribuidora) ?? (await this.distribuidoraState(state.distribuidora));
    const tariff = teInForce(distribuidora, date);
    const policy = policyInForce(distribuidora.policies, date);
    const ids = state.rateio ? rateioUcIds(state.rateio) : [];
    const money = await this.moneyOf(state, date, distribuidora, policy, sources ?? (await this.nationalSources()));
    return {
      type: 'RecordReading',
      data,
      context: {
        tariff,
        facts: await this.directory.factsMap(ids, date),
        p12: policy.p12,
        p10: policy.p10,
        pricing: money?.pricing ?? null,
        ...(money ? { billing: money.billing } : {}),
        permissionarias: policy.permissionarias,
      },
    };
  }

  /** The distribuidoras' and national streams a batch of readings reads, each folded once. */
  async readingSources(distribuidoras: Iterable<string>): Promise<ReadingSources> {
    const states = new Map<string, TariffState>();
    for (const d of distribuidoras) states.set(d, await this.distribuidoraState(d));
    return { distribuidoras: states, ...(await this.nationalSources()) };
  }

  private async nationalSources(): Promise<{ rates: ScceRateState; bandeiras: BandeiraState }> {
    const [rates, bandeiras] = await Promise.all([
      this.folded(nationalStream(SCCE_RATE_STREAM), SCCE_FOLD, this.nationalStates as StreamStateCache<ScceRateState>),
      this.folded(
        nationalStream(BANDEIRA_STREAM),
        BANDEIRA_FOLD,
        this.nationalStates as StreamStateCache<BandeiraState>,
      ),
    ]);
    return { rates, bandeiras };
  }

  /**
   * A UC's opening balance and its titular's held credits (a migration file's UC), all or nothing in one
   * transaction: see `importUcOpening`.
   */
  importUcOpening(bodies: UcOpeningBodies, meta: CommandMeta = {}): Promise<UcOpeningOutcome> {
    return importUcOpening(
      {
        store: this.store,
        directory: this.directory,
        ucStates: this.ucStates,
        titularStates: this.titularStates,
        applyToDirectory: (events) => this.applyToDirectory(events),
      },
      bodies,
      meta,
    );
  }

  /**
   * CorrectReading (retificação) gathers the UC's history as the commands that appended it, with the inputs their
   * events recorded, and the decisions of other streams that compared the corrected reading's consumption. A
   * generator whose priority rateio compared that consumption (P6a) decides its allocations again
   * (RedecideAllocation), and so does a titular stream whose 30-day default compared it (RedecideDefault, R20); every
   * changed allocation (R5–R7) is decided on each beneficiary (CorrectReceipt, from its own history); every changed
   * hold of credits that left a UC (R18, R19) on its titular stream (CorrectHeldCredits). Every stream's events are appended in one transaction, each at the revision its decision read: a
   * refusal anywhere, or another writer on any of them, appends nothing (a lost race is decided again).
   */
  async correctReading(body: CommandBodies['CorrectReading'], meta: CommandMeta = {}): Promise<CommandResult> {
    const { ucId, cycle, postos, reason, reference } = body;
    parseUcId(ucId);
    const stream = await this.directory.streamOf(ucId);
    if (!stream) throw new UnknownUc(ucId);
    for (let attempt = 1; ; attempt++) {
      const date = typeof body.date === 'string' ? body.date : this.clock.today();
      const correctionId = correctionIdOf(ucId, cycle, reference, postos);
      const work = new CorrectionWork(this.store, this.directory, (distribuidora) =>
        this.policyOn(distribuidora, date).then((p) => p.permissionarias),
      );
      const own = await work.of(ucId);
      if (meta.expectedRevision !== undefined && meta.expectedRevision !== own.revision)
        throw new WrongExpectedRevision(stream, meta.expectedRevision, own.revision);
      const commandId = meta.commandId ?? randomUUID();
      own.commandId = commandId;
      const ownBefore = allocationsInForce(own.domain);
      const decided = work.decide(own, {
        type: 'CorrectReading',
        data: { correctionId, cycle, date, postos, reason, reference },
        context: {
          history: [...own.steps],
          readBy: await this.readingReadBy(own.state, own.loaded, cycle),
          facts: await this.rateioFactsAt(own.domain, cycle),
          leavingEventIds: own.leavingIds,
        },
      });
      if (decided.length === 0) return { stream, revision: own.revision, events: [] };
      await work.deliver(ucId, ownBefore, decided, correctionId, date);
      // P6a: the generators whose priority rateio compared the corrected consumption decide their split again.
      const corrected = decided.find((e) => e.type === 'ReadingCorrected');
      if (corrected?.type === 'ReadingCorrected') {
        const d = corrected.data;
        const total = (p: ReadingPostosJson) => Kwh.sum(Object.values(p).map((x) => Kwh.parse(x!.consumed)));
        const consumed = total(d.corrected);
        if (total(d.previous).wh !== consumed.wh) {
          for (const r of d.readBy.filter((x) => x.rule === 'R6')) {
            // A UC stream is `uc-<distribuidora>-<ucId>`, and a UC id is digits.
            const generatorId = r.stream.slice(r.stream.lastIndexOf('-') + 1);
            const g = await work.of(generatorId);
            if (g.redecided) continue;
            g.redecided = true;
            const before = allocationsInForce(g.domain);
            const got = work.decide(g, {
              type: 'RedecideAllocation',
              data: {
                correctionId,
                date,
                comparedUcId: ucId,
                readingDate: d.readingDate,
                consumedKwh: consumed.toString(),
              },
              context: { history: [...g.steps], leavingEventIds: g.leavingIds },
            });
            await work.deliver(generatorId, before, got, correctionId, date);
          }
          // R20: the titular streams whose 30-day defaults compared it decide them again (a default that now
          // chooses another UC re-bills the UC it chose and the one it chooses now).
          for (const stream of new Set(d.readBy.filter((x) => x.rule === 'R20').map((x) => x.stream)))
            await work.redecideDefault(stream, {
              correctionId,
              date,
              comparedUcId: ucId,
              readingDate: d.readingDate,
              consumedKwh: consumed.toString(),
            });
        }
      }
      // R18, R19: the credits held for a titular that the corrections changed, corrected on the titular streams.
      await work.correctHolds();
      const parts: StreamAppend[] = work.parts(meta);
      try {
        const results = await this.store.appendMany(parts);
        for (const [i, part] of parts.entries()) {
          this.ucStates.delete(part.stream);
          this.titularStates.delete(part.stream);
          const first = results[i].nextRevision - part.events.length + 1;
          await this.applyToDirectory(
            part.events.map((e, j) => ({
              id: e.id ?? '',
              stream: part.stream,
              revision: first + j,
              position: results[i].position,
              type: e.type,
              data: e.data,
              metadata: { recordedAt: '', schemaVersion: 1, hash: '', prevHash: null },
            })),
          );
        }
        return { stream, revision: results[0].nextRevision, events: decided };
      } catch (err) {
        // A store that cannot write several streams in one transaction wrote nothing: refused as a conflict (409).
        if (err instanceof MultiStreamAppendUnsupported)
          throw new StateConflict(
            `esta retificação refatura ${parts.length - 1} outro(s) stream(s) (R5–R7, P6a, R18–R19), e o armazenamento ` +
              `de eventos não grava em vários streams numa só transação${err.reason ? ` (${err.reason})` : ''}: nada gravado`,
          );
        if (!(err instanceof WrongExpectedRevision) || meta.expectedRevision !== undefined || attempt >= 3) throw err;
      }
    }
  }

  /**
   * R5–R7, R13: the facts of the UCs of the rateio in force for a generator's reading (the one before it), as of the
   * reading's date: what a corrected reading that now allocates excedente compares, when its events recorded none.
   */
  private async rateioFactsAt(events: readonly UcEvent[], cycle: string): Promise<Record<string, UcFacts> | undefined> {
    let before = initialUcState;
    for (const e of events) {
      if (e.type === 'ReadingRecorded' && e.data.cycle === cycle) {
        const ids = before.rateio ? rateioUcIds(before.rateio) : [];
        return ids.length > 0 ? await this.directory.factsMap(ids, e.data.readingDate) : undefined;
      }
      before = evolveUc(before, e);
    }
    return undefined;
  }

  /**
   * The decisions of other streams that compared a reading's total consumption: the P6a demands of the generators
   * that delivered excedente to the UC or share its titular key (R6), and the 30-day defaults of its titulares' held
   * credits (R20). Not searched: an emuc or compartilhada generator of another titular that lists the UC as a member
   * in a priority rateio and gave it nothing.
   */
  private async readingReadBy(state: UcState, events: RecordedEvent[], cycle: string): Promise<ReadingReadBy[]> {
    const reading = events.find((e) => e.type === 'ReadingRecorded' && (e.data as { cycle: string }).cycle === cycle);
    if (!reading) return [];
    const readingDate = (reading.data as { readingDate: string }).readingDate;
    const readsIt = (facts: readonly (UcFacts | null | undefined)[]) =>
      facts.some((f) => f?.ucId === state.ucId && f.latestConsumption?.readingDate === readingDate);
    const found: ReadingReadBy[] = [];
    const keys = new Set([
      state.titular!.key,
      ...events
        .filter((e) => e.type === 'TitularidadeTransferred')
        .map((e) => (e.data as { previousTitular: { key: string } }).previousTitular.key),
    ]);
    // P6a: the generators that delivered to the UC, and those of its titular keys (an autoconsumo remoto priority
    // rateio lists UCs of its own key, R13), which may have read its demand and given it nothing.
    const delivered = new Set(
      events.filter((e) => e.type === 'ExcedenteReceived').map((e) => (e.data as { sourceUcId: string }).sourceUcId),
    );
    const ofKeys = (await Promise.all([...keys].map((key) => this.directory.ucIdsOfTitular(state.distribuidora, key))))
      .flat()
      .filter((id) => !delivered.has(id));
    const streams = await this.directory.streamsOf([...delivered, ...ofKeys].filter((id) => id !== state.ucId));
    // Only a generator allocates (R5–R7). A titular key may hold thousands of UCs (a prefeitura, a chain of shops):
    // their folded states (cache, snapshot and the events after it, two reads for all) tell the generators apart,
    // instead of reading every one of their streams whole, as each correction of such a UC did.
    const keyStreams = ofKeys.flatMap((id) => (streams.has(id) ? [streams.get(id)!] : []));
    const keyStates = await loadFoldedMany(this.store, keyStreams, UC_FOLD, toDomainEvent, this.ucStates);
    const generators = new Map(
      [...streams].filter(([id, stream]) => delivered.has(id) || keyStates.get(stream)?.state.generation),
    );
    for (const generator of [...generators.keys()].sort()) {
      const stream = generators.get(generator)!;
      // Newest first, down to the first allocation decided before the reading: a generator's allocations are dated by
      // its readings, in order, and one dated before the corrected reading compared an earlier one (P6a: the latest
      // reading on or before the decision). A correction of a recent cycle reads a few events, not five years.
      const compared: ReadingReadBy[] = [];
      try {
        for await (const recorded of this.store.readStream(stream, { direction: 'backwards' })) {
          if (recorded.type !== 'ExcedenteAllocated') continue;
          const e = inCurrentShape(recorded);
          const data = e.data as ExcedenteAllocatedData;
          if (data.readingDate < readingDate) break;
          if (data.inputs.demands?.[state.ucId] !== undefined && readsIt(data.inputs.facts))
            compared.unshift({ stream, eventId: e.id, rule: 'R6' });
        }
      } catch (err) {
        // A stream with no events compared nothing (as `loadStream` reads one).
        if (!(err instanceof StreamNotFound)) throw err;
      }
      found.push(...compared);
    }
    for (const key of [...keys].sort()) {
      const stream = titularStream(state.distribuidora, key);
      for (const e of (await loadStream(this.store, stream)).events) {
        if (e.type !== 'HeldCreditsReallocated' && e.type !== 'HeldCreditsKept') continue;
        const inputs = (e.data as { inputs?: { facts?: unknown; candidates?: unknown } }).inputs ?? {};
        const facts = [inputs.facts, inputs.candidates].flatMap((x) => (Array.isArray(x) ? (x as UcFacts[]) : []));
        if (readsIt(facts)) found.push({ stream, eventId: e.id, rule: 'R20' });
      }
    }
    return found;
  }

  /** The distribuidora's policy in force on a date (the defaults of RULES.md until one is set). */
  async policyOn(distribuidora: string, date: string): Promise<DistribuidoraPolicy> {
    return policyInForce((await this.distribuidoraState(distribuidora)).policies, date);
  }

  /** The distribuidora's stream folded: its tariffs (TE, R$) and its policy. */
  distribuidoraState(distribuidora: string): Promise<TariffState> {
    return this.folded(tariffStream(distribuidora), TARIFF_FOLD, this.tariffStates);
  }

  /**
   * A rarely written stream every reading needs (a distribuidora's, the national ones), folded: one revision lookup
   * instead of reading and folding it at each reading. The lookup is made after this call began (a tariff published
   * before the command, through any instance, is seen), and shared with the commands that asked meanwhile.
   */
  private async folded<E, S>(stream: string, fold: StreamFold<E, S>, cache: StreamStateCache<S>): Promise<S> {
    const revision = await this.revisions.of(stream, () => this.store.streamRevision(stream));
    let folded = cache.get(stream);
    if (!folded || folded.revision !== revision) {
      const { events, revision: loaded } = await loadStream(this.store, stream);
      const state = events.map((e) => toDomainEvent(e) as E).reduce(fold.evolve, fold.initial);
      folded = { state, revision: loaded };
      cache.set(stream, folded);
    }
    return folded.state;
  }

  /**
   * R22–R28: the money of a reading on its own dates (`billingOfReading`): the cycle's T and f for the R10 cap, and
   * the bandeira days, taxes and rounding in force, recorded for the invoice.
   */
  private async moneyOf(
    state: UcState,
    date: string,
    distribuidora: TariffState,
    policy: DistribuidoraPolicy,
    { rates, bandeiras }: { rates: ScceRateState; bandeiras: BandeiraState },
  ): Promise<{ pricing: CyclePricing | null; billing: BillingFacts } | null> {
    // UCs read on the same days share their cycle's prices: computed once per tariff, rates, bandeiras, policy and days.
    // The policy in force is a function of the distribuidora's policy updates and the reading date (both in the key),
    // so the updates' identity stands for it (no JSON encoding per reading).
    const key = [
      identityOf(distribuidora.schedule),
      identityOf(rates),
      identityOf(bandeiras),
      identityOf(distribuidora.policies),
      state.subgrupo,
      state.postos.join(','),
      state.registeredAt ?? '',
      state.lastReading?.readingDate ?? '',
      date,
    ].join('|');
    const shared = this.moneyByDays.get(key, () =>
      billingOfReading({
        uc: state,
        readingDate: date,
        schedule: distribuidora.schedule,
        policy,
        scceRates: rates.years,
        bandeiras: bandeiras.months,
        plantsOver1Mw: [],
      }),
    );
    if (!shared || !policy.taxesSet) return shared;
    // R27: which plants are above 1 MW is the UC's own fact (its sources), never shared.
    const plantsOver1Mw = await this.plantsOver1Mw(state);
    return { ...shared, billing: { ...shared.billing, plantsOver1Mw } };
  }

  /** R27: of the plants whose energy this UC may use (its own, its received excedente and credits), those above 1 MW. */
  private async plantsOver1Mw(state: UcState): Promise<string[]> {
    const over: string[] = [];
    for (const ucId of energySourcesOf(state)) {
      const source = ucId === state.ucId ? state : await this.ucStateOf(ucId);
      if (installedWatts(source) > ONE_MW_WATTS) over.push(ucId);
    }
    return over.sort(); // the same order as sorting every source first: usually none is above 1 MW
  }

  /** Another UC's folded state (for the facts a decision records about it), or null when it is not registered. */
  private async ucStateOf(ucId: string): Promise<UcState | null> {
    const stream = await this.directory.streamOf(ucId);
    return stream ? this.folded(stream, UC_FOLD, this.ucStates) : null;
  }

  async registerUc(body: CommandBodies['RegisterUc'], meta: CommandMeta): Promise<CommandResult> {
    const ucId = parseUcId(body.ucId);
    if (typeof body.distribuidora !== 'string')
      throw new InvalidInput('distribuidora', 'o código da distribuidora é obrigatório');
    const existing = await this.directory.streamOf(ucId);
    const stream = existing ?? ucStream(body.distribuidora, ucId);
    const result = await decideAndAppend<UcEvent, UcState>(
      this.store,
      stream,
      UC_FOLD,
      (state) => ucDecider.decide({ type: 'RegisterUc', data: body }, state),
      toDomainEvent,
      meta,
      (events) => this.applyToDirectory(events),
      this.ucStates,
    );
    return result;
  }

  async publishTariff(body: CommandBodies['PublishTariff'], meta: CommandMeta): Promise<CommandResult> {
    if (typeof body.distribuidora !== 'string' || !/^[a-z0-9_]{2,40}$/.test(body.distribuidora)) {
      throw new InvalidInput(
        'distribuidora',
        'o código da distribuidora deve ter de 2 a 40 letras minúsculas, dígitos ou _',
      );
    }
    return decideAndAppend<TariffEvent, TariffState>(
      this.store,
      tariffStream(body.distribuidora),
      TARIFF_FOLD,
      (state) => distribuidoraDecider.decide({ type: 'PublishTariff', data: body }, state),
      toDomainEvent,
      meta,
      undefined,
      this.tariffStates,
    );
  }

  async indicateReallocation(body: CommandBodies['IndicateReallocation'], meta: CommandMeta): Promise<CommandResult> {
    const key = titularKeyOf(parseTitularDocument(body.document));
    const source = await this.directory.factsOf(parseUcId(body.sourceUcId, 'sourceUcId'), '9999-12-31');
    if (!source) throw new UnknownUc(body.sourceUcId);
    const date = parseBusinessDate(body.date);
    const ids = Array.isArray(body.shares) ? body.shares.map((s) => s?.ucId).filter((x) => typeof x === 'string') : [];
    return this.onTitular(
      source.distribuidora,
      key,
      { type: 'IndicateReallocation', data: body, context: { facts: await this.directory.factsMap(ids, date) } },
      meta,
    );
  }

  /** Runs a titular-stream command (IndicateReallocation and the 30-day process manager's commands). */
  onTitular(
    distribuidora: string,
    key: string,
    command: TitularCommand,
    meta: CommandMeta = {},
  ): Promise<CommandResult> {
    return decideAndAppend<TitularEvent, TitularState>(
      this.store,
      titularStream(distribuidora, key),
      TITULAR_FOLD,
      (state) => titularDecider.decide(command, state),
      toDomainEvent,
      meta,
      (events) => this.applyToDirectory(events),
      this.titularStates,
    );
  }

  /** Runs a command on a stream of another kind with its decider (not cached: such streams are written rarely). */
  onStream<C, E extends { type: string; data: unknown }, S>(
    stream: string,
    decider: Decider<C, E, S>,
    command: C,
    meta: CommandMeta = {},
  ): Promise<CommandResult> {
    return decideAndAppend<E, S>(
      this.store,
      stream,
      { initial: decider.initialState, evolve: decider.evolve },
      (state) => decider.decide(command, state),
      toDomainEvent as (e: RecordedEvent) => E,
      meta,
    );
  }

  private applyToDirectory(events: RecordedEvent[]): Promise<void> {
    return this.directory.applyAll(events);
  }
}

/** Process-manager command payloads, re-exported for their users. */
export type { CreditLotJson, EnergyPartJson };
