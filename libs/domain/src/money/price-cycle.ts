import { RuleViolation } from '../shared/errors';
import { addDays, type BusinessDate } from '../values/business-date';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { Money, type CyclePricing, type MoneyValue } from './cycle-pricing';
import { daysOf, type CyclePeriod } from './cycle-period';
import type { MissingTariff } from './missing-tariff';
import { scceChargeOn } from './scce-charge';
import type { ScceRates } from './scce-rates';
import { componentsOn, type TariffSchedule } from './tariff-schedule';
import type { Subgrupo } from '../values/subgrupo';
import type { TariffComponents } from './tariff-table';

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
  readonly days: number;
  readonly missing: readonly MissingTariff[];
}

/**
 * R22, R23: the day-weighted prices of a cycle, never throwing: T = Σ T_day / days (REN art. 173 §2), f = Σ f_day /
 * days with each day's share and components (a cycle spanning 31 December is weighted by days). Nothing rounded.
 */
export function priceCycleTariffs(input: PriceCycleInput): CycleTariffs {
  const days = daysOf(input.period);
  const count = days.length;
  const T: Partial<Record<Posto, MoneyValue>> = {};
  const te: Partial<Record<Posto, MoneyValue>> = {};
  const f: Partial<Record<Posto, Partial<Record<GdClass, MoneyValue>>>> = {};
  const missing: MissingTariff[] = [];
  const missingRates = new Map<number, Set<GdClass>>();

  for (const posto of input.postos) {
    let tSum = new Money(0);
    let teSum = new Money(0);
    const fSum = new Map<GdClass, MoneyValue | null>(GD_CLASSES.map((c) => [c, new Money(0)]));
    const noTariff: BusinessDate[] = [];
    // Days with the same components and the same year have the same T and f (R23's share and GD I's end belong to
    // the year): each run of them is summed once, value × days, which is exactly the sum of its days.
    let run: { components: TariffComponents; year: number; first: BusinessDate; days: number } | null = null;
    const addRun = () => {
      if (run === null) return;
      const { components: c, year, first, days: n } = run;
      tSum = tSum.plus(new Money(c.te).plus(c.tusd).times(n)); // R22: T = te + tusd
      teSum = teSum.plus(new Money(c.te).times(n));
      for (const gdClass of GD_CLASSES) {
        const value = scceChargeOn(gdClass, first, c, input.scceRates);
        const sum = fSum.get(gdClass) ?? null;
        if (value === null) {
          missingRates.set(year, (missingRates.get(year) ?? new Set()).add(gdClass));
          fSum.set(gdClass, null);
        } else if (sum !== null) {
          fSum.set(gdClass, sum.plus(value.times(n)));
        }
      }
    };
    for (const day of days) {
      const c = componentsOn(input.schedule, input.subgrupo, posto, day);
      if (c === null) {
        noTariff.push(day);
        continue;
      }
      const year = Number(day.slice(0, 4));
      if (run !== null && run.components === c && run.year === year) run.days += 1;
      else {
        addRun();
        run = { components: c, year, first: day, days: 1 };
      }
    }
    addRun();
    if (noTariff.length > 0) {
      for (const run of runsOf(noTariff)) missing.push({ kind: 'tariff', subgrupo: input.subgrupo, posto, ...run });
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
  }
  for (const [year, classes] of [...missingRates].sort((a, b) => a[0] - b[0])) {
    missing.push({ kind: 'scce-rate', year, gdClasses: GD_CLASSES.filter((c) => classes.has(c)) });
  }
  return { T, te, f, days: count, missing };
}

/** Consecutive days grouped into runs (the list is in day order, one day apart inside a run). */
function runsOf(days: readonly BusinessDate[]): { from: BusinessDate; to: BusinessDate }[] {
  const runs: { from: BusinessDate; to: BusinessDate }[] = [];
  for (const day of days) {
    const last = runs[runs.length - 1];
    if (last !== undefined && addDays(last.to, 1) === day) runs[runs.length - 1] = { from: last.from, to: day };
    else runs.push({ from: day, to: day });
  }
  return runs;
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
      `no tariff in R$ in force for ${noTariff.subgrupo} ${noTariff.posto} from ${noTariff.from} to ${noTariff.to}`,
    );
  }
  const noRate = t.missing.find((m) => m.kind === 'scce-rate');
  if (noRate !== undefined && noRate.kind === 'scce-rate') {
    throw RuleViolation('R23', `the SCEE rate for ${noRate.year} is not published (PUT /v1/scce-rates/${noRate.year})`);
  }
  const f: Partial<Record<Posto, Record<GdClass, MoneyValue>>> = {};
  for (const posto of input.postos) f[posto] = t.f[posto] as Record<GdClass, MoneyValue>;
  return { T: t.T, f };
}
