import { RuleViolation } from '../shared/errors';
import { addDays, daysBetween, type BusinessDate } from '../values/business-date';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { COHORT_CLASSES, isCohortYear, type CohortClass } from '../values/scce-cohort';
import type { Subgrupo } from '../values/subgrupo';
import { Money, type CyclePricing, type MoneyValue } from './cycle-pricing';
import type { CyclePeriod } from './cycle-period';
import type { MissingTariff } from './missing-tariff';
import { scceChargeOn } from './scce-charge';
import type { ScceRates } from './scce-rates';
import { tariffInForce, type TariffSchedule } from './tariff-schedule';
import type { TariffComponents, TariffTable } from './tariff-table';

const ZERO = new Money(0);

/** What pricing a cycle needs: the UC's subgrupo and postos, the cycle's days, the published tariffs and rates. */
export interface PriceCycleInput {
  readonly subgrupo: Subgrupo;
  readonly postos: readonly Posto[];
  /** R22: inclusive at both ends (see `cyclePeriod`). */
  readonly period: CyclePeriod;
  readonly schedule: TariffSchedule;
  readonly scceRates: ScceRates;
}

/**
 * A cycle's prices as far as they are published: T and te per posto (day-weighted, R22) and f per posto and class
 * (mean of the days' values, R23). A value that cannot be computed is absent and named in `missing`.
 */
export interface CycleTariffs {
  readonly T: Readonly<Partial<Record<Posto, MoneyValue>>>;
  /** The TE part of T, for the ICMS of compensated energy under Convênio 16/2015 `te-only` (R27). */
  readonly te: Readonly<Partial<Record<Posto, MoneyValue>>>;
  readonly f: Readonly<Partial<Record<Posto, Readonly<Partial<Record<GdClass, MoneyValue>>>>>>;
  /**
   * R23 (L art. 27 §2): f of the 2023-H1 cohort's energy per posto and class, only for a cycle with days in 2029 or
   * 2030 (the only years its charge differs from `f`; absent otherwise, and then `f` holds for it).
   */
  readonly fCohort?: Readonly<Partial<Record<Posto, Readonly<Partial<Record<CohortClass, MoneyValue>>>>>>;
  readonly days: number;
  readonly missing: readonly MissingTariff[];
}

/**
 * The period cut where the table in force or the calendar year may change (R22: a table's validFrom; R23: the
 * share, GD I's end and the cohort's years belong to the year): inside a segment every day has the same T and f.
 */
interface Segment {
  readonly from: BusinessDate;
  readonly to: BusinessDate;
  readonly days: number;
  readonly year: number;
  readonly table: TariffTable | null;
}

function segmentsOf(period: CyclePeriod, schedule: TariffSchedule): Segment[] {
  const cuts = new Set<string>();
  for (const t of schedule) if (t.validFrom > period.from && t.validFrom <= period.to) cuts.add(t.validFrom);
  const firstYear = Number(period.from.slice(0, 4));
  const lastYear = Number(period.to.slice(0, 4));
  for (let y = firstYear + 1; y <= lastYear; y++) cuts.add(`${String(y).padStart(4, '0')}-01-01`);
  const starts = [period.from, ...([...cuts].sort() as BusinessDate[])];
  return starts.map((from, i) => {
    const to = i + 1 < starts.length ? addDays(starts[i + 1], -1) : period.to;
    return {
      from,
      to,
      days: daysBetween(from, to) + 1,
      year: Number(from.slice(0, 4)),
      table: tariffInForce(schedule, from),
    };
  });
}

/** A table's T = te + tusd and te as `Money`, parsed once per published components (never mutated). */
const parsedTariffs = new WeakMap<TariffComponents, { readonly T: MoneyValue; readonly te: MoneyValue }>();
function tariffOf(c: TariffComponents): { readonly T: MoneyValue; readonly te: MoneyValue } {
  let p = parsedTariffs.get(c);
  if (p === undefined) {
    const te = new Money(c.te);
    p = { T: te.plus(c.tusd), te }; // R22: T = te + tusd
    parsedTariffs.set(c, p);
  }
  return p;
}

/**
 * R22, R23: the day-weighted prices of a cycle, never throwing: T = Σ T_day / days (REN art. 173 §2), f = Σ f_day /
 * days with each day's share and components (a cycle spanning 31 December is weighted by days). Nothing rounded.
 * The days are summed by segment (value × days, see `segmentsOf`): every term is exact (8-place prices and shares
 * times whole days, at 60 digits), so the sums are those of the days one by one and the one division is the same.
 */
