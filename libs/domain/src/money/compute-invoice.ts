import { BoundedMemo } from '../shared/bounded-memo';
import { InvalidInput } from '../shared/errors';
import { GD_CLASSES, gdClassLabel, type GdClass } from '../values/gd-class';
import { Kwh } from '../values/kwh';
import { POSTOS, type Posto } from '../values/posto';
import { bandeiraUnitPrice, type BandeiraPart } from './bandeira';
import { centavosOf, centavosText, estimateOf, kwhTextOfWh, MAX_TERMS, whOfText } from './centavos';
import { Money, type MoneyValue } from './cycle-pricing';
import { COHORT_2023_H1, type CohortClass, type ScceCohort } from '../values/scce-cohort';
import {
  amountText,
  fixedText,
  isExactText,
  moneyOfText,
  parseExact,
  recordedUnitPriceText,
  unitPriceText,
} from './decimal-text';
import { grossUpFactors, taxesOn } from './gross-up';
import type { GdClassPrinted, Invoice, InvoiceLine, InvoiceTariff } from './invoice';
import type { InvoiceFacts } from './invoice-facts';
import type { TaxSettings } from './tax-settings';
import {
  AJUSTE_CUSTO_DISPONIBILIDADE_LABEL,
  bandeiraLabel,
  compensadaLabel,
  consumoLabel,
  CUSTO_DISPONIBILIDADE_LABEL,
  NOTE_BAIXA_RENDA,
  NOTE_CD_BINDING,
  NOTE_NOT_PRICED,
  NOTE_OUTSIDE,
  NOTE_SHORT_CYCLE,
  NOTE_TRUNCATE,
  COHORT_LABEL,
  scceLabel,
  taxLabel,
} from './invoice-labels';
import { describeMissingTariff } from './missing-tariff';
import { roundAmount } from './rounding';

const ZERO = new Money(0);
const HUNDRED = new Money(100);
const KWH_TEXT = /^\d{1,15}(?:\.\d{1,3})?$/;
/** kWh text exactly as `kwhText` prints it (no leading zero, 3 places): what events record (`Kwh.toString`). */
const KWH_PRINTED = /^(?:0|[1-9]\d{0,14})\.\d{3}$/;

/**
 * What an f is looked up by: the GD class, or (R23, L art. 27 §2) the class of the 2023-H1 cohort's energy when the
 * cycle records its own f (2029–2030); otherwise cohort energy is priced with its class's f.
 */
type FKey = GdClass | `${CohortClass}:${ScceCohort}`;

/** kWh of a cycle, parsed once: per posto, consumption and compensated energy by class (E ≤ C per posto). */
interface Energy {
  readonly consumed: ReadonlyMap<Posto, MoneyValue>;
  readonly compensated: ReadonlyMap<Posto, ReadonlyMap<GdClass, MoneyValue>>;
  /** R23: compensated energy by the f it pays (a class, or a cohort's class), per posto. */
  readonly charged: ReadonlyMap<Posto, ReadonlyMap<FKey, MoneyValue>>;
  /** Each compensation with its plant size, for the ICMS of compensated energy (R27). */
  readonly compensations: readonly { posto: Posto; kwh: MoneyValue; exemptPlant: boolean }[];
}

/** kWh text as `Money` (the same value as its Wh / 1000); refused as `Kwh.parse` refuses it. */
function kwhOf(value: string, field: string): MoneyValue {
  if (typeof value === 'string' && KWH_TEXT.test(value)) return new Money(value);
  return new Money(Kwh.parse(value, field).wh.toString()).div(1000);
}

function kwhText(kwh: MoneyValue): string {
  return fixedText(kwh, 3);
}

/** R23: the f key of a compensation: its cohort's own only where the facts record the cohort's f. */
function fKeyOf(facts: InvoiceFacts, gdClass: GdClass, cohort: ScceCohort | undefined): FKey {
  if (cohort === undefined || gdClass === 'GD_I' || facts.pricing.fCohort === undefined) return gdClass;
  return `${gdClass}:${cohort}`;
}

function parseEnergy(facts: InvoiceFacts): Energy {
  const consumed = new Map<Posto, MoneyValue>();
  for (const posto of POSTOS) {
    const c = facts.consumed[posto];
    if (c !== undefined) consumed.set(posto, kwhOf(c, `consumed.${posto}`));
  }
  const compensated = new Map<Posto, Map<GdClass, MoneyValue>>();
  const charged = new Map<Posto, Map<FKey, MoneyValue>>();
  const compensations: { posto: Posto; kwh: MoneyValue; exemptPlant: boolean }[] = [];
  facts.compensation.forEach((line, i) => {
    const kwh = kwhOf(line.kwh, `compensation[${i}].kwh`);
    if (!consumed.has(line.posto))
      throw new InvalidInput(`compensation[${i}].posto`, `não há consumo no posto ${line.posto}`);
    let byClass = compensated.get(line.posto);
    if (byClass === undefined) compensated.set(line.posto, (byClass = new Map()));
    byClass.set(line.gdClass, add(byClass.get(line.gdClass) ?? null, kwh));
    let byKey = charged.get(line.posto);
    if (byKey === undefined) charged.set(line.posto, (byKey = new Map()));
    const key = fKeyOf(facts, line.gdClass, line.cohort);
    byKey.set(key, add(byKey.get(key) ?? null, kwh));
    compensations.push({ posto: line.posto, kwh, exemptPlant: line.plantUpTo1Mw });
  });
  for (const [posto, byClass] of compensated) {
    let e: MoneyValue | null = null;
    for (const v of byClass.values()) e = add(e, v);
    // Q3 / R10 §2 II: compensated energy never exceeds consumption.
    if (e !== null && e.gt(consumed.get(posto) ?? ZERO))
      throw new InvalidInput(`compensation.${posto}`, 'passa do consumo');
  }
  return { consumed, compensated, charged, compensations };
}

/** The prices the bill needs, or the list of what is missing. */
interface Prices {
  readonly T: ReadonlyMap<Posto, MoneyValue>;
  readonly te: ReadonlyMap<Posto, MoneyValue>;
  readonly f: ReadonlyMap<Posto, ReadonlyMap<FKey, MoneyValue>>;
  /** The recorded texts of T and f, by posto (and f key), printed once per text. */
  readonly texts: ReadonlyMap<MoneyValue, string>;
}

