import { COHORT_CLASSES, type CohortClass } from '../values/scce-cohort';
import { Money, type CyclePricing, type MoneyValue } from '../money/cycle-pricing';
import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import type { PricingJson } from '../uc/uc-events';

/** Texts of prices already written: UCs read on the same days share their cycle's prices (one `Money` each). */
const TEXTS = new WeakMap<MoneyValue, string>();
function textOf(value: MoneyValue): string {
  let text = TEXTS.get(value);
  if (text === undefined) TEXTS.set(value, (text = value.toString())); // a `Money` is immutable
  return text;
}

/** Records already written, by pricing and postos: UCs read on the same days share one (frozen: events share it). */
const RECORDED = new WeakMap<CyclePricing, Map<string, PricingJson>>();

/** T and f as decimal strings (never a float), for the postos of the UC and `fora_ponta` (the CD posto, R10). */
export function pricingToJson(pricing: CyclePricing, postos: readonly Posto[]): PricingJson {
  const key = postos.length === 1 ? postos[0] : postos.join(',');
  let byPostos = RECORDED.get(pricing);
  if (byPostos === undefined) RECORDED.set(pricing, (byPostos = new Map()));
  let json = byPostos.get(key);
  if (json === undefined) byPostos.set(key, (json = deepFreeze(pricingJsonOf(pricing, postos))));
  return json;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(o);
}

function pricingJsonOf(pricing: CyclePricing, postos: readonly Posto[]): PricingJson {
  const T: PricingJson['T'] = {};
  const f: PricingJson['f'] = {};
  for (const p of [...postos, 'fora_ponta' as const]) {
    const t = pricing.T[p];
    if (t !== undefined) T[p] = textOf(t);
    const fp = pricing.f[p];
    if (fp) f[p] = { GD_I: textOf(fp.GD_I), GD_II: textOf(fp.GD_II), GD_III: textOf(fp.GD_III) };
  }
  if (pricing.fCohort === undefined) return { T, f };
  // R23 (L art. 27 §2): the 2023-H1 cohort's f, recorded for cycles with days in 2029 or 2030.
  const fCohort: NonNullable<PricingJson['fCohort']> = {};
  for (const p of [...postos, 'fora_ponta' as const]) {
    const byClass = pricing.fCohort[p];
    if (byClass === undefined) continue;
    const out: Partial<Record<CohortClass, string>> = {};
    for (const c of COHORT_CLASSES) if (byClass[c] !== undefined) out[c] = textOf(byClass[c]);
    fCohort[p] = out;
  }
  return { T, f, fCohort };
}

/** The recorded T and f back as `Money`: a replay prices the cycle exactly as the decision did. */
export function pricingFromJson(json: PricingJson): CyclePricing {
  const T: Partial<Record<Posto, MoneyValue>> = {};
  const f: Partial<Record<Posto, Record<GdClass, MoneyValue>>> = {};
  for (const [p, t] of Object.entries(json.T)) T[p as Posto] = new Money(t!);
  for (const [p, byClass] of Object.entries(json.f)) {
    f[p as Posto] = {
      GD_I: new Money(byClass!.GD_I),
      GD_II: new Money(byClass!.GD_II),
      GD_III: new Money(byClass!.GD_III),
    };
  }
  if (json.fCohort === undefined) return { T, f };
  const fCohort: Partial<Record<Posto, Partial<Record<CohortClass, MoneyValue>>>> = {};
  for (const [p, byClass] of Object.entries(json.fCohort)) {
    const out: Partial<Record<CohortClass, MoneyValue>> = {};
    for (const c of COHORT_CLASSES) if (byClass?.[c] !== undefined) out[c] = new Money(byClass[c]);
    fCohort[p as Posto] = out;
  }
  return { T, f, fCohort };
}
