import {
  BANDEIRA_STREAM,
  bandeiraDecider,
  distribuidoraDecider,
  InvalidInput,
  parseTitularDocument,
  SCCE_RATE_STREAM,
  titularKeyOf,
  scceRateDecider,
  type Decider,
  type PublishTariff,
  type RateioInput,
  type DistribuidoraPolicy,
  type SetDistribuidoraPolicy,
  type TitularCommand,
  type UcCommand,
  type UcState,
} from '@compensa/domain';
import { distribuidoraStream, nationalStream } from '../stream-events';
import type { Clock } from '../clock';
import type { UcDirectory } from '../directory/uc-directory';
import type { CommandMeta, CommandResult } from './command-result';
import type { UcOpeningBodies, UcOpeningOutcome } from './import-uc-opening';
import { openingResult } from './opening-result';

/** The data of a UC decider command. */
type UcData<T extends UcCommand['type']> = Extract<UcCommand, { type: T }>['data'];

/**
 * The kinds of stream a verb appends to. `distribuidora` is stored as `tariff-<code>` (existing stores keep their
 * names); `national` is for streams of the whole country (bandeiras, the SCEE rates of L art. 17).
 */
export type StreamKind = 'uc' | 'titular' | 'distribuidora' | 'national';

/** Bodies of the UC verbs: the HTTP body with its path parameters (`ucId`). */
export interface UcVerbBodies {
  RegisterUc: UcData<'RegisterUc'>;
  RegisterGeneration: { ucId: string } & UcData<'RegisterGeneration'>;
  AddCapacity: { ucId: string } & UcData<'AddCapacity'>;
  RegisterMembers: { ucId: string } & UcData<'RegisterMembers'>;
  ChangeRateio: { ucId: string; requestedAt: string } & RateioInput;
  RecordReading: { ucId: string } & UcData<'RecordReading'>;
  CorrectReading: {
    ucId: string;
    cycle: string;
    postos: Record<string, { consumed: string; injected: string }>;
    reason: string;
    reference: string;
    /** The correction's business date (default: the clock's today). */
    date?: string;
  };
  TransferTitularidade: { ucId: string } & UcData<'TransferTitularidade'>;
  CloseContract: { ucId: string; date: string };
  RequestClosureDistribution: { ucId: string; requestedAt: string; shares: { ucId: string; percent: string }[] };
  /**
   * With `heldCredits`, the credits that left the UC and are held for its former titular, appended with the
   * balance in one transaction (all or nothing).
   */
  ImportOpeningBalance: { ucId: string; heldCredits?: OpeningHeldCreditsOfUc | null } & UcData<'ImportOpeningBalance'>;
}

/** Held credits sent with a UC's opening balance: the titular's verb body without what the UC's body gives. */
export type OpeningHeldCreditsOfUc = Omit<TitularVerbBodies['ImportOpeningHeldCredits'], 'fromUcId' | 'date'>;

/** The data of a titular decider command. */
type TitularData<T extends TitularCommand['type']> = Extract<TitularCommand, { type: T }>['data'];

/** Bodies of the titular-stream verbs (`document` is the path parameter). */
export interface TitularVerbBodies {
  IndicateReallocation: TitularData<'IndicateReallocation'>;
  /** The titular as `document` (the path parameter) and `name`. */
  ImportOpeningHeldCredits: { document: string; name: string } & Omit<
    TitularData<'ImportOpeningHeldCredits'>,
    'titular'
  >;
}

/** Bodies of the distribuidora-stream verbs (`distribuidora` is the path parameter). */
export interface DistribuidoraVerbBodies {
  PublishTariff: PublishTariff['data'];
  SetDistribuidoraPolicy: SetDistribuidoraPolicy['data'];
}

/** Bodies of the national verbs (`month`, `year` are the path parameters). */
export interface NationalVerbBodies {
  PublishBandeira: { month: string; flag: string; rate: string };
  PublishScceRate: { year: string; share: string };
}

/** The platform's verbs with the fields of their HTTP bodies (path parameters included). */
export interface CommandBodies extends UcVerbBodies, TitularVerbBodies, DistribuidoraVerbBodies, NationalVerbBodies {}