function pricesFor(facts: InvoiceFacts, energy: Energy): Prices | null {
  const T = new Map<Posto, MoneyValue>();
  const te = new Map<Posto, MoneyValue>();
  const f = new Map<Posto, Map<FKey, MoneyValue>>();
  const texts = new Map<MoneyValue, string>();
  const postos = new Set<Posto>(energy.consumed.keys());
  if (facts.group === 'B' && facts.minimum !== null && !facts.minimum.shortCycle) postos.add(cdPosto(facts));
  for (const posto of postos) {
    const t = facts.pricing.T[posto];
    const e = facts.pricing.te[posto];
    if (t === undefined || e === undefined) return null;
    const tValue = parseExact(t, `pricing.T.${posto}`);
    T.set(posto, tValue);
    texts.set(tValue, t);
    te.set(posto, parseExact(e, `pricing.te.${posto}`));
    const byKey = new Map<FKey, MoneyValue>();
    for (const key of energy.charged.get(posto)?.keys() ?? []) {
      const [gdClass, cohort] = key.split(':') as [GdClass, ScceCohort | undefined];
      const v =
        cohort === undefined
          ? facts.pricing.f[posto]?.[gdClass]
          : facts.pricing.fCohort?.[posto]?.[gdClass as CohortClass];
      if (v === undefined) return null;
      const fValue = parseExact(v, `pricing.${cohort === undefined ? 'f' : 'fCohort'}.${posto}.${gdClass}`);
      byKey.set(key, fValue);
      texts.set(fValue, v);
    }
    f.set(posto, byKey);
  }
  return { T, te, f, texts };
}

/**
 * R24: the posto whose T values CD. Grupo B conventional is `unico`; a Grupo B UC with postos (tarifa branca) has
 * its CD at the conventional tariff (REN art. 290 §4), which the facts do not carry: its fora_ponta T is used.
 */
function cdPosto(facts: InvoiceFacts): Posto {
  return facts.consumed.unico !== undefined || facts.pricing.T.unico !== undefined ? 'unico' : 'fora_ponta';
}

/** A line as the bill computes it (exact values; its text is written only for the invoice that is shown). */
interface BillLine {
  readonly code: InvoiceLine['code'];
  readonly posto: Posto | null;
  readonly gdClass: GdClass | null;
  readonly kwh: MoneyValue | null;
  /** The kWh as recorded, when that text is already `kwhText(kwh)` (a consumption). */
  readonly kwhText?: string;
  readonly unit: MoneyValue | null;
  readonly amount: MoneyValue | null;
  /** R23: an SCEE line of the 2023-H1 cohort's energy (its label says so). */
  readonly cohort?: true;
}

function line(
  code: InvoiceLine['code'],
  label: string,
  posto: Posto | null,
  gdClass: GdClass | null,
  kwh: MoneyValue | null,
  unit: MoneyValue | null,
  amount: MoneyValue | null,
): InvoiceLine {
  return {
    code,
    label,
    posto,
    gdClass: gdClass === null ? null : (gdClassLabel(gdClass) as GdClassPrinted),
    kwh: kwh === null ? null : kwhText(kwh),
    unitPrice: unit === null ? null : unitPriceText(unit),
    amount: amount === null ? null : amountText(amount),
  };
}

/** Unit prices the bill computed (the bandeira's, shared per month days, see `bandeiraUnitPrice`), as printed. */
const PRINTED_UNITS = new WeakMap<MoneyValue, string>();
function printedUnitPrice(unit: MoneyValue): string {
  let text = PRINTED_UNITS.get(unit);
  if (text === undefined) PRINTED_UNITS.set(unit, (text = unitPriceText(unit)));
  return text;
}

/** R26: the bandeira line's label: the flags of the parts with a rate. */
function bandeiraLabelOf(parts: readonly BandeiraPart[]): string {
  return bandeiraLabel(parts.filter((p) => moneyOfText(p.rate).gt(0)).map((p) => p.flag));
}

/** The printed label of a line (R17, R24–R27), written only for the invoice that is shown. */
function labelOf(l: BillLine, facts: InvoiceFacts): string {
  switch (l.code) {
    case 'consumo':
      return consumoLabel(l.posto as Posto);
    case 'compensada':
      return compensadaLabel(l.posto as Posto, l.gdClass as GdClass);
    case 'scee':
      return scceLabel(l.posto as Posto, l.gdClass as GdClass) + (l.cohort ? COHORT_LABEL : '');
    case 'custo_disponibilidade':
      return CUSTO_DISPONIBILIDADE_LABEL;
    case 'ajuste_custo_disponibilidade':
      return AJUSTE_CUSTO_DISPONIBILIDADE_LABEL;
    case 'bandeira':
      return bandeiraLabelOf(facts.bandeira);
    default:
      return taxLinesOf(facts.taxes).find((t) => t.tax === l.code)?.label ?? '';
  }
}

function lineText(l: BillLine, facts: InvoiceFacts, prices: Prices, amount: (v: MoneyValue) => string): InvoiceLine {
  // A recorded T or f is printed once per text (`recordedUnitPriceText`); the same digits as `unitPriceText`.
  const recorded = l.unit === null ? undefined : prices.texts.get(l.unit);
  return {
    code: l.code,
    label: labelOf(l, facts),
    posto: l.posto,
    gdClass: l.gdClass === null ? null : (gdClassLabel(l.gdClass) as GdClassPrinted),
    kwh: l.kwh === null ? null : (l.kwhText ?? kwhText(l.kwh)),
    unitPrice:
      l.unit === null ? null : recorded !== undefined ? recordedUnitPriceText(recorded) : printedUnitPrice(l.unit),
    amount: l.amount === null ? null : amount(l.amount),
  };
}

/** The figures of one bill, all amounts already rounded (R28). */
interface Bill {
  readonly lines: BillLine[];
  readonly minimumKwh: MoneyValue | null;
  readonly minimumAmount: MoneyValue | null;
  readonly minimumBinding: boolean;
  readonly energyParcel: MoneyValue;
  readonly scceCharge: MoneyValue;
  readonly bandeira: MoneyValue;
  readonly taxes: { icms: MoneyValue; pis: MoneyValue; cofins: MoneyValue };
  readonly total: MoneyValue;
}

/** R27: a tax setting's rates and their labels ("ICMS 19%"), once per setting. */
const TAX_RATES = new BoundedMemo<string, readonly { tax: 'icms' | 'pis' | 'cofins'; label: string }[]>(1_000);
let lastTaxes: { settings: InvoiceFacts['taxes']; lines: readonly { tax: 'icms' | 'pis' | 'cofins'; label: string }[] };
function taxLinesOf(taxes: InvoiceFacts['taxes']): readonly { tax: 'icms' | 'pis' | 'cofins'; label: string }[] {
  // An invoice asks several times with the same settings object: no key built for those.
  if (lastTaxes?.settings === taxes) return lastTaxes.lines;
  lastTaxes = { settings: taxes, lines: taxLinesByRates(taxes) };
  return lastTaxes.lines;
}

function taxLinesByRates(taxes: InvoiceFacts['taxes']): readonly { tax: 'icms' | 'pis' | 'cofins'; label: string }[] {
  return TAX_RATES.get(`${taxes.icms}|${taxes.pis}|${taxes.cofins}`, () => {
    const out: { tax: 'icms' | 'pis' | 'cofins'; label: string }[] = [];
    for (const tax of ['icms', 'pis', 'cofins'] as const) {
      const rate = moneyOfText(taxes[tax]);
      if (!rate.isZero()) out.push({ tax, label: taxLabel(tax, rate.times(HUNDRED).toFixed()) });
    }
    return out;
  });
}

