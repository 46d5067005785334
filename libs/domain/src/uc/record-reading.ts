import { withCohort } from '../values/scce-cohort';
import { allocateExcedente, type EnergyPart } from '../allocation/allocate-excedente';
import type { Rateio } from '../allocation/rateio';
import { rateioUcIds } from '../allocation/rateio';
import { splitInjectionByClass } from '../classification/split-injection';
import { compensateReading, type CompensationLine } from '../compensation/compensate-reading';
import { custoDeDisponibilidade } from '../compensation/custo-disponibilidade';
import { grupoBLimit, SHORT_CYCLE_DAYS } from '../compensation/grupo-b-limit';
import { partitionExpired } from '../compensation/expire-credits';
import { creditToJson, type CreditLotJson } from '../compensation/lot-json';
import type { CreditLot, ReceivedLot } from '../compensation/lots';
import { expiryOf, lotKey } from '../compensation/lots';
import { ineligibilityReason } from '../eligibility/check-rateio-eligibility';
import type { UcFacts } from '../eligibility/uc-facts';
import { InvalidInput, RuleViolation, StateConflict } from '../shared/errors';
import { addDays, daysBetween, parseBusinessDate, type BusinessDate } from '../values/business-date';
import { parseCycle } from '../values/cycle';
import { Kwh } from '../values/kwh';
import { whOfText } from '../values/wh-text';
import { Percent } from '../values/percent';
import type { Posto } from '../values/posto';
import { parsePosto } from '../values/posto';
import type { UcCommand } from './uc-commands';
import type { EnergyPartJson, ReadingPostosJson, UcEvent } from './uc-events';
import { pricingToJson } from '../compensation/pricing-json';
import type { UcState } from './uc-state';

type RecordReading = Extract<UcCommand, { type: 'RecordReading' }>;

const partJson = (p: EnergyPart): EnergyPartJson => {
  const json: EnergyPartJson = { posto: p.posto, gdClass: p.gdClass, kwh: Kwh.textOfWh(p.wh) };
  if (p.cohort !== undefined) json.cohort = p.cohort; // as `cohortField` adds it: last, only when there is one
  return json;
};
const recordOf = (m: ReadonlyMap<Posto, bigint>, postos: readonly Posto[]) => {
  const out: Record<string, string> = {};
  for (const p of postos) out[p] = Kwh.textOfWh(m.get(p) ?? 0n);
  return out;
};

/**
 * RecordReading: R1–R12, R15–R16 at one reading. Emits, in order: credits expired before the date (R9),
 * ReadingRecorded, [ExcedenteAllocated first under P3 `injected`], CycleCompensated, ExcedenteAllocated, and
 * credits expiring on the date itself (R9, "Time": what is due on d runs after the command).
 */
