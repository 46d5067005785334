import type { ScceCohort } from '../values/scce-cohort';
import { Money, type CyclePricing, type MoneyValue } from '../money/cycle-pricing';
import { RuleViolation } from '../shared/errors';
import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';

/** R10 / P10: how a distribuidora reads REN 655-I (a setting per distribuidora; `cap` is the rulebook's default). */
export type P10Mode = 'cap' | 'greater-of';

export const P10_MODES: readonly P10Mode[] = ['cap', 'greater-of'];

/** R10 (655-I §5): a baixa renda UC compensates at most C − 80 kWh. */
export const BAIXA_RENDA_RESERVED_WH = 80_000n;

/** R10 (REN art. 285 I): a Grupo B cycle shorter than this many days bills the measured consumption, no minimum. */
export const SHORT_CYCLE_DAYS = 27;

/**
 * How far compensation may go at one reading (R10, R11):
 * - `none`: up to the consumption (Grupo A, a short Grupo B cycle, `greater-of` with a source other than GD I);
 * - `kwh`: Σ E ≤ maxWh (GD I sources only: C − P; baixa renda: C − 80 kWh);
 * - `parcel`: `cap` with a source other than GD I: Σ E_l × (T_l − f_l) ≤ budget, in R$, with E in kWh.
 */
export type CompensationLimit =
  | { readonly kind: 'none' }
  | { readonly kind: 'kwh'; readonly maxWh: bigint }
  | {
      readonly kind: 'parcel';
      readonly budget: MoneyValue;
      /** T − f per kWh offset at a posto with energy of a class (and cohort, R23). */
      readonly costPerKwh: (posto: Posto, gdClass: GdClass, cohort?: ScceCohort) => MoneyValue;
    };

/** What R10 compares at one reading; all of it is recorded in CycleCompensated. */
export interface LimitFacts {
  /** Grupo B, or Grupo A billed as Grupo B: the only UCs with a minimum. */
  readonly grupoB: boolean;
  readonly postos: readonly Posto[];
  readonly consumedWh: ReadonlyMap<Posto, bigint>;
  /** P of the UC's connection, in Wh. */
  readonly minimumWh: bigint;
  readonly baixaRenda: boolean;
  /** The cycle is under 27 days (REN art. 285 I). */
  readonly shortCycle: boolean;
  readonly p10: P10Mode;
  readonly pricing: CyclePricing | null;
  /** The UC has some energy to draw on in this cycle (own injection, received excedente, credits). */
  readonly hasSources: boolean;
  /** Every source the UC can draw on in this cycle is GD I (f = 0). */
  readonly onlyGdI: boolean;
  /** For the refusal's message: whose tariff is missing. */
  readonly where: string;
}

const KWH_PER_WH = new Money('0.001');

/** R10: the limit that applies at this reading. Refuses with R10 when `cap` needs a T or f that is not given. */
export function grupoBLimit(f: LimitFacts): CompensationLimit {
  // R11: Grupo A compensates energy only, with no minimum.
  if (!f.grupoB) return { kind: 'none' };
  // R10 (REN art. 285 I): under 27 days no minimum is billed, so nothing caps compensation (E ≤ C). Read as lifting
  // the baixa renda 80 kWh too: §5's 80 kWh stands where the minimum would be, and there is none in a short cycle.
  if (f.shortCycle) return { kind: 'none' };
  const consumed = [...f.consumedWh.values()].reduce((a, b) => a + b, 0n);
  // Nothing to draw on, or nothing to offset: there is nothing to limit (and no tariff is needed).
  if (!f.hasSources || consumed === 0n) return { kind: 'none' };
  const upTo = (reserved: bigint): CompensationLimit => ({
    kind: 'kwh',
    maxWh: consumed > reserved ? consumed - reserved : 0n,
  });
  // R10 (655-I §5): baixa renda is not capped by §2 I; E ≤ C − 80 kWh, in either P10 mode. Its halved CD (R24) is an
  // invoice matter only: "where CD is halved the cap uses the halved P" never reaches the kWh here, because the only
  // UCs with a halved CD are the baixa renda ones, and §5 (not §2 I) caps them.
  if (f.baixaRenda) return upTo(BAIXA_RENDA_RESERVED_WH);
  // R10: with only GD I sources (f = 0) both modes stop at E ≤ C − P, for any T: no tariff needed.
  if (f.onlyGdI) return upTo(f.minimumWh);
  // R10 / P10 `greater-of`: a source other than GD I → all consumption may be compensated; the invoice bills the
  // greater of CD and the billing (R24).
  if (f.p10 === 'greater-of') return { kind: 'none' };
  return parcelBudget(f);
}