/**
 * `a + b`, the same value as `a.plus(b)` (0 when both are missing): a sum of amounts rounded to R$ 0.01 or of kWh
 * starts from its first term, as 0 + b is b itself while b has no more than 56 digits (none rounded at 60, and a
 * zero keeps the sign `plus` gives it); one `Money` operation less per sum.
 */
function add(a: MoneyValue | null, b: MoneyValue): MoneyValue {
  if (a !== null) return a.plus(b);
  return b.isZero() || b.d.length > 8 ? ZERO.plus(b) : b;
}

/** v > 0, without building a `Money` for the 0. */
function isPositive(v: MoneyValue): boolean {
  return !v.isZero() && v.isPositive();
}

/** R27: T − te of a posto (its TUSD), once per pair of values (recorded texts share their value, `moneyOfText`). */
const TUSD = new WeakMap<MoneyValue, WeakMap<MoneyValue, MoneyValue>>();
function tusdOf(prices: Prices, posto: Posto): MoneyValue {
  const T = prices.T.get(posto) as MoneyValue;
  const te = prices.te.get(posto) as MoneyValue;
  let byTe = TUSD.get(T);
  if (byTe === undefined) TUSD.set(T, (byTe = new WeakMap()));
  let tusd = byTe.get(te);
  if (tusd === undefined) byTe.set(te, (tusd = T.minus(te)));
  return tusd;
}

/**
 * What a cycle's bill and the same cycle without the SCEE (R28) share, computed once: the bandeira's day-weighted
 * unit price (R26), each posto's consumption at full tariff (rounded, R28) and their sum, all of C, and the CD (R24).
 */
interface Shared {
  readonly bandeiraUnit: MoneyValue;
  readonly consumo: ReadonlyMap<Posto, MoneyValue>;
  /** Σ consumo: the billing lines of C at full tariff (whole centavos, so the sum is exact). */
  readonly consumoTotal: MoneyValue;
  /** Σ C, all postos (kWh). */
  readonly consumedKwh: MoneyValue;
  readonly cd: {
    readonly kwh: MoneyValue;
    readonly posto: Posto;
    readonly T: MoneyValue;
    readonly amount: MoneyValue;
  } | null;
}

/** R24: the CD of a minimum at a T, by their texts and the rounding (the same few come back at every invoice). */
const CD = new BoundedMemo<string, { kwh: MoneyValue; amount: MoneyValue }>(1_000);

function sharedOf(facts: InvoiceFacts, energy: Energy, prices: Prices): Shared {
  const round = (v: MoneyValue) => roundAmount(v, facts.rounding); // R28: each line rounded once
  const consumo = new Map<Posto, MoneyValue>();
  let consumoTotal: MoneyValue | null = null;
  let consumedKwh: MoneyValue | null = null;
  for (const [posto, c] of energy.consumed) {
    if (isPositive(c)) {
      const amount = round(c.times(prices.T.get(posto)!));
      consumo.set(posto, amount);
      consumoTotal = add(consumoTotal, amount);
    }
    consumedKwh = add(consumedKwh, c);
  }
  let cd: Shared['cd'] = null;
  if (facts.group === 'B' && facts.minimum !== null && !facts.minimum.shortCycle) {
    const posto = cdPosto(facts);
    const T = prices.T.get(posto) as MoneyValue;
    const text = facts.minimum.kwh;
    const tText = prices.texts.get(T);
    const key =
      typeof text === 'string' && KWH_TEXT.test(text) && tText !== undefined
        ? `${text}|${facts.minimum.baixaRenda}|${tText}|${facts.rounding}`
        : undefined;
    const minimum = facts.minimum;
    const compute = () => {
      const p = typeof text === 'string' && KWH_TEXT.test(text) ? moneyOfText(text) : kwhOf(text, 'minimum.kwh');
      const kwh = minimum.baixaRenda ? p.div(2) : p; // R24: CD halved for baixa renda
      return { kwh, amount: round(kwh.times(T)) }; // R24/R28: the rounded CD against the rounded billing lines
    };
    const value = key === undefined ? compute() : CD.get(key, compute);
    cd = { kwh: value.kwh, posto, T, amount: value.amount };
  }
  return {
    bandeiraUnit: bandeiraUnitPrice(facts.bandeira),
    consumo,
    consumoTotal: consumoTotal ?? ZERO,
    consumedKwh: consumedKwh ?? ZERO,
    cd,
  };
}

/**
 * R27: the taxes of a bill, each rounded once (R28); a tax whose rate is 0 has no line, and its amount is 0 all the
 * same (any base times 0).
 */
function roundedTaxes(facts: InvoiceFacts, full: MoneyValue, icmsOnly: MoneyValue): Bill['taxes'] {
  const exact = taxesOn({ full, icmsOnly }, facts.taxes);
  const rounding = facts.rounding;
  return {
    icms: roundAmount(exact.icms, rounding),
    pis: roundAmount(exact.pis, rounding),
    cofins: roundAmount(exact.cofins, rounding),
  };
}

/**
 * R28: the total is the sum of the rounded lines. Every line is whole centavos, so the sum does not depend on the
 * order the lines are added in (exact at 60 digits): the billing lines and the CD or its adjustment add up to the
 * energy parcel (R24: the billing, or CD when it is the greater), then the bandeira and the taxes that have a line.
 */
function totalOf(facts: InvoiceFacts, energyParcel: MoneyValue, bandeira: MoneyValue, taxes: Bill['taxes']) {
  let total = bandeira.isZero() ? energyParcel : energyParcel.plus(bandeira);
  for (const { tax } of taxLinesOf(facts.taxes)) total = total.plus(taxes[tax]);
  return total;
}

