import { InvalidInput } from '../shared/errors';
import { GD_CLASSES, gdClassLabel, type GdClass } from '../values/gd-class';
import { Kwh } from '../values/kwh';
import { POSTOS, type Posto } from '../values/posto';
import { bandeiraUnitPrice } from './bandeira';
import { Money, type MoneyValue } from './cycle-pricing';
import { amountText, parseExact, unitPriceText } from './decimal-text';
import { taxesOn } from './gross-up';
import type { GdClassPrinted, Invoice, InvoiceLine, InvoiceTariff } from './invoice';
import type { InvoiceFacts } from './invoice-facts';
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
  scceLabel,
  taxLabel,
} from './invoice-labels';
import { describeMissingTariff } from './missing-tariff';
import { roundAmount } from './rounding';

const ZERO = new Money(0);

/** kWh of a cycle, parsed once: per posto, consumption and compensated energy by class (E ≤ C per posto). */
interface Energy {
  readonly consumed: ReadonlyMap<Posto, MoneyValue>;
  readonly compensated: ReadonlyMap<Posto, ReadonlyMap<GdClass, MoneyValue>>;
  /** Each compensation with its plant size, for the ICMS of compensated energy (R27). */
  readonly compensations: readonly { posto: Posto; kwh: MoneyValue; exemptPlant: boolean }[];
}

function kwhOf(value: string, field: string): MoneyValue {
  return new Money(Kwh.parse(value, field).wh.toString()).div(1000);
}

function kwhText(kwh: MoneyValue): string {
  return kwh.toFixed(3);
}

function parseEnergy(facts: InvoiceFacts, withCompensation: boolean): Energy {
  const consumed = new Map<Posto, MoneyValue>();
  for (const posto of POSTOS) {
    const c = facts.consumed[posto];
    if (c !== undefined) consumed.set(posto, kwhOf(c, `consumed.${posto}`));
  }
  const compensated = new Map<Posto, Map<GdClass, MoneyValue>>();
  const compensations: { posto: Posto; kwh: MoneyValue; exemptPlant: boolean }[] = [];
  if (withCompensation) {
    facts.compensation.forEach((line, i) => {
      const kwh = kwhOf(line.kwh, `compensation[${i}].kwh`);
      if (!consumed.has(line.posto))
        throw new InvalidInput(`compensation[${i}].posto`, `no consumption at ${line.posto}`);
      const byClass = compensated.get(line.posto) ?? new Map<GdClass, MoneyValue>();
      byClass.set(line.gdClass, (byClass.get(line.gdClass) ?? ZERO).plus(kwh));
      compensated.set(line.posto, byClass);
      compensations.push({ posto: line.posto, kwh, exemptPlant: line.plantUpTo1Mw });
    });
    for (const [posto, byClass] of compensated) {
      const e = [...byClass.values()].reduce((s, v) => s.plus(v), ZERO);
      // Q3 / R10 §2 II: compensated energy never exceeds consumption.
      if (e.gt(consumed.get(posto) ?? ZERO)) throw new InvalidInput(`compensation.${posto}`, 'exceeds consumption');
    }
  }
  return { consumed, compensated, compensations };
}

/** The prices the bill needs, or the list of what is missing. */
interface Prices {
  readonly T: ReadonlyMap<Posto, MoneyValue>;
  readonly te: ReadonlyMap<Posto, MoneyValue>;
  readonly f: ReadonlyMap<Posto, ReadonlyMap<GdClass, MoneyValue>>;
}

function pricesFor(facts: InvoiceFacts, energy: Energy): Prices | null {
  const T = new Map<Posto, MoneyValue>();
  const te = new Map<Posto, MoneyValue>();
  const f = new Map<Posto, Map<GdClass, MoneyValue>>();
  const postos = new Set<Posto>(energy.consumed.keys());
  if (facts.group === 'B' && facts.minimum !== null && !facts.minimum.shortCycle) postos.add(cdPosto(facts));
  for (const posto of postos) {
    const t = facts.pricing.T[posto];
    const e = facts.pricing.te[posto];
    if (t === undefined || e === undefined) return null;
    T.set(posto, parseExact(t, `pricing.T.${posto}`));
    te.set(posto, parseExact(e, `pricing.te.${posto}`));
    const byClass = new Map<GdClass, MoneyValue>();
    for (const gdClass of energy.compensated.get(posto)?.keys() ?? []) {
      const v = facts.pricing.f[posto]?.[gdClass];
      if (v === undefined) return null;
      byClass.set(gdClass, parseExact(v, `pricing.f.${posto}.${gdClass}`));
    }
    f.set(posto, byClass);
  }
  return { T, te, f };
}

/**
 * R24: the posto whose T values CD. Grupo B conventional is `unico`; a Grupo B UC with postos (tarifa branca) has
 * its CD at the conventional tariff (REN art. 290 §4), which the facts do not carry: its fora_ponta T is used.
 */