/**
 * R10 `cap`: Σ_l E_l × (T_{posto_l} − f_{posto_l, class_l}) ≤ Σ_p C_p × T_p − CD. For a `unico` UC this is the
 * rulebook's Σ E_i × (T − f_i) ≤ (C − P) × T; for a Grupo B UC with postos, CD = P × T of `fora_ponta` (the posto
 * where `unico` energy counts, R8), and each posto's consumption is valued at its own T.
 */
function parcelBudget(f: LimitFacts): CompensationLimit {
  const pricing = f.pricing;
  if (!pricing)
    throw RuleViolation(
      'R10',
      `não há tarifa (T, f) em vigor para ${f.where}: o limite precisa dela para uma fonte que não é GD I`,
    );
  const tOf = (p: Posto): MoneyValue => {
    const t = pricing.T[p];
    if (t === undefined) throw RuleViolation('R10', `não há tarifa T do posto ${p} em vigor para ${f.where}`);
    return t;
  };
  const refPosto: Posto = f.postos.length === 1 && f.postos[0] === 'unico' ? 'unico' : 'fora_ponta';
  let budget = new Money(0);
  for (const p of f.postos) budget = budget.plus(tOf(p).times(kwhOf(f.consumedWh.get(p) ?? 0n)));
  budget = budget.minus(tOf(refPosto).times(kwhOf(f.minimumWh)));
  // T − f is computed once per posto, class and cohort (each is asked for at every source drawn).
  const costs = new Map<string, MoneyValue>();
  return {
    kind: 'parcel',
    budget,
    costPerKwh: (posto, gdClass, cohort) => {
      const key = `${posto}|${gdClass}|${cohort ?? ''}`;
      let cost = costs.get(key);
      if (cost === undefined) {
        // R23 (L art. 27 §2): the 2023-H1 cohort's energy has its own f in 2029–2030 (recorded only then).
        const ofCohort = cohort === undefined || gdClass === 'GD_I' ? undefined : pricing.fCohort?.[posto]?.[gdClass];
        const fValue = ofCohort ?? pricing.f[posto]?.[gdClass];
        if (fValue === undefined) {
          throw RuleViolation(
            'R23',
            `o percentual do SCEE que precifica a energia ${gdClass} no posto ${posto} não está publicado (PUT /v1/scce-rates/{year}) para ${f.where}`,
          );
        }
        costs.set(key, (cost = tOf(posto).minus(fValue)));
      }
      return cost;
    },
  };
}

/** Wh as kWh in R$ arithmetic (exact). */
export function kwhOf(wh: bigint): MoneyValue {
  return new Money(wh.toString()).times(KWH_PER_WH);
}

/** Tracks a limit while sources are drawn in R8's order. */
export interface Limiter {
  /** The most Wh that may still be offset at `posto` with energy of `gdClass`; null: not limited (only by C). */
  room(posto: Posto, gdClass: GdClass, cohort?: ScceCohort): bigint | null;
  spend(posto: Posto, gdClass: GdClass, wh: bigint, cohort?: ScceCohort): void;
}

export function limiterOf(limit: CompensationLimit): Limiter {
  switch (limit.kind) {
    case 'none':
      return { room: () => null, spend: () => undefined };
    case 'kwh': {
      let left = limit.maxWh;
      return {
        room: () => left,
        spend: (_p, _c, wh) => {
          left -= wh;
        },
      };
    }
    case 'parcel': {
      let left = limit.budget;
      return {
        room: (posto, gdClass, cohort) => {
          const cost = limit.costPerKwh(posto, gdClass, cohort);
          // R10: a source with T − f ≤ 0 does not lower the parcel: only C limits it.
          if (cost.lte(0)) return null;
          if (left.lte(0)) return 0n;
          // The last kWh rounded down to 1 Wh: floor(left / (T − f)) kWh, in Wh.
          return BigInt(left.div(cost).div(KWH_PER_WH).floor().toFixed(0));
        },
        spend: (posto, gdClass, wh, cohort) => {
          // Σ E_l × (T − f_l), term by term as the rulebook writes it.
          left = left.minus(limit.costPerKwh(posto, gdClass, cohort).times(kwhOf(wh)));
        },
      };
    }
  }
}