function bill(facts: InvoiceFacts, energy: Energy, prices: Prices, shared: Shared): Bill {
  const round = (v: MoneyValue) => roundAmount(v, facts.rounding); // R28: each line rounded once
  const bandeiraUnit = shared.bandeiraUnit;
  const lines: BillLine[] = [];
  // R24: the sum of the rounded billing lines: the consumption lines (their sum is shared), then the compensated
  // and SCEE lines; whole centavos, so adding the consumption lines first gives the same sum.
  let billing = shared.consumoTotal;
  let scce: MoneyValue | null = null;
  let compensatedKwh: MoneyValue | null = null; // R26: E, so the kWh billed at full tariff are C − E

  for (const [posto, c] of energy.consumed) {
    const T = prices.T.get(posto) as MoneyValue;
    const amount = shared.consumo.get(posto);
    if (amount !== undefined) {
      const recorded = facts.consumed[posto];
      const kwhText = recorded !== undefined && KWH_PRINTED.test(recorded) ? recorded : undefined;
      lines.push({ code: 'consumo', posto, gdClass: null, kwh: c, kwhText, unit: T, amount });
    }
    const byClass = energy.compensated.get(posto);
    if (byClass === undefined) continue;
    for (const gdClass of GD_CLASSES) {
      const e = byClass.get(gdClass);
      if (e === undefined || e.isZero()) continue;
      // R24/R25: compensated energy leaves the consumption at full tariff: (C − E) × T
      const amount = round(e.times(T)).negated();
      lines.push({ code: 'compensada', posto, gdClass, kwh: e, unit: T, amount });
      billing = billing.plus(amount);
      compensatedKwh = add(compensatedKwh, e);
    }
  }
  let fullBase = billing; // R27: amounts that pay ICMS, PIS and COFINS: (C − E) × T as rounded lines so far
  for (const [posto, byKey] of energy.charged) {
    for (const gdClass of GD_CLASSES) {
      const keys: readonly FKey[] = gdClass === 'GD_I' ? [gdClass] : [gdClass, `${gdClass}:${COHORT_2023_H1}`];
      for (const key of keys) {
        const e = byKey.get(key);
        const f = prices.f.get(posto)?.get(key);
        if (e === undefined || e.isZero() || f === undefined || f.isZero()) continue;
        // R23: + Σ E_i × f_i, f exact (never rounded before it is multiplied)
        const amount = round(e.times(f));
        const cohort = key === gdClass ? {} : { cohort: true as const };
        lines.push({ code: 'scee', posto, gdClass, kwh: e, unit: f, amount, ...cohort });
        billing = billing.plus(amount);
        scce = add(scce, amount);
      }
    }
  }
  if (facts.taxes.taxScceCharge && scce !== null) fullBase = fullBase.plus(scce); // R27: taxed only where set

  // R24: the greater of CD and the billing, never their sum (Grupo B); R25: Grupo A has no minimum.
  let minimumKwh: MoneyValue | null = null;
  let minimumAmount: MoneyValue | null = null;
  let minimumBinding = false;
  let energyParcel = billing;
  if (shared.cd !== null) {
    const { posto, T } = shared.cd;
    minimumKwh = shared.cd.kwh;
    minimumAmount = shared.cd.amount;
    if (minimumAmount.gt(billing)) {
      minimumBinding = true;
      if (lines.length === 0) {
        const kwh = minimumKwh;
        const amount = minimumAmount;
        lines.push({ code: 'custo_disponibilidade', posto, gdClass: null, kwh, unit: T, amount });
      } else {
        const amount = minimumAmount.minus(billing);
        const code = 'ajuste_custo_disponibilidade';
        lines.push({ code, posto: null, gdClass: null, kwh: null, unit: null, amount });
      }
      energyParcel = minimumAmount;
      // R27: the convênio's exemption never covers CD: when it binds, all of it is taxed (SCEE charge included).
      fullBase = minimumAmount;
    }
  }

  // R26: bandeira only on kWh billed at full tariff: C − E, or P when CD is the greater.
  let bandeira = ZERO;
  const bandeiraKwh = minimumBinding
    ? (minimumKwh as MoneyValue)
    : compensatedKwh === null
      ? shared.consumedKwh
      : shared.consumedKwh.minus(compensatedKwh);
  if (isPositive(bandeiraKwh) && isPositive(bandeiraUnit)) {
    bandeira = round(bandeiraKwh.times(bandeiraUnit));
    const kwh = bandeiraKwh;
    lines.push({ code: 'bandeira', posto: null, gdClass: null, kwh, unit: bandeiraUnit, amount: bandeira });
    fullBase = fullBase.plus(bandeira);
  }

  // R27: compensated energy keeps its ICMS where the convênio or the plant size says so (see gross-up.ts).
  let icmsOnly: MoneyValue | null = null;
  for (const k of energy.compensations) {
    const exempt = k.exemptPlant && facts.taxes.icmsConvenio16 !== 'none';
    if (!exempt) icmsOnly = add(icmsOnly, k.kwh.times(prices.T.get(k.posto) as MoneyValue));
    else if (facts.taxes.icmsConvenio16 === 'te-only') icmsOnly = add(icmsOnly, k.kwh.times(tusdOf(prices, k.posto)));
  }
  const taxes = roundedTaxes(facts, fullBase, icmsOnly ?? ZERO);
  for (const { tax } of taxLinesOf(facts.taxes)) {
    lines.push({ code: tax, posto: null, gdClass: null, kwh: null, unit: null, amount: taxes[tax] });
  }

  const total = totalOf(facts, energyParcel, bandeira, taxes);
  return {
    lines,
    minimumKwh,
    minimumAmount,
    minimumBinding,
    energyParcel,
    scceCharge: scce ?? ZERO,
    bandeira,
    taxes,
    total,
  };
}

/**
 * R28: the total of the same cycle without the SCEE: all of C at full tariff (CD still applies), bandeira and taxes
 * on it. It is `bill` with no compensated energy, from the parts it shares with the cycle's bill (the consumption
 * lines and their sum, all of C, the CD, the bandeira's unit price); it has no compensated, SCEE or ICMS-only amount.
 */
function withoutSceeTotal(facts: InvoiceFacts, shared: Shared): MoneyValue {
  let energyParcel = shared.consumoTotal; // R24: the billing is the consumption lines
  let bandeiraKwh = shared.consumedKwh; // R26: all of C
  if (shared.cd !== null && shared.cd.amount.gt(energyParcel)) {
    energyParcel = shared.cd.amount; // R24: CD is the greater
    bandeiraKwh = shared.cd.kwh; // R26: P when CD is the greater
  }
  let bandeira = ZERO;
  let full = energyParcel; // R27: all of it pays ICMS, PIS and COFINS (there is no SCEE charge)
  if (isPositive(bandeiraKwh) && isPositive(shared.bandeiraUnit)) {
    bandeira = roundAmount(bandeiraKwh.times(shared.bandeiraUnit), facts.rounding);
    full = full.plus(bandeira);
  }
  return totalOf(facts, energyParcel, bandeira, roundedTaxes(facts, full, ZERO));
}

/** The invoice's notes, then `moreNotes` (what the caller knows of the facts: see `invoiceOfCycle`). */
function notesFor(facts: InvoiceFacts, binding: boolean, moreNotes: readonly string[]): string[] {
  const notes = [NOTE_OUTSIDE];
  if (facts.group === 'B' && facts.minimum !== null) {
    if (facts.minimum.shortCycle) notes.push(NOTE_SHORT_CYCLE);
    else if (facts.minimum.baixaRenda) notes.push(NOTE_BAIXA_RENDA);
  }
  if (binding) notes.push(NOTE_CD_BINDING);
  if (facts.rounding === 'truncate') notes.push(NOTE_TRUNCATE);
  for (const note of moreNotes) notes.push(note);
  return notes;
}

function tariffOf(facts: InvoiceFacts, postos: Iterable<Posto>): Partial<Record<Posto, InvoiceTariff>> {
  const out: Partial<Record<Posto, InvoiceTariff>> = {};
  for (const posto of postos) {
    const T = facts.pricing.T[posto];
    if (T === undefined) continue;
    const f: Partial<Record<GdClassPrinted, string>> = {};
    for (const gdClass of GD_CLASSES) {
      const v = facts.pricing.f[posto]?.[gdClass];
      if (v !== undefined) f[gdClassLabel(gdClass) as GdClassPrinted] = recordedUnitPriceText(v);
    }
    out[posto] = { T: recordedUnitPriceText(T), f };
  }
  return out;
}

