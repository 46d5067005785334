import type { DistribuidoraPolicy } from '../distribuidora/distribuidora-policy';
import type { UcState } from '../uc/uc-state';
import { parseBusinessDate, type BusinessDate } from '../values/business-date';
import { bandeiraParts, type BandeiraMonth } from './bandeira';
import type { BillingFacts } from './billing-facts';
import { cyclePeriod } from './cycle-period';
import type { CyclePricing } from './cycle-pricing';
import { cycleTariffsJson } from './invoice-facts';
import { priceCycleTariffs, type CycleTariffs } from './price-cycle';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import type { MoneyValue } from './cycle-pricing';
import type { ScceRates } from './scce-rates';
import type { TariffSchedule } from './tariff-schedule';

/** What a reading's money is gathered from, each read as of the reading (R12). */
export interface BillingInputs {
  /** The UC before the reading: its subgrupo, postos, registration and previous reading fix the cycle's days. */
  readonly uc: Pick<UcState, 'subgrupo' | 'postos' | 'registeredAt' | 'lastReading'>;
  readonly readingDate: string;
  /** R22: the distribuidora's tariffs in R$. */
  readonly schedule: TariffSchedule;
  /** P10, R27, R28: the distribuidora's policy in force on the reading date. */
  readonly policy: DistribuidoraPolicy;
  /** R23: the published SCEE rates (L art. 17), by year. */
  readonly scceRates: Readonly<Record<number, string>>;
  /** R26: the published bandeiras, by month `YYYY-MM`. */
  readonly bandeiras: Readonly<Record<string, BandeiraMonth>>;
  /** R27: the source UCs whose plant has more than 1 MW (only looked up when the taxes are set). */
  readonly plantsOver1Mw: readonly string[];
}

/** The months `YYYY-MM` a period touches, in order. */
function monthsBetween(from: BusinessDate, to: BusinessDate): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) return months;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/** R23: the cohort's f for the cap, where the cycle has one (2029–2030). */
function cohortPricing(t: CycleTariffs): Pick<CyclePricing, 'fCohort'> {
  return t.fCohort === undefined ? {} : { fCohort: t.fCohort };
}

/** R23: the published rates as `priceCycleTariffs` takes them, once per published set (never mutated). */
const ratesByYear = new WeakMap<Readonly<Record<number, string>>, ScceRates>();
function ratesOf(published: Readonly<Record<number, string>>): ScceRates {
  let rates = ratesByYear.get(published);
  if (rates === undefined) {
    rates = Object.fromEntries(Object.entries(published).map(([y, share]) => [y, { share }]));
    ratesByYear.set(published, rates);
  }
  return rates;
}

/**
 * R22–R28: the money of a reading on its own dates: the cycle's day-weighted T and f (the R10 cap needs them when a
 * source is not GD I; null unless every posto is priced), and the facts `CycleCompensated.billing` records for the
 * invoice. Null when the reading's dates are not valid (the decider then refuses it with the reason). The command
 * side records it; the audit computes it again from the streams as of the event and compares.
 */
export function billingOfReading(input: BillingInputs): { pricing: CyclePricing | null; billing: BillingFacts } | null {
  const { uc, policy } = input;
  let period;
  try {
    const readingDate = parseBusinessDate(input.readingDate, 'readingDate');
    if (!uc.registeredAt) return null;
    period = cyclePeriod({
      previousReadingDate: uc.lastReading?.readingDate ?? null,
      registrationDate: uc.registeredAt,
      readingDate,
    });
  } catch {
    return null;
  }
  const scceRates = ratesOf(input.scceRates);
  const tariffs = priceCycleTariffs({
    subgrupo: uc.subgrupo,
    postos: uc.postos,
    period,
    schedule: input.schedule,
    scceRates,
  });
  const months = monthsBetween(period.from, period.to);
  const bandeiraMissing = months.filter((m) => !input.bandeiras[m]);
  const billing: BillingFacts = {
    pricing: cycleTariffsJson(tariffs),
    bandeira: bandeiraMissing.length
      ? null
      : bandeiraParts(
          period,
          months.map((m) => input.bandeiras[m]),
        ),
    bandeiraMissing,
    taxes: policy.taxes,
    taxesSet: policy.taxesSet,
    rounding: policy.rounding,
    plantsOver1Mw: policy.taxesSet ? input.plantsOver1Mw : [],
  };
  // R10 / R23: the cap's prices. Every T is needed (else null: the cap refuses with R10); a posto's f is kept when
  // every class is priced, and the 2023-H1 cohort's f in 2029–2030 (L art. 27 §2). Where a rate from 2029 is not
  // published, the cap refuses with R23 only a source whose f needs it.
  const allT = uc.postos.every((p) => tariffs.T[p] !== undefined);
  let pricing: CyclePricing | null = null;
  if (allT && tariffs.missing.every((m) => m.kind !== 'tariff')) {
    const f: Partial<Record<Posto, Record<GdClass, MoneyValue>>> = {};
    for (const [p, byClass] of Object.entries(tariffs.f)) {
      if (GD_CLASSES.every((c) => byClass?.[c] !== undefined)) f[p as Posto] = byClass as Record<GdClass, MoneyValue>;
    }
    pricing = { T: tariffs.T, f, ...cohortPricing(tariffs) };
  }
  return { pricing, billing };
}