export function priceCycleTariffs(input: PriceCycleInput): CycleTariffs {
  const segments = segmentsOf(input.period, input.schedule);
  const count = segments.reduce((n, s) => n + s.days, 0);
  const withCohort = segments.some((s) => isCohortYear(s.year));
  const T: Partial<Record<Posto, MoneyValue>> = {};
  const te: Partial<Record<Posto, MoneyValue>> = {};
  const f: Partial<Record<Posto, Partial<Record<GdClass, MoneyValue>>>> = {};
  const fCohort: Partial<Record<Posto, Partial<Record<CohortClass, MoneyValue>>>> = {};
  const missing: MissingTariff[] = [];
  const missingRates = new Map<number, Set<GdClass>>();
  const noRate = (year: number, gdClass: GdClass) =>
    missingRates.set(year, (missingRates.get(year) ?? new Set()).add(gdClass));

  for (const posto of input.postos) {
    let tSum = ZERO;
    let teSum = ZERO;
    const fSum = new Map<GdClass, MoneyValue | null>(GD_CLASSES.map((c) => [c, ZERO]));
    const cohortSum = new Map<CohortClass, MoneyValue | null>(COHORT_CLASSES.map((c) => [c, ZERO]));
    const noTariff: { from: BusinessDate; to: BusinessDate }[] = [];
    for (const seg of segments) {
      const c = seg.table?.subgrupos[input.subgrupo]?.[posto] ?? null;
      if (c === null) {
        // R22: consecutive days with no tariff are named as one run.
        const last = noTariff[noTariff.length - 1];
        if (last !== undefined && addDays(last.to, 1) === seg.from)
          noTariff[noTariff.length - 1] = { ...last, to: seg.to };
        else noTariff.push({ from: seg.from, to: seg.to });
        continue;
      }
      const n = seg.days;
      const tariff = tariffOf(c);
      tSum = tSum.plus(tariff.T.times(n));
      teSum = teSum.plus(tariff.te.times(n));
      for (const gdClass of GD_CLASSES) {
        const value = scceChargeOn(gdClass, seg.from, c, input.scceRates);
        const sum = fSum.get(gdClass) ?? null;
        if (value === null) {
          noRate(seg.year, gdClass);
          fSum.set(gdClass, null);
        } else if (sum !== null) fSum.set(gdClass, sum.plus(value.times(n)));
      }
      if (!withCohort) continue;
      for (const gdClass of COHORT_CLASSES) {
        // R23 (L art. 27 §2): the cohort's value on the segment's days (2028's charge in 2029 and 2030).
        const value = scceChargeOn(gdClass, seg.from, c, input.scceRates, true);
        const sum = cohortSum.get(gdClass) ?? null;
        if (value === null) {
          noRate(seg.year, gdClass);
          cohortSum.set(gdClass, null);
        } else if (sum !== null) cohortSum.set(gdClass, sum.plus(value.times(n)));
      }
    }
    if (noTariff.length > 0) {
      for (const run of noTariff) missing.push({ kind: 'tariff', subgrupo: input.subgrupo, posto, ...run });
      continue;
    }
    T[posto] = tSum.div(count);
    te[posto] = teSum.div(count);
    const byClass: Partial<Record<GdClass, MoneyValue>> = {};
    for (const gdClass of GD_CLASSES) {
      const sum = fSum.get(gdClass) ?? null;
      if (sum !== null) byClass[gdClass] = sum.div(count); // R23: the mean of the days' values
    }
    f[posto] = byClass;
    if (withCohort) {
      const cohort: Partial<Record<CohortClass, MoneyValue>> = {};
      for (const gdClass of COHORT_CLASSES) {
        const sum = cohortSum.get(gdClass) ?? null;
        if (sum !== null) cohort[gdClass] = sum.div(count);
      }
      fCohort[posto] = cohort;
    }
  }
  for (const [year, classes] of [...missingRates].sort((a, b) => a[0] - b[0])) {
    missing.push({ kind: 'scce-rate', year, gdClasses: GD_CLASSES.filter((c) => classes.has(c)) });
  }
  return { T, te, f, ...(withCohort ? { fCohort } : {}), days: count, missing };
}

/** The invoice path: what is missing to price this cycle (empty when everything is published). */
export function missingTariffs(input: PriceCycleInput): readonly MissingTariff[] {
  return priceCycleTariffs(input).missing;
}

/**
 * R22, R23: the `CyclePricing` of a cycle, for the R10 cap and the invoice. Refuses, naming the rule, a posto with
 * a day with no tariff in R$ in force (R22; the engine reports its own R10 refusal if it prefers, RULES R10) and a
 * year from 2029 whose SCEE rate is not published (R23).
 */
export function priceCycle(input: PriceCycleInput): CyclePricing {
  const t = priceCycleTariffs(input);
  const noTariff = t.missing.find((m) => m.kind === 'tariff');
  if (noTariff !== undefined && noTariff.kind === 'tariff') {
    throw RuleViolation(
      'R22',
      `não há tarifa em R$ em vigor para o subgrupo ${noTariff.subgrupo}, posto ${noTariff.posto}, de ${noTariff.from} a ${noTariff.to}`,
    );
  }
  const noRate = t.missing.find((m) => m.kind === 'scce-rate');
  if (noRate !== undefined && noRate.kind === 'scce-rate') {
    throw RuleViolation(
      'R23',
      `o percentual do SCEE de ${noRate.year} não está publicado (PUT /v1/scce-rates/${noRate.year})`,
    );
  }
  const f: Partial<Record<Posto, Record<GdClass, MoneyValue>>> = {};
  for (const posto of input.postos) f[posto] = t.f[posto] as Record<GdClass, MoneyValue>;
  return { T: t.T, f, ...(t.fCohort ? { fCohort: t.fCohort } : {}) };
}