export function decideRecordReading(cmd: RecordReading, s: UcState): UcEvent[] {
  const { data, context } = cmd;
  const cycle = parseCycle(data.cycle);
  const date = parseBusinessDate(data.readingDate, 'readingDate');
  // Refusals: a cycle recorded twice or older than the latest, or a reading dated before the previous one.
  if (s.lastReading && cycle <= s.lastReading.cycle) {
    throw new StateConflict(`o ciclo ${cycle} não é posterior ao último ciclo registrado (${s.lastReading.cycle})`);
  }
  if (s.lastReading && date < s.lastReading.readingDate) {
    throw new StateConflict(
      `a data da leitura ${date} é anterior à da leitura anterior (${s.lastReading.readingDate})`,
    );
  }
  if (!data.postos || typeof data.postos !== 'object' || Object.keys(data.postos).length === 0) {
    throw new InvalidInput('postos', 'uma leitura precisa da energia consumida e injetada nos postos da UC');
  }
  const consumed = new Map<Posto, bigint>();
  const injected = new Map<Posto, bigint>();
  for (const key in data.postos) {
    if (!Object.hasOwn(data.postos, key)) continue;
    const v = data.postos[key];
    const p = parsePosto(key, `postos.${key}`);
    if (!s.postos.includes(p)) throw new InvalidInput(`postos.${key}`, `a UC ${s.ucId} não tem o posto ${p}`);
    consumed.set(p, whOf(v?.consumed, key, 'consumed'));
    injected.set(p, whOf(v?.injected, key, 'injected'));
  }
  let consumedTotal = 0n;
  for (const wh of consumed.values()) consumedTotal += wh;
  let injectedTotal = 0n;
  for (const wh of injected.values()) injectedTotal += wh;
  const gen = s.generation;
  // R15: energy injected at a UC with no registered generation has no class.
  if (injectedTotal > 0n && !gen)
    throw RuleViolation('R15', `a UC ${s.ucId} injetou energia, mas não tem geração cadastrada`);
  // R2: a UC with several postos needs the TE in force to convert between them.
  if (s.postos.length > 1 && !context.tariff)
    throw RuleViolation('R2', `não há TE em vigor na distribuidora ${s.distribuidora} em ${date}`);

  const events: UcEvent[] = [];
  // R9: credits whose expiry came before this date leave first ("Time").
  const before = partitionExpired(s.credits, date, false);
  if (before.expired.length) events.push(expired(s.ucId, date, before.expired));
  // P9: usable strictly before expiry; those expiring on this very date expire after the reading.
  const onDate = partitionExpired(before.alive, date, true);
  const usableCredits = onDate.alive;

  events.push({
    type: 'ReadingRecorded',
    data: {
      ucId: s.ucId,
      cycle,
      readingDate: date,
      postos: readingPostos(s.postos, consumed, injected),
    },
  });

  // R12 / P12: which received excedente is usable at this reading (business dates decide).
  const usableReceived: ReceivedLot[] = s.received.filter((r) =>
    context.p12 === 'next-month' ? r.sourceCycle < cycle : r.allocatedOn <= date,
  );

  // R15–R16: own injection by posto and GD class.
  const rateio = s.rateio;
  const own: EnergyPart[] = [];
  if (gen) {
    const totalWatts = gen.tranches.reduce((a, t) => a + t.watts, 0n);
    const facts = {
      totalWatts,
      dispatchable: gen.dispatchable,
      modalidade: gen.modalidade,
      largestOtherShareUnits: largestOtherShare(rateio, s.ucId),
      on: date,
    };
    for (const p of s.postos) {
      for (const part of splitInjectionByClass(injected.get(p) ?? 0n, gen.tranches, facts))
        own.push({ posto: p, ...part });
    }
  }
  // GD I first, then posto: the generator's own use follows it ("Tranches"); a priority split re-orders (R6).
  const byClassThenPosto = (a: EnergyPart, b: EnergyPart) =>
    a.gdClass < b.gdClass ? -1 : a.gdClass > b.gdClass ? 1 : 0;
  own.sort(byClassThenPosto);

  const grupoB = s.group === 'B' || s.billedAsGroupB;
  const minimumWh = grupoB ? custoDeDisponibilidade(s.connection ?? 'trifasico').wh : null;
  // R22: the cycle runs from the day after the previous reading (the registration date for a first reading) to the
  // reading date, both included. R10 (REN art. 285 I): a Grupo B cycle under 27 days has no minimum.
  const cycleStart = s.lastReading ? addDays(s.lastReading.readingDate, 1) : s.registeredAt;
  const cycleDays = cycleStart ? daysBetween(cycleStart, date) + 1 : null;
  const shortCycle = grupoB && cycleDays !== null && cycleDays < SHORT_CYCLE_DAYS;
  const injectedBase = gen?.surplusBase === 'injected';
  let allocationEvent: UcEvent | null = null;
  let selfLots: ReceivedLot[] = [];

  if (injectedBase) {
    // P3 `injected`: all injection is excedente, allocated before the generator's own compensation; its own share
    // is offered to this same cycle as received energy.
    const alloc = allocate(s, own, rateio, context, date, cycle, 'injected', consumedTotal);
    allocationEvent = alloc.event;
    selfLots = alloc.retained.map((p, i) =>
      withCohort(
        {
          id: `self:${cycle}:${i}`,
          sourceUcId: s.ucId,
          posto: p.posto,
          gdClass: p.gdClass,
          kwh: Kwh.ofWh(p.wh),
          allocatedOn: date,
          sourceCycle: cycle,
        },
        p.cohort,
      ),
    );
    events.push(allocationEvent);
  }

  const ownUsable = injectedBase ? [] : own;
  const allReceived = selfLots.length === 0 ? usableReceived : [...usableReceived, ...selfLots];
  // R10: whether the UC has energy to draw on, and whether all of it is GD I.
  let hasSources = false;
  let onlyGdI = true;
  const see = (gdClass: string, wh: bigint) => {
    if (wh > 0n) hasSources = true;
    if (wh !== 0n && gdClass !== 'GD_I') onlyGdI = false;
  };
  for (const p of ownUsable) see(p.gdClass, p.wh);
  for (const r of allReceived) see(r.gdClass, r.kwh.wh);
  for (const c of usableCredits) see(c.gdClass, c.kwh.wh);
  // R10 / P10: the limit this reading's compensation stays within (refused with R10 when `cap` lacks T or f).
  const limit = grupoBLimit({
    grupoB,
    postos: s.postos,
    consumedWh: consumed,
    minimumWh: minimumWh ?? 0n,
    baixaRenda: s.baixaRenda,
    shortCycle,
    p10: context.p10,
    pricing: context.pricing,
    hasSources,
    onlyGdI,
    where: `a UC ${s.ucId} (${s.distribuidora}, ${s.subgrupo}) em ${date}`,
  });

  const outcome = compensateReading({
    ucId: s.ucId,
    postos: s.postos,
    readingDate: date,
    consumedWh: consumed,
    own: ownUsable,
    received: allReceived,
    credits: usableCredits,
    te: context.tariff,
    limit,
  });

  // R8: received excedente left over becomes credit with vintage = this reading.
  const receivedToCredit: CreditLotJson[] = [];
  for (const r of allReceived) {
    const left = r.kwh.wh - (outcome.receivedUsed.get(r.id) ?? 0n);
    if (left <= 0n) continue;
    receivedToCredit.push(
      creditToJson(
        withCohort(
          {
            vintage: date,
            posto: r.posto,
            gdClass: r.gdClass,
            kwh: Kwh.ofWh(left),
            expiresOn: expiryOf(date),
            sourceUcId: r.sourceUcId,
          },
          r.cohort,
        ),
      ),
    );
  }

  const excedente = injectedBase ? [] : outcome.ownLeft;
  const excedenteWh = (injectedBase ? own : excedente).reduce((a, p) => a + p.wh, 0n);
  let compensatedTotal = 0n;
  for (const wh of outcome.compensatedWh.values()) compensatedTotal += wh;
  const rules = ruleTrail(
    outcome.lines.map((l) => l.rule),
    outcome.minimumApplied,
    own.length > 0,
    excedenteWh > 0n,
    rateio,
    s.group,
  );

  const compensatedData: CycleCompensatedData = {
    ucId: s.ucId,
    cycle,
    readingDate: date,
    te: context.tariff ? { ...context.tariff.te } : null,
    consumed: recordOf(consumed, s.postos),
    injected: recordOf(injected, s.postos),
    injectedByClass: own.map(partJson),
    compensated: recordOf(outcome.compensatedWh, s.postos),
    billed: recordOf(outcome.billedWh, s.postos),
    compensatedKwh: Kwh.textOfWh(compensatedTotal),
    lines: outcome.lines.map(lineJson),
    receivedUsed: allReceived
      .filter((r) => !r.id.startsWith('self:'))
      .map((r) => ({ lotId: r.id, kwh: Kwh.textOfWh(outcome.receivedUsed.get(r.id) ?? 0n) })),
    creditsUsed: creditsUsedJson(usableCredits, outcome.creditsUsed),
    receivedToCredit,
    minimumKwh: minimumWh === null ? null : Kwh.textOfWh(minimumWh),
    minimumApplied: outcome.minimumApplied,
    excedenteKwh: Kwh.textOfWh(excedenteWh),
    rules,
    p12: context.p12,
    // R10: the inputs of the limit, so that a replay re-derives the same kWh.
    p10: context.p10,
    pricing: context.pricing ? pricingToJson(context.pricing, s.postos) : null,
    subgrupo: s.subgrupo,
    baixaRenda: s.baixaRenda,
    cycleDays,
    shortCycle,
  };
  if (context.billing) compensatedData.billing = context.billing; // last, only when gathered (as the spread was)
  events.push({ type: 'CycleCompensated', data: compensatedData });

  if (!injectedBase && excedenteWh > 0n)
    events.push(allocate(s, excedente, rateio, context, date, cycle, 'net', consumedTotal).event);

  // R9: what expires on the reading date itself leaves after the reading. Lots partly used here expire for the rest.
  if (onDate.expired.length) events.push(expired(s.ucId, date, onDate.expired));
  return events;
}