/** Names of the platform's verbs. */
export type CommandName = keyof CommandBodies;

/** What a verb's `run` may use: the command side's stream runners and the outside facts they record. */
export interface VerbRuntime {
  readonly directory: UcDirectory;
  readonly clock: Clock;
  /** The distribuidora's policy in force on a date (P10, P12, R13's permissionárias, R27, R28). */
  policyOn(distribuidora: string, date: string): Promise<DistribuidoraPolicy>;
  /** Loads the UC's stream, builds the command on its state, decides and appends. */
  onUc(
    ucId: string,
    build: (state: UcState) => UcCommand | Promise<UcCommand>,
    meta?: CommandMeta,
  ): Promise<CommandResult>;
  registerUc(body: CommandBodies['RegisterUc'], meta: CommandMeta): Promise<CommandResult>;
  recordReading(body: CommandBodies['RecordReading'], meta: CommandMeta): Promise<CommandResult>;
  correctReading(body: CommandBodies['CorrectReading'], meta: CommandMeta): Promise<CommandResult>;
  indicateReallocation(body: CommandBodies['IndicateReallocation'], meta: CommandMeta): Promise<CommandResult>;
  /** A UC's opening balance and its titular's held credits, all or nothing (one transaction). */
  importUcOpening(bodies: UcOpeningBodies, meta: CommandMeta): Promise<UcOpeningOutcome>;
  /** Runs a titular-stream command (`titular-<distribuidora>-<key>`). */
  onTitular(distribuidora: string, key: string, command: TitularCommand, meta?: CommandMeta): Promise<CommandResult>;
  publishTariff(body: CommandBodies['PublishTariff'], meta: CommandMeta): Promise<CommandResult>;
  /**
   * Runs a command on any other stream with its decider (a distribuidora's policy, a national stream): load, fold,
   * decide, append with the revision decided on.
   */
  onStream<C, E extends { type: string; data: unknown }, S>(
    stream: string,
    decider: Decider<C, E, S>,
    command: C,
    meta: CommandMeta,
  ): Promise<CommandResult>;
}

/** The HTTP operation of a verb (its OpenAPI operation is derived from it). */
export interface VerbHttp {
  readonly method: 'POST' | 'PUT';
  /** Nest route, path parameters as `:name`; each is a field of the body. */
  readonly path: string;
  /** 201 for creations (POST), 200 for replacements (PUT). */
  readonly status: 200 | 201;
  readonly summary: string;
  readonly description?: string;
}

/** One verb: the stream it appends to, its HTTP operation, its business date and how it runs. */
export interface VerbEntry<Body> {
  readonly stream: StreamKind;
  readonly http: VerbHttp;
  /** The body field carrying the command's business date ("Time"): the simulation's clock follows it. */
  readonly businessDate: (keyof Body & string) | null;
  /** Gathers the outside facts the rules compare (recorded in the events), decides and appends. */
  readonly run: (on: VerbRuntime, body: Body, meta: CommandMeta) => Promise<CommandResult>;
}

/** A table of verbs: exactly one entry per name of `Bodies` (a missing or extra entry does not compile). */
export type VerbTable<Bodies> = { readonly [N in keyof Bodies]: VerbEntry<Bodies[N]> };

const UC_PATH = 'v1/ucs/:ucId';

/** A distribuidora code as typed: `COPEL` and `copel` are one distribuidora. */
export function distribuidoraCode(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_]{2,40}$/.test(value)) {
    throw new InvalidInput('distribuidora', 'o código da distribuidora deve ter de 2 a 40 letras, dígitos ou _');
  }
  return value.toLowerCase();
}

/** The UC ids a list of shares names (the rules check their facts). */
const shareIds = (shares: unknown): string[] =>
  Array.isArray(shares)
    ? shares.map((s: { ucId?: unknown } | null) => s?.ucId).filter((x): x is string => typeof x === 'string')
    : [];