/** The kWh lines of a cycle whose tariff is missing: what was consumed and compensated, no R$. */
function unpriced(facts: InvoiceFacts, energy: Energy, moreNotes: readonly string[]): Invoice {
  const lines: InvoiceLine[] = [];
  for (const [posto, c] of energy.consumed) {
    if (c.gt(0)) lines.push(line('consumo', consumoLabel(posto), posto, null, c, null, null));
    for (const gdClass of GD_CLASSES) {
      const e = energy.compensated.get(posto)?.get(gdClass);
      if (e !== undefined && e.gt(0)) {
        lines.push(line('compensada', compensadaLabel(posto, gdClass), posto, gdClass, e, null, null));
      }
    }
  }
  const missing = facts.pricing.missing.map(describeMissingTariff);
  const minimum = facts.group === 'B' && facts.minimum !== null && !facts.minimum.shortCycle ? facts.minimum : null;
  return {
    status: 'tariff-missing',
    group: facts.group,
    lines,
    tariff: tariffOf(facts, energy.consumed.keys()),
    minimumKwh: minimum === null ? null : kwhText(kwhOf(minimum.kwh, 'minimum.kwh').div(minimum.baixaRenda ? 2 : 1)),
    minimumAmount: null,
    minimumBinding: false,
    energyParcel: null,
    scceCharge: null,
    bandeira: null,
    taxes: null,
    total: null,
    withoutScee: null,
    savings: null,
    notes: [
      ...notesFor(facts, false, []),
      ...(missing.length > 0 ? missing : ['Tarifa em R$ não publicada para este ciclo.']),
      NOTE_NOT_PRICED,
      ...moreNotes,
    ],
  };
}

/**
 * R22–R28: the invoice of one cycle, a pure and deterministic function of its recorded facts. Lines: consumption at
 * full tariff per posto, compensated energy per posto and class (negative), the SCEE charge per class, the CD or its
 * adjustment (R24), the bandeira (R26), ICMS, PIS and COFINS (R27); each rounded once, total = their sum (R28).
 * With a price missing it returns the kWh lines and notes naming the missing tariff, no R$.
 */
export function computeInvoice(facts: InvoiceFacts, moreNotes: readonly string[] = []): Invoice {
  return invoiceInCentavos(facts, moreNotes) ?? computeInvoiceExact(facts, moreNotes);
}

/**
 * `computeInvoice` all in decimal.js: the reference the fast path (`invoiceInCentavos`) must equal figure by figure,
 * and the answer whenever the fast path cannot be sure (or the facts are unusual, or refused).
 */
export function computeInvoiceExact(facts: InvoiceFacts, moreNotes: readonly string[] = []): Invoice {
  const energy = parseEnergy(facts);
  const prices = pricesFor(facts, energy);
  if (prices === null) return unpriced(facts, energy, moreNotes);
  const shared = sharedOf(facts, energy, prices);
  const b = bill(facts, energy, prices, shared);
  // With no compensated energy the cycle's bill is already the bill without the SCEE (the same figures).
  const withoutScee = energy.compensations.length === 0 ? b.total : withoutSceeTotal(facts, shared);
  // A line's amount is often also a figure of the summary (a tax, the bandeira, the CD): printed once.
  const printed = new Map<MoneyValue, string>();
  const amount = (v: MoneyValue): string => {
    let text = printed.get(v);
    if (text === undefined) printed.set(v, (text = amountText(v)));
    return text;
  };
  return {
    status: 'priced',
    group: facts.group,
    lines: b.lines.map((l) => lineText(l, facts, prices, amount)),
    tariff: tariffOf(facts, energy.consumed.keys()),
    minimumKwh: b.minimumKwh === null ? null : kwhText(b.minimumKwh),
    minimumAmount: b.minimumAmount === null ? null : amount(b.minimumAmount),
    minimumBinding: b.minimumBinding,
    energyParcel: amount(b.energyParcel),
    scceCharge: amount(b.scceCharge),
    bandeira: amount(b.bandeira),
    taxes: { icms: amount(b.taxes.icms), pis: amount(b.taxes.pis), cofins: amount(b.taxes.cofins) },
    total: amount(b.total),
    withoutScee: amountText(withoutScee),
    savings: amountText(withoutScee.minus(b.total)),
    notes: notesFor(facts, b.minimumBinding, moreNotes),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The fast path: the same invoice in whole centavos and whole Wh (see centavos.ts), or null
// ---------------------------------------------------------------------------------------------------------------

/** Postos and GD classes by their index in `POSTOS` and `GD_CLASSES` (arrays instead of maps per invoice). */
const POSTO_INDEX = new Map<string, number>(POSTOS.map((p, i) => [p, i]));
const CLASS_INDEX = new Map<string, number>(GD_CLASSES.map((c, i) => [c, i]));
/**
 * R23: the SCEE slots of a posto in the order `bill` writes their lines: GD I, GD II, GD II of the 2023-H1 cohort
 * (when the facts record its f), GD III, GD III of the cohort.
 */
const SLOTS = 5;
const SLOT_CLASS: readonly GdClass[] = ['GD_I', 'GD_II', 'GD_II', 'GD_III', 'GD_III'];
const SLOT_COHORT: readonly boolean[] = [false, false, true, false, true];
/** Per posto and SCEE slot, copied per invoice (a packed array, not a map): no entry (-1 Wh), no price. */
const NO_SLOTS: readonly number[] = Array.from({ length: POSTOS.length * SLOTS }, () => -1);
const NO_PRICES: readonly (PriceEstimate | null)[] = Array.from({ length: POSTOS.length * SLOTS }, () => null);
const SLOT_OF_CLASS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 2],
  [3, 4],
];

/** R17, R23: the line labels by posto (and class, or SCEE slot), written once. */
const CONSUMO_LABELS = POSTOS.map((p) => consumoLabel(p));
const COMPENSADA_LABELS = POSTOS.flatMap((p) => GD_CLASSES.map((c) => compensadaLabel(p, c)));
const SCEE_LABELS = POSTOS.flatMap((p) =>
  SLOT_CLASS.map((c, s) => scceLabel(p, c) + (SLOT_COHORT[s] ? COHORT_LABEL : '')),
);

/** A recorded price (T, te or f): its exact value, its estimate per Wh in centavos (value / 10), its printed text. */
interface PriceEstimate {
  readonly text: string;
  readonly value: MoneyValue;
  /** Estimate of value × 100 / 1000: the centavos of one Wh. */
  readonly perWh: number;
  /** `recordedUnitPriceText(text)`, once. */
  printed?: string;
  /** R27: the estimate per Wh of T − te, by te (for the TUSD of compensated energy under `te-only`). */
  tusd?: BoundedMemo<PriceEstimate, number>;
  /** R24: the CD at this T, by minimum, baixa renda and rounding. */
  cd?: BoundedMemo<string, (CdInCentavos | null | undefined)[]>;
}