/** Wh of a posto's kWh text in a reading (refused as `Kwh.parse` refuses it, naming the field). */
function whOf(text: string | undefined, posto: string, what: 'consumed' | 'injected'): bigint {
  const wh = whOfText(text);
  return wh >= 0 ? BigInt(wh) : Kwh.parse(text as string, `postos.${posto}.${what}`).wh;
}

/** ReadingRecorded's postos: every posto of the UC, in its order. */
function readingPostos(
  postos: readonly Posto[],
  consumed: ReadonlyMap<Posto, bigint>,
  injected: ReadonlyMap<Posto, bigint>,
): ReadingPostosJson {
  const out: ReadingPostosJson = {};
  for (const p of postos)
    out[p] = { consumed: Kwh.textOfWh(consumed.get(p) ?? 0n), injected: Kwh.textOfWh(injected.get(p) ?? 0n) };
  return out;
}

type CycleCompensatedData = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];

function lineJson(l: CompensationLine): CycleCompensatedData['lines'][number] {
  const json: CycleCompensatedData['lines'][number] = {
    posto: l.posto,
    kwh: Kwh.textOfWh(l.wh),
    source: l.source,
    sourceUcId: l.sourceUcId,
    sourcePosto: l.sourcePosto,
    sourceKwh: Kwh.textOfWh(l.sourceWh),
    vintage: l.vintage,
    gdClass: l.gdClass,
    rule: l.rule,
    label: l.label,
  };
  if (l.cohort !== undefined) json.cohort = l.cohort; // as `cohortField` adds it: last, only when there is one
  return json;
}