/** UC verbs: one stream per UC (`uc-<distribuidora>-<number>`). */
export const UC_VERBS = {
  RegisterUc: {
    stream: 'uc',
    http: { method: 'POST', path: 'v1/ucs', status: 201, summary: 'Register a UC' },
    businessDate: 'registeredAt',
    run: (on, body, meta) => on.registerUc({ ...body, distribuidora: distribuidoraCode(body.distribuidora) }, meta),
  },
  RegisterGeneration: {
    stream: 'uc',
    http: {
      method: 'POST',
      path: `${UC_PATH}/generation`,
      status: 201,
      summary: "Register the UC's generation",
      description: 'R15 fixes the GD class from the request date; R21 refuses a size above the limits.',
    },
    businessDate: 'requestedAt',
    run: (on, { ucId, ...data }, meta) => on.onUc(ucId, () => ({ type: 'RegisterGeneration', data }), meta),
  },
  AddCapacity: {
    stream: 'uc',
    http: {
      method: 'POST',
      path: `${UC_PATH}/capacity`,
      status: 201,
      summary: 'Add installed capacity',
      description: 'R16: the tranche keeps the class of its own request; R21 applies to the total.',
    },
    businessDate: 'requestedAt',
    run: (on, { ucId, ...data }, meta) => on.onUc(ucId, () => ({ type: 'AddCapacity', data }), meta),
  },
  RegisterMembers: {
    stream: 'uc',
    http: {
      method: 'PUT',
      path: `${UC_PATH}/members`,
      status: 200,
      summary: "Replace an emuc/compartilhada generator's members",
      description: 'R13: needs a legal instrument reference.',
    },
    businessDate: 'date',
    run: (on, { ucId, ...data }, meta) => on.onUc(ucId, () => ({ type: 'RegisterMembers', data }), meta),
  },
  ChangeRateio: {
    stream: 'uc',
    http: {
      method: 'PUT',
      path: `${UC_PATH}/rateio`,
      status: 200,
      summary: "Replace the generator's rateio",
      description:
        'R5 (percentages adding up to 100) or R6 (priority order); R13 eligibility; R7: from the next cycle.',
    },
    businessDate: 'requestedAt',
    run: (on, { ucId, ...data }, meta) =>
      on.onUc(
        ucId,
        async (state) => {
          // R13: the facts of every UC the rateio names, as of the request date.
          const ids =
            data.mode === 'percentage'
              ? shareIds(data.shares)
              : [...(data.order ?? []), ...(data.leftoverUcId ? [data.leftoverUcId] : [])];
          const asOf = data.requestedAt ?? on.clock.today();
          return {
            type: 'ChangeRateio',
            data,
            context: {
              facts: await on.directory.factsMap(
                ids.filter((x) => typeof x === 'string'),
                asOf,
              ),
              permissionarias: (await on.policyOn(state.distribuidora, asOf)).permissionarias,
            },
          };
        },
        meta,
      ),
  },
  RecordReading: {
    stream: 'uc',
    http: {
      method: 'POST',
      path: `${UC_PATH}/readings`,
      status: 201,
      summary: "Record the UC's reading for a cycle",
      description:
        'Compensates the cycle (R1–R12) and, at a generator with a rateio, allocates the excedente (delivered to ' +
        'the beneficiaries asynchronously, exactly once).',
    },
    businessDate: 'readingDate',
    run: (on, body, meta) => on.recordReading(body, meta),
  },
  CorrectReading: {
    stream: 'uc',
    http: {
      method: 'POST',
      path: `${UC_PATH}/readings/:cycle/correction`,
      status: 201,
      summary: 'Correct a recorded reading (retificação)',
      description:
        "Re-decides the UC's history with the corrected reading and appends what changes (ReadingCorrected, one " +
        'CycleRecompensated per re-billed cycle); the re-billing report is at GET /v1/corrections/{id}. Refused, ' +
        'nothing appended: excedente allocated to other UCs would change (R5, R6), credits that left the UC (R18, ' +
        'R19), a consumption another stream compared (R6, R20), a cycle older than the oldest credit alive (R9).',
    },
    businessDate: 'date',
    run: (on, body, meta) => on.correctReading(body, meta),
  },
  TransferTitularidade: {
    stream: 'uc',
    http: {
      method: 'POST',
      path: `${UC_PATH}/titularidade`,
      status: 201,
      summary: 'Transfer the UC to a new titular',
      description: "R18: the UC's credits stay with the previous titular, who has 30 days to say where they go (R20).",
    },
    businessDate: 'date',
    run: (on, { ucId, ...data }, meta) => on.onUc(ucId, () => ({ type: 'TransferTitularidade', data }), meta),
  },
  CloseContract: {
    stream: 'uc',
    http: {
      method: 'POST',
      path: `${UC_PATH}/closure`,
      status: 201,
      summary: "Close the UC's contract",
      description: 'R19: credits are held for the titular (R20), or distributed as requested 30 days before.',
    },
    businessDate: 'date',
    run: (on, { ucId, ...data }, meta) =>
      on.onUc(
        ucId,
        async (state) => {
          // R19: the facts of the UCs a closure distribution names, as of the closing date.
          const ids = state.closureRequests.flatMap((r) => r.shares.map((s) => s.ucId));
          const asOf = String(data.date ?? on.clock.today());
          return { type: 'CloseContract', data, context: { facts: await on.directory.factsMap(ids, asOf) } };
        },
        meta,
      ),
  },
  RequestClosureDistribution: {
    stream: 'uc',
    http: {
      method: 'POST',
      path: `${UC_PATH}/closure-distribution`,
      status: 201,
      summary: 'Request how credits go to the members at closure',
      description: 'R19: emuc/compartilhada generators; active members of the development, adding up to 100.',
    },
    businessDate: 'requestedAt',
    run: (on, { ucId, ...data }, meta) =>
      on.onUc(
        ucId,
        async () => ({
          type: 'RequestClosureDistribution',
          data,
          context: {
            facts: await on.directory.factsMap(shareIds(data.shares), data.requestedAt ?? on.clock.today()),
          },
        }),
        meta,
      ),
  },
  ImportOpeningBalance: {
    stream: 'uc',
    http: {
      method: 'POST',
      path: `${UC_PATH}/opening-balance`,
      status: 201,
      summary: "Import the UC's opening balance from the legacy billing system",
      description:
        'Migration: credits by vintage and received excedente not yet used, before the first reading (R12); a ' +
        'vintage already expired is refused (R9). Idempotent by (file SHA-256, UC). `compensa import balances` ' +
        'sends a whole file.',
    },
    businessDate: 'date',
    run: async (on, { ucId, heldCredits, ...data }, meta) => {
      if (heldCredits === undefined || heldCredits === null)
        return on.onUc(ucId, () => ({ type: 'ImportOpeningBalance', data }), meta);
      if (typeof heldCredits !== 'object')
        throw new InvalidInput('heldCredits', 'devem ser os créditos mantidos da UC, como no comando do titular');
      const held = { ...heldCredits, fromUcId: ucId, date: data.date };
      return openingResult(await on.importUcOpening({ balance: { ucId, ...data }, held }, meta));
    },
  },
} as const satisfies VerbTable<UcVerbBodies>;