interface CdInCentavos {
  readonly kwhText: string;
  /** Wh of P (or P / 2: a half Wh is exact in a float too). */
  readonly wh: number;
  readonly centavos: number;
}

const PRICE_ESTIMATES = new BoundedMemo<string, PriceEstimate | null>(10_000);

/** The estimate of a recorded price text, null when `parseExact` would refuse it or it is out of the float range. */
function priceEstimate(text: unknown): PriceEstimate | null {
  if (typeof text !== 'string') return null;
  return PRICE_ESTIMATES.get(text, estimatedPrice);
}

function estimatedPrice(text: string): PriceEstimate | null {
  if (!isExactText(text)) return null;
  const value = moneyOfText(text);
  const estimate = estimateOf(value);
  return Number.isNaN(estimate) ? null : { text, value, perWh: estimate / 10 };
}

/** R27: T − te per Wh (the exact path's `tusdOf`, estimated), NaN when out of the float range. */
function tusdPerWh(T: PriceEstimate, te: PriceEstimate): number {
  T.tusd ??= new BoundedMemo(100);
  return T.tusd.get(te, () => estimateOf(T.value.minus(te.value)) / 10);
}

/** R24: P (halved for baixa renda) and CD = P × T rounded once (R28), exactly as `sharedOf` does, once per T. */
function cdInCentavos(
  T: PriceEstimate,
  minimum: NonNullable<InvoiceFacts['minimum']>,
  rounding: InvoiceFacts['rounding'],
) {
  T.cd ??= new BoundedMemo(100);
  const four = T.cd.get(minimum.kwh, () => [undefined, undefined, undefined, undefined]);
  const i = (minimum.baixaRenda ? 1 : 0) + (rounding === 'abnt' ? 0 : 2); // as `roundAmount` reads it
  let cd = four[i];
  if (cd === undefined) {
    cd = null;
    if (typeof minimum.kwh === 'string' && KWH_TEXT.test(minimum.kwh)) {
      const p = moneyOfText(minimum.kwh);
      const kwh = minimum.baixaRenda ? p.div(2) : p;
      const amount = roundAmount(kwh.times(T.value), rounding);
      const wh = Number(kwh.times(1000).toFixed());
      const centavos = Number(amount.times(100).toFixed());
      if (Math.abs(centavos) < 2 ** 45 && wh < 2 ** 52) cd = { kwhText: kwhText(kwh), wh, centavos };
    }
    four[i] = cd;
  }
  return cd;
}

/** The tariff block of an invoice (`tariffOf`), per posto, once per recorded pricing (frozen: shared by invoices). */
const TARIFFS = new WeakMap<InvoiceFacts['pricing'], (InvoiceTariff | null | undefined)[]>();
function tariffByPosto(facts: InvoiceFacts, consumedWh: readonly number[]): Partial<Record<Posto, InvoiceTariff>> {
  let byPosto = TARIFFS.get(facts.pricing);
  if (byPosto === undefined)
    TARIFFS.set(facts.pricing, (byPosto = [undefined, undefined, undefined, undefined, undefined]));
  const out: Partial<Record<Posto, InvoiceTariff>> = {};
  for (let p = 0; p < POSTOS.length; p++) {
    if (consumedWh[p] < 0) continue;
    let tariff = byPosto[p];
    if (tariff === undefined) {
      const one = tariffOf(facts, [POSTOS[p]])[POSTOS[p]];
      byPosto[p] = tariff = one === undefined ? null : Object.freeze({ T: one.T, f: Object.freeze(one.f) });
    }
    if (tariff !== null) out[POSTOS[p]] = tariff;
  }
  return out;
}

/** R26: the day-weighted unit price of a cycle's bandeira parts (exact, and its estimate per Wh), once per parts. */
interface BandeiraEstimate {
  readonly unit: MoneyValue;
  readonly perWh: number;
  label?: string;
}
const BANDEIRAS = new WeakMap<readonly BandeiraPart[], BandeiraEstimate>();
function bandeiraEstimate(parts: readonly BandeiraPart[]): BandeiraEstimate {
  let b = BANDEIRAS.get(parts);
  if (b === undefined) {
    const unit = bandeiraUnitPrice(parts);
    BANDEIRAS.set(parts, (b = { unit, perWh: estimateOf(unit) / 10 }));
  }
  return b;
}

/** R27: a setting's rates and gross-up divisors as estimates (see `taxesOn`), once per settings object. */
interface TaxEstimates {
  readonly icms: number;
  readonly pis: number;
  readonly cofins: number;
  readonly fullDivisor: number;
  readonly oneMinusIcms: number;
  readonly aneel: boolean;
}
const TAX_ESTIMATES = new WeakMap<TaxSettings, TaxEstimates | null>();
function taxEstimates(settings: TaxSettings): TaxEstimates | null {
  let t = TAX_ESTIMATES.get(settings);
  if (t === undefined) {
    const f = grossUpFactors(settings);
    const e = {
      icms: estimateOf(f.icms),
      pis: estimateOf(f.pis),
      cofins: estimateOf(f.cofins),
      fullDivisor: estimateOf(f.fullDivisor),
      oneMinusIcms: estimateOf(f.oneMinusIcms),
      aneel: settings.grossUp === 'aneel',
    };
    // Rates are ≥ 0 (the settings' pattern) and below 1 together: both divisors positive, or the exact path decides.
    const ok = e.icms >= 0 && e.pis >= 0 && e.cofins >= 0 && e.fullDivisor > 0 && e.oneMinusIcms > 0;
    TAX_ESTIMATES.set(settings, (t = ok ? e : null));
  }
  return t;
}

/**
 * R27 + R28: `roundedTaxes` in centavos. `full` is exact whole centavos; `icmsOnly` the estimate of the ICMS-only
 * base in centavos and `icmsOnlyMagnitude` the sum of its terms' magnitudes. Null when a tax cannot be told.
 */
function taxesInCentavos(
  t: TaxEstimates,
  full: number,
  icmsOnly: number,
  icmsOnlyMagnitude: number,
  truncate: boolean,
): { icms: number; pis: number; cofins: number } | null {
  const gross = full / t.fullDivisor;
  const grossMagnitude = Math.abs(full) / t.fullDivisor;
  const taxed = icmsOnlyMagnitude === 0 ? gross : gross + icmsOnly / t.oneMinusIcms;
  const taxedMagnitude = icmsOnlyMagnitude === 0 ? grossMagnitude : grossMagnitude + icmsOnlyMagnitude / t.oneMinusIcms;
  const base = t.aneel ? gross : gross * t.oneMinusIcms; // PIS and COFINS on G (aneel) or G − ICMS (cascade)
  const baseMagnitude = t.aneel ? grossMagnitude : grossMagnitude * t.oneMinusIcms;
  const icms = centavosOf(taxed * t.icms, taxedMagnitude * t.icms, truncate);
  const pis = centavosOf(base * t.pis, baseMagnitude * t.pis, truncate);
  const cofins = centavosOf(base * t.cofins, baseMagnitude * t.cofins, truncate);
  if (Number.isNaN(icms) || Number.isNaN(pis) || Number.isNaN(cofins)) return null;
  return { icms, pis, cofins };
}