/** The credits a reading used, in the order of the usable credits (each lot's key made once, and none when unused). */
function creditsUsedJson(
  usable: readonly CreditLot[],
  used: ReadonlyMap<string, bigint>,
): CycleCompensatedData['creditsUsed'] {
  const out: CycleCompensatedData['creditsUsed'] = [];
  if (used.size === 0) return out;
  for (const c of usable) {
    const wh = used.get(lotKey(c));
    if (wh === undefined) continue;
    out.push(
      withCohort(
        {
          vintage: c.vintage,
          posto: c.posto,
          gdClass: c.gdClass,
          sourceUcId: c.sourceUcId,
          kwh: Kwh.textOfWh(wh),
        },
        c.cohort,
      ),
    );
  }
  return out;
}

/** R4–R6 with the eligibility re-check; the event records the rateio, demands and facts compared. */
function allocate(
  s: UcState,
  parts: EnergyPart[],
  rateio: Rateio | null,
  context: RecordReading['context'],
  date: BusinessDate,
  cycle: string,
  surplusBase: 'net' | 'injected',
  ownConsumedWh: bigint,
): { event: UcEvent; retained: EnergyPart[] } {
  const facts: UcFacts[] = [];
  const ineligible: Record<string, string> = {};
  let demands: Record<string, string> | undefined;
  const demandsWh = new Map<string, bigint>();
  if (rateio) {
    const generator = {
      ucId: s.ucId,
      distribuidora: s.distribuidora,
      titularKey: s.titular!.key,
      modalidade: s.generation!.modalidade,
      billedAsGroupB: s.billedAsGroupB,
      members: s.members,
    };
    for (const ucId of rateioUcIds(rateio)) {
      const f = context.facts?.[ucId];
      if (f) facts.push(f);
      const why = ineligibilityReason(generator, ucId, f, context.permissionarias);
      if (why) ineligible[ucId] = why;
    }
    if (rateio.mode === 'priority') {
      demands = {};
      for (const ucId of rateio.order) {
        // P6a: demand = total consumption of the latest reading on or before this date; none yet → 0.
        // For the generator itself, its latest reading is this one.
        const latest = ucId === s.ucId ? null : context.facts?.[ucId]?.latestConsumption;
        const d =
          ucId === s.ucId ? ownConsumedWh : latest && latest.readingDate <= date ? Kwh.parse(latest.kwh).wh : 0n;
        demandsWh.set(ucId, d);
        demands[ucId] = Kwh.ofWh(d).toString();
      }
    }
  }
  const result = allocateExcedente({
    generatorUcId: s.ucId,
    parts,
    rateio,
    demandsWh,
    ineligible: new Set(Object.keys(ineligible)),
    postos: s.postos,
  });
  const total = parts.reduce((a, p) => a + p.wh, 0n);
  return {
    retained: result.retained,
    event: {
      type: 'ExcedenteAllocated',
      data: {
        ucId: s.ucId,
        cycle,
        readingDate: date,
        surplusBase,
        excedente: parts.map(partJson),
        excedenteKwh: Kwh.ofWh(total).toString(),
        rateio,
        // Recorded so a replay re-derives the decision: demands, eligibility and the permissionária setting (R13).
        inputs: {
          ...(demands ? { demands } : {}),
          ineligible,
          facts,
          ...(context.permissionarias && Object.keys(context.permissionarias).length
            ? { permissionarias: { ...context.permissionarias } }
            : {}),
        },
        allocations: result.allocations.map((a) => ({ ucId: a.ucId, ...partJson(a) })),
        retained: result.retained.map(partJson),
      },
    },
  };
}

