import {
  decideTariff,
  decideTitular,
  evolveTariff,
  evolveTitular,
  initialTariffState,
  initialTitularState,
  InvalidInput,
  parseBusinessDate,
  parseTitularDocument,
  parseUcId,
  rateioUcIds,
  teInForce,
  titularKeyOf,
  titularStream,
  ucDecider,
  ucStream,
  UnknownUc,
  type CreditLotJson,
  type EnergyPartJson,
  type PublishTariff,
  type RateioInput,
  type TariffEvent,
  type TariffState,
  type TitularCommand,
  type TitularEvent,
  type TitularState,
  type UcCommand,
  type UcEvent,
  type UcState,
} from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import type { Clock } from '../clock';
import type { UcDirectory } from '../directory/uc-directory';
import { p10Of, p12Of, type PlatformSettings } from '../platform-settings';
import { loadStream, tariffStream, toDomainEvent } from '../stream-events';
import type { CommandMeta, CommandResult } from './command-result';
import { decideAndAppend, type StreamFold } from './decide-and-append';
import { StreamStateCache } from './stream-state-cache';

const UC_FOLD: StreamFold<UcEvent, UcState> = { initial: ucDecider.initialState, evolve: ucDecider.evolve };
const TITULAR_FOLD: StreamFold<TitularEvent, TitularState> = { initial: initialTitularState, evolve: evolveTitular };
const TARIFF_FOLD: StreamFold<TariffEvent, TariffState> = { initial: initialTariffState, evolve: evolveTariff };
/** Streams whose folded state stays in memory between commands (a UC's state is a few kB). */
const CACHED_STREAMS = 50_000;

/** The platform's verbs with the fields of their HTTP bodies (path parameters included). */
export interface CommandBodies {
  RegisterUc: Extract<UcCommand, { type: 'RegisterUc' }>['data'];
  RegisterGeneration: { ucId: string } & Extract<UcCommand, { type: 'RegisterGeneration' }>['data'];
  AddCapacity: { ucId: string } & Extract<UcCommand, { type: 'AddCapacity' }>['data'];
  RegisterMembers: { ucId: string } & Extract<UcCommand, { type: 'RegisterMembers' }>['data'];
  ChangeRateio: { ucId: string; requestedAt: string } & RateioInput;
  RecordReading: { ucId: string } & Extract<UcCommand, { type: 'RecordReading' }>['data'];
  TransferTitularidade: { ucId: string } & Extract<UcCommand, { type: 'TransferTitularidade' }>['data'];
  CloseContract: { ucId: string; date: string };
  RequestClosureDistribution: { ucId: string; requestedAt: string; shares: { ucId: string; percent: string }[] };
  IndicateReallocation: { document: string; sourceUcId: string; date: string; shares: { ucId: string; percent: string }[] };
  PublishTariff: PublishTariff['data'];
}

/** Names of the platform's verbs. */
export type CommandName = keyof CommandBodies;

export const COMMAND_NAMES: readonly CommandName[] = [
  'RegisterUc',
  'RegisterGeneration',
  'AddCapacity',
  'RegisterMembers',
  'ChangeRateio',
  'RecordReading',
  'TransferTitularidade',
  'CloseContract',
  'RequestClosureDistribution',
  'IndicateReallocation',
  'PublishTariff',
];

/**
 * The command side: every verb loads its stream, gathers the outside facts the rules compare (recorded in the
 * events), decides with the pure domain and appends with the revision it decided on.
 */
export class CompensaCommands {
  // Folded states by stream revision: a command on a stream this process wrote last need not read it again.
  private readonly ucStates = new StreamStateCache<UcState>(CACHED_STREAMS);
  private readonly titularStates = new StreamStateCache<TitularState>(CACHED_STREAMS);
  private readonly tariffStates = new StreamStateCache<TariffState>(1_000);

  constructor(
    private readonly store: EventStore,
    private readonly directory: UcDirectory,
    private readonly clock: Clock,
    private readonly settings: PlatformSettings,
  ) {}

  /** Runs a verb by name (the CLI and the HTTP controllers both come through here). */
  execute<N extends CommandName>(name: N, body: CommandBodies[N], meta: CommandMeta = {}): Promise<CommandResult> {
    if (!body || typeof body !== 'object') throw new InvalidInput('body', 'a JSON object is required');
    switch (name) {
      case 'RegisterUc':
        return this.registerUc(body as CommandBodies['RegisterUc'], meta);
      case 'PublishTariff':
        return this.publishTariff(body as CommandBodies['PublishTariff'], meta);
      case 'IndicateReallocation':
        return this.indicateReallocation(body as CommandBodies['IndicateReallocation'], meta);
      case 'RecordReading':
        return this.recordReading(body as CommandBodies['RecordReading'], meta);
      default: {
        const { ucId, ...data } = body as { ucId: string } & Record<string, unknown>;
        return this.onUc(ucId, (state) => this.toUcCommand(name, data, state), meta);
      }
    }
  }