/** R28: Σ of the taxes that have a line, as `totalOf` adds them. */
function taxLinesTotal(taxes: InvoiceFacts['taxes'], amounts: { icms: number; pis: number; cofins: number }): number {
  let total = 0;
  for (const { tax } of taxLinesOf(taxes)) total += amounts[tax];
  return total;
}

/**
 * `computeInvoiceExact`'s invoice computed in whole centavos and Wh, with no decimal.js operation per invoice (the
 * exact values of prices, the CD and the bandeira's unit price are computed once and shared): the same lines in the
 * same order, the same figures and texts. Null when it cannot be sure of a figure (a rounding too close to call,
 * see `centavosOf`), when a price is missing (the kWh-only invoice), when the facts are out of its range (kWh or
 * amounts too large, unusual texts) or would be refused: `computeInvoiceExact` answers those.
 */
export function invoiceInCentavos(facts: InvoiceFacts, moreNotes: readonly string[] = []): Invoice | null {
  try {
    return centavosInvoice(facts, moreNotes);
  } catch {
    return null; // what the exact path refuses, it refuses with its own error
  }
}

function centavosInvoice(facts: InvoiceFacts, moreNotes: readonly string[]): Invoice | null {
  const truncate = facts.rounding !== 'abnt'; // as `roundAmount`
  const MAX_WH = Number.MAX_SAFE_INTEGER;

  // The energy, as `parseEnergy` reads it (what it refuses, the exact path refuses): Wh per posto, per posto and
  // class, and per posto and SCEE slot (-1: no such entry; an entry exists even for 0 Wh, and needs its f).
  const consumedWh = [-1, -1, -1, -1, -1];
  let consumedTotalWh = 0;
  for (let i = 0; i < POSTOS.length; i++) {
    const text = facts.consumed[POSTOS[i]];
    if (text === undefined) continue;
    const wh = whOfText(text);
    if (wh < 0) return null;
    consumedWh[i] = wh;
    consumedTotalWh += wh;
  }
  if (consumedTotalWh > MAX_WH) return null;
  const compensation = facts.compensation;
  if (compensation.length > MAX_TERMS) return null;
  const compensatedWh = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const slotWh = NO_SLOTS.slice();
  const chargedOrder: number[] = []; // postos in the order their first compensation comes (the exact path's Map)
  const lineWh: number[] = [];
  const withCohortF = facts.pricing.fCohort !== undefined;
  for (const l of compensation) {
    const wh = whOfText(l.kwh);
    const p = POSTO_INDEX.get(l.posto);
    const c = CLASS_INDEX.get(l.gdClass);
    if (wh < 0 || p === undefined || c === undefined || consumedWh[p] < 0) return null;
    if (l.cohort !== undefined && l.cohort !== COHORT_2023_H1) return null;
    compensatedWh[p * 3 + c] += wh;
    // R23: the cohort's own f only where the facts record it (`fKeyOf`)
    const slot = p * SLOTS + SLOT_OF_CLASS[c][l.cohort !== undefined && c !== 0 && withCohortF ? 1 : 0];
    if (slotWh[slot] < 0) {
      if (!chargedOrder.includes(p)) chargedOrder.push(p);
      slotWh[slot] = 0;
    }
    slotWh[slot] += wh;
    lineWh.push(wh);
  }
  for (let p = 0; p < POSTOS.length; p++) {
    // Q3 / R10 §2 II (the exact path refuses it); a sum above 2^53 Wh is above any consumption here too
    if (
      compensatedWh[p * 3] + compensatedWh[p * 3 + 1] + compensatedWh[p * 3 + 2] > consumedWh[p] &&
      consumedWh[p] >= 0
    )
      return null;
  }

  // The prices, as `pricesFor` finds them (a missing one: the kWh-only invoice, from the exact path).
  const pricing = facts.pricing;
  const withCd = facts.group === 'B' && facts.minimum !== null && !facts.minimum.shortCycle;
  const cdP = withCd ? cdPosto(facts) : null;
  const T: (PriceEstimate | null)[] = [null, null, null, null, null];
  const te: (PriceEstimate | null)[] = [null, null, null, null, null];
  const f = NO_PRICES.slice();
  for (let p = 0; p < POSTOS.length; p++) {
    const posto = POSTOS[p];
    if (consumedWh[p] < 0 && posto !== cdP) continue;
    const t = priceEstimate(pricing.T[posto]);
    const e = priceEstimate(pricing.te[posto]);
    if (t === null || e === null) return null;
    T[p] = t;
    te[p] = e;
    for (let s = 0; s < SLOTS; s++) {
      if (slotWh[p * SLOTS + s] < 0) continue;
      const gdClass = SLOT_CLASS[s];
      const v = SLOT_COHORT[s] ? pricing.fCohort?.[posto]?.[gdClass as CohortClass] : pricing.f[posto]?.[gdClass];
      const price = priceEstimate(v);
      if (price === null) return null;
      f[p * SLOTS + s] = price;
    }
  }
  const bandeiraPrice = bandeiraEstimate(facts.bandeira);
  if (Number.isNaN(bandeiraPrice.perWh)) return null;
  const taxRates = taxEstimates(facts.taxes);
  if (taxRates === null) return null;
  let cd: CdInCentavos | null = null;
  if (withCd) {
    cd = cdInCentavos(T[POSTO_INDEX.get(cdP as Posto) as number] as PriceEstimate, facts.minimum!, facts.rounding);
    if (cd === null) return null;
  }

  // `bill`: the lines in the same order, each amount rounded once (R28) in whole centavos.
  const lines: InvoiceLine[] = [];
  let consumoTotal = 0; // the consumption lines (shared with the bill without the SCEE)
  let billing = 0;
  let scce = 0;
  let compensatedTotalWh = 0;
  for (let p = 0; p < POSTOS.length; p++) {
    const c = consumedWh[p];
    if (c < 0) continue;
    const posto = POSTOS[p];
    const t = T[p] as PriceEstimate;
    const unitPrice = (t.printed ??= recordedUnitPriceText(t.text));
    if (c > 0) {
      const estimate = c * t.perWh;
      const amount = centavosOf(estimate, Math.abs(estimate), truncate);
      if (Number.isNaN(amount)) return null;
      consumoTotal += amount;
      const kwh = kwhTextOfWh(c);
      lines.push({
        code: 'consumo',
        label: CONSUMO_LABELS[p],
        posto,
        gdClass: null,
        kwh,
        unitPrice,
        amount: centavosText(amount),
      });
    }
    for (let k = 0; k < GD_CLASSES.length; k++) {
      const e = compensatedWh[p * 3 + k];
      if (e === 0) continue;
      // R24/R25: compensated energy leaves the consumption at full tariff: (C − E) × T
      const estimate = e * t.perWh;
      const amount = centavosOf(estimate, Math.abs(estimate), truncate);
      if (Number.isNaN(amount)) return null;
      billing -= amount;
      compensatedTotalWh += e;
      const gdClass = GD_CLASSES[k];
      lines.push({
        code: 'compensada',
        label: COMPENSADA_LABELS[p * 3 + k],
        posto,
        gdClass: gdClassLabel(gdClass) as GdClassPrinted,
        kwh: kwhTextOfWh(e),
        unitPrice,
        amount: centavosText(-amount),
      });
    }
  }
  billing += consumoTotal; // whole centavos: the order of the sum does not change it
  let fullBase = billing; // R27: (C − E) × T as rounded lines so far
  for (const p of chargedOrder) {
    const posto = POSTOS[p];
    for (let s = 0; s < SLOTS; s++) {
      const e = slotWh[p * SLOTS + s];
      const price = f[p * SLOTS + s];
      if (e <= 0 || price === null || price.perWh === 0) continue;
      // R23: + Σ E_i × f_i, f exact (never rounded before it is multiplied)
      const estimate = e * price.perWh;
      const amount = centavosOf(estimate, Math.abs(estimate), truncate);
      if (Number.isNaN(amount)) return null;
      billing += amount;
      scce += amount;
      const gdClass = SLOT_CLASS[s];
      lines.push({
        code: 'scee',
        label: SCEE_LABELS[p * SLOTS + s],
        posto,
        gdClass: gdClassLabel(gdClass) as GdClassPrinted,
        kwh: kwhTextOfWh(e),
        unitPrice: (price.printed ??= recordedUnitPriceText(price.text)),
        amount: centavosText(amount),
      });
    }
  }
  if (facts.taxes.taxScceCharge) fullBase += scce; // R27: taxed only where set

  // R24: the greater of CD and the billing, never their sum (Grupo B); R25: Grupo A has no minimum.
  let minimumBinding = false;
  let energyParcel = billing;
  if (cd !== null && cd.centavos > billing) {
    minimumBinding = true;
    if (lines.length === 0) {
      const unitPrice = recordedUnitPriceText((T[POSTO_INDEX.get(cdP as Posto) as number] as PriceEstimate).text);
      const amount = centavosText(cd.centavos);
      lines.push({
        code: 'custo_disponibilidade',
        label: CUSTO_DISPONIBILIDADE_LABEL,
        posto: cdP,
        gdClass: null,
        kwh: cd.kwhText,
        unitPrice,
        amount,
      });
    } else {
      const amount = centavosText(cd.centavos - billing);
      lines.push({
        code: 'ajuste_custo_disponibilidade',
        label: AJUSTE_CUSTO_DISPONIBILIDADE_LABEL,
        posto: null,
        gdClass: null,
        kwh: null,
        unitPrice: null,
        amount,
      });
    }
    energyParcel = cd.centavos;
    fullBase = cd.centavos; // R27: the convênio's exemption never covers CD
  }

  // R26: bandeira only on kWh billed at full tariff: C − E, or P when CD is the greater.
  let bandeira = 0;
  const bandeiraWh = minimumBinding ? (cd as CdInCentavos).wh : consumedTotalWh - compensatedTotalWh;
  if (bandeiraWh > 0 && bandeiraPrice.perWh > 0) {
    const estimate = bandeiraWh * bandeiraPrice.perWh;
    bandeira = centavosOf(estimate, estimate, truncate);
    if (Number.isNaN(bandeira)) return null;
    fullBase += bandeira;
    lines.push({
      code: 'bandeira',
      label: (bandeiraPrice.label ??= bandeiraLabelOf(facts.bandeira)),
      posto: null,
      gdClass: null,
      kwh: minimumBinding ? (cd as CdInCentavos).kwhText : kwhTextOfWh(bandeiraWh),
      unitPrice: printedUnitPrice(bandeiraPrice.unit),
      amount: centavosText(bandeira),
    });
  }

  // R27: compensated energy keeps its ICMS where the convênio or the plant size says so (see gross-up.ts).
  let icmsOnly = 0;
  let icmsOnlyMagnitude = 0;
  const convenio = facts.taxes.icmsConvenio16;
  for (let i = 0; i < compensation.length; i++) {
    const p = POSTO_INDEX.get(compensation[i].posto) as number;
    const exempt = compensation[i].plantUpTo1Mw && convenio !== 'none';
    let perWh: number;
    if (!exempt) perWh = (T[p] as PriceEstimate).perWh;
    else if (convenio === 'te-only') perWh = tusdPerWh(T[p] as PriceEstimate, te[p] as PriceEstimate);
    else continue;
    const term = lineWh[i] * perWh;
    icmsOnly += term;
    icmsOnlyMagnitude += Math.abs(term);
  }
  if (Number.isNaN(icmsOnlyMagnitude)) return null;
  const taxes = taxesInCentavos(taxRates, fullBase, icmsOnly, icmsOnlyMagnitude, truncate);
  if (taxes === null) return null;
  for (const { tax, label } of taxLinesOf(facts.taxes)) {
    lines.push({
      code: tax,
      label,
      posto: null,
      gdClass: null,
      kwh: null,
      unitPrice: null,
      amount: centavosText(taxes[tax]),
    });
  }
  const total = energyParcel + bandeira + taxLinesTotal(facts.taxes, taxes); // R28: the sum of the rounded lines

  // R28: the same cycle without the SCEE (`withoutSceeTotal`): all of C at full tariff, CD, bandeira and taxes.
  let withoutScee = total;
  if (compensation.length > 0) {
    let parcel = consumoTotal;
    let kwh = consumedTotalWh;
    if (cd !== null && cd.centavos > parcel) {
      parcel = cd.centavos;
      kwh = cd.wh;
    }
    let b = 0;
    if (kwh > 0 && bandeiraPrice.perWh > 0) {
      const estimate = kwh * bandeiraPrice.perWh;
      b = centavosOf(estimate, estimate, truncate);
      if (Number.isNaN(b)) return null;
    }
    const t = taxesInCentavos(taxRates, parcel + b, 0, 0, truncate);
    if (t === null) return null;
    withoutScee = parcel + b + taxLinesTotal(facts.taxes, t);
  }

  return {
    status: 'priced',
    group: facts.group,
    lines,
    tariff: tariffByPosto(facts, consumedWh),
    minimumKwh: cd === null ? null : cd.kwhText,
    minimumAmount: cd === null ? null : centavosText(cd.centavos),
    minimumBinding,
    energyParcel: centavosText(energyParcel),
    scceCharge: centavosText(scce),
    bandeira: centavosText(bandeira),
    taxes: { icms: centavosText(taxes.icms), pis: centavosText(taxes.pis), cofins: centavosText(taxes.cofins) },
    total: centavosText(total),
    withoutScee: centavosText(withoutScee),
    savings: centavosText(withoutScee - total),
    notes: notesFor(facts, minimumBinding, moreNotes),
  };
}