/** Titular-stream verbs: credits held for a titular (`titular-<distribuidora>-<key>`). */
export const TITULAR_VERBS = {
  IndicateReallocation: {
    stream: 'titular',
    http: {
      method: 'POST',
      path: 'v1/titulares/:document/reallocations',
      status: 201,
      summary: 'Indicate where credits held for the titular go',
      description:
        'R20: UCs of the same titular key in the same distribuidora, by percentage, on or before the deadline; ' +
        'after it, refused with R20; with nothing held from the source UC, refused with R14.',
    },
    businessDate: 'date',
    run: (on, body, meta) => on.indicateReallocation(body, meta),
  },
  ImportOpeningHeldCredits: {
    stream: 'titular',
    http: {
      method: 'POST',
      path: 'v1/titulares/:document/opening-held-credits',
      status: 201,
      summary: 'Import credits the legacy billing system held for the titular',
      description:
        'Migration: credits that left a UC (R18, R19) with their 30-day state (R20: open or held); the scheduler ' +
        'and the 30-day rule then act on them as on credits the platform held. Idempotent by (file SHA-256, UC).',
    },
    businessDate: 'date',
    run: (on, { document, name, ...data }, meta) => {
      const distribuidora = distribuidoraCode(data.distribuidora);
      const key = titularKeyOf(parseTitularDocument(document, 'document'));
      return on.onTitular(
        distribuidora,
        key,
        { type: 'ImportOpeningHeldCredits', data: { ...data, distribuidora, titular: { document, name } } },
        meta,
      );
    },
  },
} as const satisfies VerbTable<TitularVerbBodies>;