  private toUcCommand(name: CommandName, data: Record<string, unknown>, state: UcState): UcCommand {
    const today = this.clock.today();
    const facts = (ids: Iterable<string>, asOf: string) => this.directory.factsMap(ids, asOf);
    switch (name) {
      case 'ChangeRateio': {
        const d = data as unknown as CommandBodies['ChangeRateio'];
        const ids = d.mode === 'percentage' ? (d.shares ?? []).map((s) => s?.ucId) : [...(d.order ?? []), ...(d.leftoverUcId ? [d.leftoverUcId] : [])];
        return { type: 'ChangeRateio', data: d, context: { facts: facts(ids.filter((x) => typeof x === 'string'), d.requestedAt ?? today), permissionarias: this.settings.permissionarias } };
      }
      case 'CloseContract': {
        const ids = state.closureRequests.flatMap((r) => r.shares.map((s) => s.ucId));
        return { type: 'CloseContract', data: data as { date: string }, context: { facts: facts(ids, String(data.date ?? today)) } };
      }
      case 'RequestClosureDistribution': {
        const d = data as unknown as CommandBodies['RequestClosureDistribution'];
        const ids = Array.isArray(d.shares) ? d.shares.map((s) => s?.ucId).filter((x) => typeof x === 'string') : [];
        return { type: 'RequestClosureDistribution', data: d, context: { facts: facts(ids, d.requestedAt ?? today) } };
      }
      default:
        return { type: name, data } as UcCommand;
    }
  }

  /** Runs a UC command (also the process managers' ReceiveExcedente, ReceiveHeldCredits, ExpireCredits). */
  async onUc(ucId: string, build: (state: UcState) => UcCommand | Promise<UcCommand>, meta: CommandMeta = {}): Promise<CommandResult> {
    parseUcId(ucId);
    const stream = this.directory.streamOf(ucId);
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

  /** RecordReading gathers the TE in force and the rateio's UCs as of the reading date. */
  recordReading(body: CommandBodies['RecordReading'], meta: CommandMeta = {}): Promise<CommandResult> {
    const { ucId, ...data } = body;
    return this.onUc(
      ucId,
      async (state) => {
        const date = typeof data.readingDate === 'string' ? data.readingDate : '';
        const tariff = await this.tariffOn(state.distribuidora, date);
        const ids = state.rateio ? rateioUcIds(state.rateio) : [];
        // R10: the cycle's T and f are not gathered yet (the R$ tariffs come with the invoice work).
        const pricing = null;
        return {
          type: 'RecordReading',
          data,
          context: {
            tariff,
            facts: this.directory.factsMap(ids, date),
            p12: p12Of(this.settings, state.distribuidora),
            p10: p10Of(this.settings, state.distribuidora, pricing),
            pricing,
            permissionarias: this.settings.permissionarias,
          },
        };
      },
      meta,
    );
  }

  private async tariffOn(distribuidora: string, date: string) {
    const stream = tariffStream(distribuidora);
    // Every reading needs the TE: one revision lookup instead of reading and folding the tariff stream each time.
    const revision = await this.store.streamRevision(stream);
    let folded = this.tariffStates.get(stream);
    if (!folded || folded.revision !== revision) {
      const { events, revision: loaded } = await loadStream(this.store, stream);
      folded = { state: events.map((e) => toDomainEvent<TariffEvent>(e)).reduce(evolveTariff, initialTariffState), revision: loaded };
      this.tariffStates.set(stream, folded);
    }
    return teInForce(folded.state, date);
  }

  private async registerUc(body: CommandBodies['RegisterUc'], meta: CommandMeta): Promise<CommandResult> {
    const ucId = parseUcId(body.ucId);
    if (typeof body.distribuidora !== 'string') throw new InvalidInput('distribuidora', 'a distribuidora code is required');
    const existing = this.directory.streamOf(ucId);
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

  private async publishTariff(body: CommandBodies['PublishTariff'], meta: CommandMeta): Promise<CommandResult> {
    if (typeof body.distribuidora !== 'string' || !/^[a-z0-9_]{2,40}$/.test(body.distribuidora)) {
      throw new InvalidInput('distribuidora', 'a distribuidora code: 2 to 40 lower-case letters, digits or _');
    }
    return decideAndAppend<TariffEvent, TariffState>(
      this.store,
      tariffStream(body.distribuidora),
      TARIFF_FOLD,
      (state) => decideTariff({ type: 'PublishTariff', data: body }, state),
      toDomainEvent,
      meta,
      undefined,
      this.tariffStates,
    );
  }

  private async indicateReallocation(body: CommandBodies['IndicateReallocation'], meta: CommandMeta): Promise<CommandResult> {
    const key = titularKeyOf(parseTitularDocument(body.document));
    const source = this.directory.factsOf(parseUcId(body.sourceUcId, 'sourceUcId'), '9999-12-31');
    if (!source) throw new UnknownUc(body.sourceUcId);
    const date = parseBusinessDate(body.date);
    const ids = Array.isArray(body.shares) ? body.shares.map((s) => s?.ucId).filter((x) => typeof x === 'string') : [];
    return this.onTitular(
      source.distribuidora,
      key,
      { type: 'IndicateReallocation', data: body, context: { facts: this.directory.factsMap(ids, date) } },
      meta,
    );
  }

  /** Runs a titular-stream command (IndicateReallocation and the 30-day process manager's commands). */
  onTitular(distribuidora: string, key: string, command: TitularCommand, meta: CommandMeta = {}): Promise<CommandResult> {
    return decideAndAppend<TitularEvent, TitularState>(
      this.store,
      titularStream(distribuidora, key),
      TITULAR_FOLD,
      (state) => decideTitular(command, state),
      toDomainEvent,
      meta,
      (events) => this.applyToDirectory(events),
      this.titularStates,
    );
  }

  private applyToDirectory(events: RecordedEvent[]): void {
    for (const e of events) this.directory.apply(e);
  }
}

/** Process-manager command payloads, re-exported for their users. */
export type { CreditLotJson, EnergyPartJson };
