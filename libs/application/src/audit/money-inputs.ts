import {
  BANDEIRA_STREAM,
  bandeiraDecider,
  billingOfReading,
  energySourcesOf,
  installedWatts,
  ONE_MW_WATTS,
  distribuidoraDecider,
  invoiceOfCycle,
  policyInForce,
  pricingToJson,
  SCCE_RATE_STREAM,
  scceRateDecider,
  type BandeiraEvent,
  type ScceRateEvent,
  type TariffEvent,
  type UcEvent,
  type UcState,
} from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { nationalStream, tariffStream, toDomainEvent } from '../stream-events';
import type { TrailInvoice } from './audit-report';
import { diffJson, type JsonDifference } from './json-diff';

type CycleCompensated = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];

/** R27: Convênio ICMS 16/2015 exempts energy from plants up to 1 MW (as the command side reads it). */

/** The national streams a reading's money reads (R23 rates, R26 bandeiras), by their stored names. */
export const NATIONAL_INPUT_STREAMS = [nationalStream(BANDEIRA_STREAM), nationalStream(SCCE_RATE_STREAM)];

/** Installed watts of each generating UC stream after each of its generation events, in position order. */
export type PlantTimelines = Map<string, { position: number; watts: bigint }[]>;

/**
 * R27: what `plantsOver1Mw` compares: every UC's installed power as it grew (GenerationRegistered, CapacityAdded),
 * read from the whole store up to the audited position, since a source plant may lie outside the selection.
 */
export async function plantTimelines(store: EventStore, position: number | null): Promise<PlantTimelines> {
  const out: PlantTimelines = new Map();
  for await (const e of store.readAll({ filter: { eventTypes: ['GenerationRegistered', 'CapacityAdded'] } })) {
    if (position !== null && e.position > position) break;
    const d = e.data as { installedKw?: string; addedKw?: string };
    const list = out.get(e.stream) ?? [];
    const before = list.length ? list[list.length - 1].watts : 0n;
    const kw = e.type === 'GenerationRegistered' ? d.installedKw : d.addedKw;
    list.push({ position: e.position, watts: (e.type === 'GenerationRegistered' ? 0n : before) + wattsOf(kw ?? '0') });
    out.set(e.stream, list);
  }
  return out;
}

/** "800.000" kW → 800000n W (kW carry at most 3 places). */
function wattsOf(kw: string): bigint {
  const [whole, frac = ''] = kw.split('.');
  return BigInt(whole) * 1000n + BigInt((frac + '000').slice(0, 3));
}

/** What the money check reads: the input streams as the audit read them, and the plants' power. */
export interface MoneyInputSources {
  /** `tariff-<code>` and `national-*` streams, by name. */
  readonly inputEvents: ReadonlyMap<string, RecordedEvent[]>;
  readonly plants: PlantTimelines | null;
}

/** Folds the events of a stream strictly before a position. */
function foldBefore<S, E>(
  events: RecordedEvent[] | undefined,
  position: number,
  initial: S,
  evolve: (s: S, e: E) => S,
): S {
  return (events ?? [])
    .filter((e) => e.position < position)
    .map((e) => toDomainEvent(e) as unknown as E)
    .reduce(evolve, initial);
}

/** R27: the source plants above 1 MW as of a position, as `plantsOver1Mw` on the command side gathers them. */
function plantsOver1MwAt(sources: MoneyInputSources, before: UcState, position: number): string[] {
  const ids = energySourcesOf(before);
  const over: string[] = [];
  for (const ucId of [...ids].sort()) {
    let watts = 0n;
    if (ucId === before.ucId) watts = installedWatts(before);
    else {
      const own = `uc-${before.distribuidora}-${ucId}`;
      const stream = sources.plants?.has(own)
        ? own
        : [...(sources.plants?.keys() ?? [])].find((s) => s.endsWith(`-${ucId}`) && /^uc-.+-\d+$/.test(s));
      const timeline = stream ? (sources.plants?.get(stream) ?? []) : [];
      for (const t of timeline) if (t.position < position) watts = t.watts;
    }
    if (watts > ONE_MW_WATTS) over.push(ucId);
  }
  return over;
}

/** The money inputs a reading recorded, as the streams had them at its position: what check 2 compares. */
export function expectedMoneyInputs(
  sources: MoneyInputSources,
  compensated: RecordedEvent,
  before: UcState,
): { p10: string; p12: string; pricing: unknown; billing: unknown } {
  const d = compensated.data as CycleCompensated;
  const at = compensated.position;
  const distribuidora = foldBefore<ReturnType<typeof distribuidoraDecider.evolve>, TariffEvent>(
    sources.inputEvents.get(tariffStream(before.distribuidora)),
    at,
    distribuidoraDecider.initialState,
    distribuidoraDecider.evolve,
  );
  const bandeiras = foldBefore<typeof bandeiraDecider.initialState, BandeiraEvent>(
    sources.inputEvents.get(nationalStream(BANDEIRA_STREAM)),
    at,
    bandeiraDecider.initialState,
    bandeiraDecider.evolve,
  );
  const rates = foldBefore<typeof scceRateDecider.initialState, ScceRateEvent>(
    sources.inputEvents.get(nationalStream(SCCE_RATE_STREAM)),
    at,
    scceRateDecider.initialState,
    scceRateDecider.evolve,
  );
  const policy = policyInForce(distribuidora.policies, d.readingDate);
  const money = billingOfReading({
    uc: before,
    readingDate: d.readingDate,
    schedule: distribuidora.schedule,
    policy,
    scceRates: rates.years,
    bandeiras: bandeiras.months,
    plantsOver1Mw: policy.taxesSet ? plantsOver1MwAt(sources, before, at) : [],
  });
  return {
    p10: policy.p10,
    p12: policy.p12,
    pricing: money?.pricing ? pricingToJson(money.pricing, before.postos) : null,
    billing: money?.billing ?? null,
  };
}

/**
 * Check 2 for money (R10, R12, R22–R28): the P10/P12 modes, the T and f the R10 cap used, and `billing` are
 * recorded inputs of a reading; computed again from the distribuidora's stream and the national streams as of the
 * event's position, they must be what was recorded. Null when the group has no reading that recorded its money
 * (events from before the money was recorded: their modes came from settings, not streams).
 */
export function checkMoneyInputs(
  sources: MoneyInputSources,
  group: RecordedEvent[],
  before: UcState,
): { event: RecordedEvent; differences: JsonDifference[] } | null {
  const c = group.find((e) => e.type === 'CycleCompensated');
  if (!c || !before.distribuidora) return null;
  const d = toDomainEvent<Extract<UcEvent, { type: 'CycleCompensated' }>>(c).data;
  if (d.billing === undefined) return null;
  const expected = expectedMoneyInputs(sources, c, before);
  const recorded = { p10: d.p10, p12: d.p12, pricing: d.pricing, billing: d.billing };
  return { event: c, differences: diffJson(expected, recorded, 10, 'data') };
}

/** The invoice of a cycle as the audit re-derives it (`invoiceOfCycle`): its status, energy parcel and total. */
export function trailInvoice(d: CycleCompensated): TrailInvoice | null {
  if (d.billing === undefined) return null;
  try {
    const invoice = invoiceOfCycle(d);
    return { energyParcel: invoice.energyParcel, status: invoice.status, total: invoice.total };
  } catch {
    return null;
  }
}