/** Distribuidora-stream verbs: its tariffs (stored as `tariff-<code>`). */
export const DISTRIBUIDORA_VERBS = {
  PublishTariff: {
    stream: 'distribuidora',
    http: {
      method: 'PUT',
      path: 'v1/tariffs/:distribuidora',
      status: 200,
      summary: "Publish the distribuidora's TE per posto from a date",
      description: 'R2: converts kWh between postos at readings dated on or after validFrom.',
    },
    // A tariff's validFrom is not the time of the command: the simulation's clock does not follow it.
    businessDate: null,
    run: (on, body, meta) => on.publishTariff({ ...body, distribuidora: distribuidoraCode(body.distribuidora) }, meta),
  },
  SetDistribuidoraPolicy: {
    stream: 'distribuidora',
    http: {
      method: 'PUT',
      path: 'v1/distribuidoras/:distribuidora/policy',
      status: 200,
      summary: "Set the distribuidora's policy from a date",
      description:
        'P10 (cap / greater-of, R10), P12 (R12), R13 permissionárias, R27 taxes, R28 rounding. A reading uses the ' +
        'policy in force on its own date; fields left out keep their value.',
    },
    businessDate: null,
    run: (on, body, meta) => {
      const distribuidora = distribuidoraCode(body.distribuidora);
      const command = { type: 'SetDistribuidoraPolicy' as const, data: { ...body, distribuidora } };
      return on.onStream(distribuidoraStream(distribuidora), distribuidoraDecider, command, meta);
    },
  },
} as const satisfies VerbTable<DistribuidoraVerbBodies>;

/** National verbs: facts of the whole country, each in its own stream. */
export const NATIONAL_VERBS = {
  PublishBandeira: {
    stream: 'national',
    http: {
      method: 'PUT',
      path: 'v1/bandeiras/:month',
      status: 200,
      summary: "Publish a month's bandeira tarifária",
      description:
        'R26: charged only on the kWh billed at full tariff, weighted by days when a cycle spans two months.',
    },
    businessDate: null,
    run: (on, data, meta) =>
      on.onStream(nationalStream(BANDEIRA_STREAM), bandeiraDecider, { type: 'PublishBandeira', data }, meta),
  },
  PublishScceRate: {
    stream: 'national',
    http: {
      method: 'PUT',
      path: 'v1/scce-rates/:year',
      status: 200,
      summary: 'Publish the SCEE rate of a year (L art. 17)',
      description: 'R23: the share of fioB that GD II and GD III energy pay, for years from 2029.',
    },
    businessDate: null,
    run: (on, data, meta) =>
      on.onStream(nationalStream(SCCE_RATE_STREAM), scceRateDecider, { type: 'PublishScceRate', data }, meta),
  },
} as const satisfies VerbTable<NationalVerbBodies>;

/** Every verb of the platform: the one table the command bus, the simulation, the audit and OpenAPI derive from. */
export const VERBS: VerbTable<CommandBodies> = {
  ...UC_VERBS,
  ...TITULAR_VERBS,
  ...DISTRIBUIDORA_VERBS,
  ...NATIONAL_VERBS,
};

/** The verbs' names, in the catalogue's order. */
export const COMMAND_NAMES = Object.keys(VERBS) as readonly CommandName[];

/** True for the name of a platform verb. */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(VERBS, name);
}