function expired(ucId: string, date: BusinessDate, lots: CreditLot[]): UcEvent {
  return {
    type: 'CreditsExpired',
    data: { ucId, date, lots: lots.map(creditToJson), totalKwh: Kwh.sum(lots.map((l) => l.kwh)).toString() },
  };
}

/** R15: the largest percentage the rateio gives one UC other than the generator (GD III test). */
function largestOtherShare(rateio: Rateio | null, ucId: string): bigint {
  if (!rateio || rateio.mode !== 'percentage') return 0n;
  return rateio.shares
    .filter((s) => s.ucId !== ucId)
    .reduce((m, s) => {
      const u = Percent.parse(s.percent).units;
      return u > m ? u : m;
    }, 0n);
}

/** The rule ids that applied at this reading, for the audit trail. */
function ruleTrail(
  lineRules: string[],
  minimumApplied: boolean,
  injected: boolean,
  hasExcedente: boolean,
  rateio: Rateio | null,
  group: 'A' | 'B',
): string[] {
  const rules = new Set<string>();
  if (injected) rules.add('R15').add('R16');
  for (const r of lineRules) rules.add(r);
  if (minimumApplied) rules.add('R10');
  if (group === 'A') rules.add('R11');
  if (hasExcedente) {
    rules.add('R3').add('R4');
    if (rateio)
      rules
        .add(rateio.mode === 'percentage' ? 'R5' : 'R6')
        .add('R7')
        .add('R13');
  }
  rules.add('R9').add('R12');
  return [...rules];
}