function cdPosto(facts: InvoiceFacts): Posto {
  return facts.consumed.unico !== undefined || facts.pricing.T.unico !== undefined ? 'unico' : 'fora_ponta';
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

/** The figures of one bill, all amounts already rounded (R28). */
interface Bill {
  readonly lines: InvoiceLine[];
  readonly minimumKwh: MoneyValue | null;
  readonly minimumAmount: MoneyValue | null;
  readonly minimumBinding: boolean;
  readonly energyParcel: MoneyValue;
  readonly scceCharge: MoneyValue;
  readonly bandeira: MoneyValue;
  readonly taxes: { icms: MoneyValue; pis: MoneyValue; cofins: MoneyValue };
  readonly total: MoneyValue;
}

function bill(facts: InvoiceFacts, energy: Energy, prices: Prices): Bill {
  const round = (v: MoneyValue) => roundAmount(v, facts.rounding); // R28: each line rounded once
  const lines: InvoiceLine[] = [];
  let billing = ZERO; // R24: the sum of the rounded billing lines
  let scce = ZERO;
  let billedKwh = ZERO; // R26: C − E

  for (const [posto, c] of energy.consumed) {
    const T = prices.T.get(posto) as MoneyValue;
    if (c.gt(0)) {
      const amount = round(c.times(T));
      lines.push(line('consumo', consumoLabel(posto), posto, null, c, T, amount));
      billing = billing.plus(amount);
    }
    billedKwh = billedKwh.plus(c);
    for (const gdClass of GD_CLASSES) {
      const e = energy.compensated.get(posto)?.get(gdClass);
      if (e === undefined || e.isZero()) continue;
      // R24/R25: compensated energy leaves the consumption at full tariff: (C − E) × T
      const amount = round(e.times(T)).negated();
      lines.push(line('compensada', compensadaLabel(posto, gdClass), posto, gdClass, e, T, amount));
      billing = billing.plus(amount);
      billedKwh = billedKwh.minus(e);
    }
  }
  let fullBase = billing; // R27: amounts that pay ICMS, PIS and COFINS: (C − E) × T as rounded lines so far
  for (const [posto, byClass] of energy.compensated) {
    for (const gdClass of GD_CLASSES) {
      const e = byClass.get(gdClass);
      const f = prices.f.get(posto)?.get(gdClass);
      if (e === undefined || e.isZero() || f === undefined || f.isZero()) continue;
      // R23: + Σ E_i × f_i, f exact (never rounded before it is multiplied)
      const amount = round(e.times(f));
      lines.push(line('scee', scceLabel(posto, gdClass), posto, gdClass, e, f, amount));
      billing = billing.plus(amount);
      scce = scce.plus(amount);
    }
  }
  if (facts.taxes.taxScceCharge) fullBase = fullBase.plus(scce); // R27: taxed only where the setting says so

  // R24: the greater of CD and the billing, never their sum (Grupo B); R25: Grupo A has no minimum.
  let minimumKwh: MoneyValue | null = null;
  let minimumAmount: MoneyValue | null = null;
  let minimumBinding = false;
  let energyParcel = billing;
  if (facts.group === 'B' && facts.minimum !== null && !facts.minimum.shortCycle) {
    const p = kwhOf(facts.minimum.kwh, 'minimum.kwh');
    minimumKwh = facts.minimum.baixaRenda ? p.div(2) : p; // R24: CD halved for baixa renda
    const posto = cdPosto(facts);
    const T = prices.T.get(posto) as MoneyValue;
    minimumAmount = round(minimumKwh.times(T)); // R24/R28: the rounded CD against the rounded billing lines
    if (minimumAmount.gt(billing)) {
      minimumBinding = true;
      if (lines.length === 0) {
        lines.push(
          line('custo_disponibilidade', CUSTO_DISPONIBILIDADE_LABEL, posto, null, minimumKwh, T, minimumAmount),
        );
      } else {
        lines.push(
          line(
            'ajuste_custo_disponibilidade',
            AJUSTE_CUSTO_DISPONIBILIDADE_LABEL,
            null,
            null,
            null,
            null,
            minimumAmount.minus(billing),
          ),
        );
      }
      energyParcel = minimumAmount;
      // R27: the convênio's exemption never covers CD: when it binds, all of it is taxed (SCEE charge included).
      fullBase = minimumAmount;
    }
  }

  // R26: bandeira only on kWh billed at full tariff: C − E, or P when CD is the greater.
  let bandeira = ZERO;
  const bandeiraKwh = minimumBinding ? (minimumKwh as MoneyValue) : billedKwh;
  const bandeiraUnit = bandeiraUnitPrice(facts.bandeira);
  if (bandeiraKwh.gt(0) && bandeiraUnit.gt(0)) {
    bandeira = round(bandeiraKwh.times(bandeiraUnit));
    const label = bandeiraLabel(facts.bandeira.filter((p) => new Money(p.rate).gt(0)).map((p) => p.flag));
    lines.push(line('bandeira', label, null, null, bandeiraKwh, bandeiraUnit, bandeira));
    fullBase = fullBase.plus(bandeira);
  }

  // R27: compensated energy keeps its ICMS where the convênio or the plant size says so (see gross-up.ts).
  let icmsOnly = ZERO;
  for (const k of energy.compensations) {
    const T = prices.T.get(k.posto) as MoneyValue;
    const te = prices.te.get(k.posto) as MoneyValue;
    const exempt = k.exemptPlant && facts.taxes.icmsConvenio16 !== 'none';
    if (!exempt) icmsOnly = icmsOnly.plus(k.kwh.times(T));
    else if (facts.taxes.icmsConvenio16 === 'te-only') icmsOnly = icmsOnly.plus(k.kwh.times(T.minus(te)));
  }
  const exactTaxes = taxesOn({ full: fullBase, icmsOnly }, facts.taxes);
  const taxes = { icms: round(exactTaxes.icms), pis: round(exactTaxes.pis), cofins: round(exactTaxes.cofins) };
  for (const tax of ['icms', 'pis', 'cofins'] as const) {
    const rate = new Money(facts.taxes[tax]);
    if (rate.isZero()) continue;
    lines.push(line(tax, taxLabel(tax, rate.times(100).toFixed()), null, null, null, null, taxes[tax]));
  }

  // R28: the total is the sum of the rounded lines.
  const total = lines.reduce((s, l) => s.plus(l.amount ?? '0'), ZERO);
  return { lines, minimumKwh, minimumAmount, minimumBinding, energyParcel, scceCharge: scce, bandeira, taxes, total };
}

function notesFor(facts: InvoiceFacts, binding: boolean): string[] {
  const notes = [NOTE_OUTSIDE];
  if (facts.group === 'B' && facts.minimum !== null) {
    if (facts.minimum.shortCycle) notes.push(NOTE_SHORT_CYCLE);
    else if (facts.minimum.baixaRenda) notes.push(NOTE_BAIXA_RENDA);
  }
  if (binding) notes.push(NOTE_CD_BINDING);
  if (facts.rounding === 'truncate') notes.push(NOTE_TRUNCATE);
  return notes;
}

function tariffOf(facts: InvoiceFacts, energy: Energy): Partial<Record<Posto, InvoiceTariff>> {
  const out: Partial<Record<Posto, InvoiceTariff>> = {};
  for (const posto of energy.consumed.keys()) {
    const T = facts.pricing.T[posto];
    if (T === undefined) continue;
    const f: Partial<Record<GdClassPrinted, string>> = {};
    for (const gdClass of GD_CLASSES) {
      const v = facts.pricing.f[posto]?.[gdClass];
      if (v !== undefined) f[gdClassLabel(gdClass) as GdClassPrinted] = unitPriceText(new Money(v));
    }
    out[posto] = { T: unitPriceText(new Money(T)), f };
  }
  return out;
}

/** The kWh lines of a cycle whose tariff is missing: what was consumed and compensated, no R$. */
function unpriced(facts: InvoiceFacts, energy: Energy): Invoice {
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
    tariff: tariffOf(facts, energy),
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
      ...notesFor(facts, false),
      ...(missing.length > 0 ? missing : ['Tarifa em R$ não publicada para este ciclo.']),
      NOTE_NOT_PRICED,
    ],
  };
}

/**
 * R22–R28: the invoice of one cycle, a pure and deterministic function of its recorded facts. Lines: consumption at
 * full tariff per posto, compensated energy per posto and class (negative), the SCEE charge per class, the CD or its
 * adjustment (R24), the bandeira (R26), ICMS, PIS and COFINS (R27); each rounded once, total = their sum (R28).
 * With a price missing it returns the kWh lines and notes naming the missing tariff, no R$.
 */
export function computeInvoice(facts: InvoiceFacts): Invoice {
  const energy = parseEnergy(facts, true);
  const prices = pricesFor(facts, energy);
  if (prices === null) return unpriced(facts, energy);
  const b = bill(facts, energy, prices);
  // R28: the same cycle without the SCEE: all of C at full tariff (CD still applies), bandeira and taxes on it.
  const without = bill(facts, parseEnergy(facts, false), prices);
  return {
    status: 'priced',
    group: facts.group,
    lines: b.lines,
    tariff: tariffOf(facts, energy),
    minimumKwh: b.minimumKwh === null ? null : kwhText(b.minimumKwh),
    minimumAmount: b.minimumAmount === null ? null : amountText(b.minimumAmount),
    minimumBinding: b.minimumBinding,
    energyParcel: amountText(b.energyParcel),
    scceCharge: amountText(b.scceCharge),
    bandeira: amountText(b.bandeira),
    taxes: { icms: amountText(b.taxes.icms), pis: amountText(b.taxes.pis), cofins: amountText(b.taxes.cofins) },
    total: amountText(b.total),
    withoutScee: amountText(without.total),
    savings: amountText(without.total.minus(b.total)),
    notes: notesFor(facts, b.minimumBinding),
  };
}
