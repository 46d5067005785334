import fc from 'fast-check';
import { InvalidInput } from '../shared/errors';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { computeInvoice } from './compute-invoice';
import { Money, type MoneyValue } from './cycle-pricing';
import type { InvoiceCompensation, InvoiceFacts } from './invoice-facts';
import { NO_TAXES } from './tax-settings';

/** A decimal string of `units` × 10^-places. */
const dec = (units: number, places: number) => new Money(units).div(new Money(10).pow(places)).toFixed();
const whText = (wh: bigint) => `${wh / 1000n}.${(wh % 1000n).toString().padStart(3, '0')}`;

const classArb = fc.constantFrom<GdClass>('GD_I', 'GD_II', 'GD_III');
const postoFactsArb = fc.record({
  consumedWh: fc.bigInt({ min: 0n, max: 3_000_000n }),
  T: fc.integer({ min: 1, max: 200_000_000 }), // up to R$ 2.00000000
  teShare: fc.integer({ min: 0, max: 100 }),
  fShare: fc.record({
    GD_I: fc.constant(0),
    GD_II: fc.integer({ min: 0, max: 100 }),
    GD_III: fc.integer({ min: 0, max: 100 }),
  }),
  parts: fc.array(
    fc.record({ gdClass: classArb, permille: fc.integer({ min: 0, max: 1000 }), plantUpTo1Mw: fc.boolean() }),
    { maxLength: 4 },
  ),
});

const factsArb: fc.Arbitrary<InvoiceFacts> = fc
  .record({
    group: fc.constantFrom<'A' | 'B'>('A', 'B'),
    postoA: fc.subarray<Posto>(['ponta', 'intermediario', 'fora_ponta'], { minLength: 1 }),
    postoFacts: fc.array(postoFactsArb, { minLength: 3, maxLength: 3 }),
    minimum: fc.record({ kwh: fc.constantFrom('30', '50', '100'), baixaRenda: fc.boolean(), shortCycle: fc.boolean() }),
    bandeira: fc.array(
      fc.record({
        flag: fc.constantFrom('verde', 'amarela', 'vermelha1', 'vermelha2') as fc.Arbitrary<'verde'>,
        rate: fc.integer({ min: 0, max: 10_000_000 }),
        days: fc.integer({ min: 1, max: 31 }),
      }),
      { maxLength: 2 },
    ),
    taxes: fc.option(
      fc.record({
        icms: fc.integer({ min: 0, max: 30 }),
        pis: fc.integer({ min: 0, max: 200 }),
        cofins: fc.integer({ min: 0, max: 800 }),
        grossUp: fc.constantFrom<'aneel' | 'cascade'>('aneel', 'cascade'),
        icmsConvenio16: fc.constantFrom<'all' | 'te-only' | 'none'>('all', 'te-only', 'none'),
        taxScceCharge: fc.boolean(),
      }),
    ),
    rounding: fc.constantFrom<'abnt' | 'truncate'>('abnt', 'truncate'),
  })
  .map((g) => {
    const postos: Posto[] = g.group === 'B' ? ['unico'] : g.postoA;
    const consumed: Partial<Record<Posto, string>> = {};
    const compensation: InvoiceCompensation[] = [];
    const T: Partial<Record<Posto, string>> = {};
    const te: Partial<Record<Posto, string>> = {};
    const f: Partial<Record<Posto, Partial<Record<GdClass, string>>>> = {};
    postos.forEach((posto, i) => {
      const p = g.postoFacts[i];
      consumed[posto] = whText(p.consumedWh);
      T[posto] = dec(p.T, 8);
      te[posto] = new Money(T[posto]).times(p.teShare).div(100).toFixed();
      f[posto] = {
        GD_I: '0',
        GD_II: new Money(T[posto]).times(p.fShare.GD_II).div(100).toFixed(),
        GD_III: new Money(T[posto]).times(p.fShare.GD_III).div(100).toFixed(),
      };
      // E ≤ C: each part takes a share of what is left of C
      let left = p.consumedWh;
      for (const part of p.parts) {
        const wh = (left * BigInt(part.permille)) / 1000n;
        left -= wh;
        compensation.push({ posto, kwh: whText(wh), gdClass: part.gdClass, plantUpTo1Mw: part.plantUpTo1Mw });
      }
    });
    const taxes =
      g.taxes === null
        ? NO_TAXES
        : { ...g.taxes, icms: dec(g.taxes.icms, 2), pis: dec(g.taxes.pis, 4), cofins: dec(g.taxes.cofins, 4) };
    return {
      group: g.group,
      consumed,
      compensation,
      minimum: g.group === 'B' ? g.minimum : null,
      pricing: { T, te, f, missing: [] },
      bandeira: g.bandeira.map((b) => ({ ...b, rate: dec(b.rate, 8) })),
      taxes,
      rounding: g.rounding,
    } satisfies InvoiceFacts;
  });

/**
 * The invoice's figures the straightforward way, as R22–R28 read (and as `computeInvoice` first computed them): a
 * full bill for the cycle and another with no compensated energy for "without SCEE", every value computed where it
 * is used at 60 digits, the tax gross-up by its formula, the total as the sum of the lines in their order. The
 * shortcuts of `computeInvoice` (shared parts, the second bill from them, the total from the parcel) must give
 * exactly these figures.
 */
function referenceBill(facts: InvoiceFacts, compensate: boolean) {
  const M = (v: string | number) => new Money(v);
  const round = (v: MoneyValue) =>
    v.toDecimalPlaces(2, facts.rounding === 'abnt' ? Money.ROUND_HALF_EVEN : Money.ROUND_DOWN);
  const T = (p: Posto) => M(facts.pricing.T[p]!);
  const compensation = compensate ? facts.compensation : [];
  const lines: { code: string; amount: MoneyValue }[] = [];
  const postos = Object.keys(facts.consumed) as Posto[];
  const energyOf = (posto: Posto, gdClass: GdClass) =>
    compensation.filter((k) => k.posto === posto && k.gdClass === gdClass).reduce((s, k) => s.plus(k.kwh), M(0));
  let billing = M(0);
  let scce = M(0);
  let billedKwh = M(0);
  for (const posto of postos) {
    const c = M(facts.consumed[posto]!);
    if (c.gt(0)) {
      const amount = round(c.times(T(posto)));
      lines.push({ code: 'consumo', amount });
      billing = billing.plus(amount);
    }
    billedKwh = billedKwh.plus(c);
    for (const gdClass of GD_CLASSES) {
      const e = energyOf(posto, gdClass);
      if (e.isZero()) continue;
      const amount = round(e.times(T(posto))).negated();
      lines.push({ code: 'compensada', amount });
      billing = billing.plus(amount);
      billedKwh = billedKwh.minus(e);
    }
  }
  let full = billing;
  for (const posto of postos)
    for (const gdClass of GD_CLASSES) {
      const e = energyOf(posto, gdClass);
      const f = M(facts.pricing.f[posto]![gdClass]!);
      if (e.isZero() || f.isZero()) continue;
      const amount = round(e.times(f));
      lines.push({ code: 'scee', amount });
      billing = billing.plus(amount);
      scce = scce.plus(amount);
    }
  if (facts.taxes.taxScceCharge) full = full.plus(scce);
  let parcel = billing;
  let minimumKwh: MoneyValue | null = null;
  let binding = false;
  if (facts.group === 'B' && facts.minimum !== null && !facts.minimum.shortCycle) {
    minimumKwh = facts.minimum.baixaRenda ? M(facts.minimum.kwh).div(2) : M(facts.minimum.kwh);
    const cd = round(minimumKwh.times(T(postos.includes('unico') ? 'unico' : 'fora_ponta')));
    if (cd.gt(billing)) {
      binding = true;
      lines.push(
        lines.length === 0
          ? { code: 'custo_disponibilidade', amount: cd }
          : { code: 'ajuste', amount: cd.minus(billing) },
      );
      parcel = cd;
      full = cd;
    }
  }
  const days = facts.bandeira.reduce((n, p) => n + p.days, 0);
  const unit = days === 0 ? M(0) : facts.bandeira.reduce((s, p) => s.plus(M(p.rate).times(p.days)), M(0)).div(days);
  const bandeiraKwh = binding ? (minimumKwh as MoneyValue) : billedKwh;
  let bandeira = M(0);
  if (bandeiraKwh.gt(0) && unit.gt(0)) {
    bandeira = round(bandeiraKwh.times(unit));
    lines.push({ code: 'bandeira', amount: bandeira });
    full = full.plus(bandeira);
  }
  let icmsOnly = M(0);
  for (const k of compensation) {
    const exempt = k.plantUpTo1Mw && facts.taxes.icmsConvenio16 !== 'none';
    if (!exempt) icmsOnly = icmsOnly.plus(M(k.kwh).times(T(k.posto)));
    else if (facts.taxes.icmsConvenio16 === 'te-only')
      icmsOnly = icmsOnly.plus(M(k.kwh).times(T(k.posto).minus(facts.pricing.te[k.posto]!)));
  }
  // R27: G = B / (1 − Σ rates) (aneel) or B / ((1 − ICMS)(1 − PIS − COFINS)) (cascade); ICMS-only base B / (1 − ICMS).
  const [icms, pis, cofins] = [M(facts.taxes.icms), M(facts.taxes.pis), M(facts.taxes.cofins)];
  const divisor =
    facts.taxes.grossUp === 'aneel'
      ? M(1).minus(icms.plus(pis).plus(cofins))
      : M(1).minus(icms).times(M(1).minus(pis).minus(cofins));
  const gross = full.div(divisor);
  const pisCofinsBase = facts.taxes.grossUp === 'aneel' ? gross : gross.times(M(1).minus(icms));
  const taxes = {
    icms: round(gross.plus(icmsOnly.div(M(1).minus(icms))).times(icms)),
    pis: round(pisCofinsBase.times(pis)),
    cofins: round(pisCofinsBase.times(cofins)),
  };
  for (const tax of ['icms', 'pis', 'cofins'] as const) {
    if (!M(facts.taxes[tax]).isZero()) lines.push({ code: tax, amount: taxes[tax] });
  }
  const total = lines.reduce((s, l) => s.plus(l.amount), M(0));
  return { lines, parcel, scce, bandeira, taxes, total };
}

/** The facts with every price day-weighted (× k / days at 60 digits), as a cycle across a tariff change records it. */
const longPricesArb = fc
  .tuple(factsArb, fc.integer({ min: 1, max: 31 }), fc.integer({ min: 27, max: 33 }))
  .map(([facts, k, days]): InvoiceFacts => {
    const weigh = (v: string) => new Money(v).times(k).div(days).toFixed();
    const map = <V>(o: Partial<Record<Posto, V>>, f: (v: V) => V) =>
      Object.fromEntries(Object.entries(o).map(([p, v]) => [p, f(v as V)])) as Partial<Record<Posto, V>>;
    const { T, te, f } = facts.pricing;
    return {
      ...facts,
      pricing: {
        ...facts.pricing,
        T: map(T, weigh),
        te: map(te, weigh),
        f: map(f, (byClass) => Object.fromEntries(Object.entries(byClass).map(([c, v]) => [c, weigh(v as string)]))),
      },
    };
  });

const sumOf = (values: readonly (string | null)[]) => values.reduce((s, v) => s.plus(v ?? 0), new Money(0));

describe('R28 the invoice as a function of its facts (property)', () => {
  it('R28 the lines add up to the total; same input, same output; E ≤ C; savings = withoutScee − total', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const inv = computeInvoice(facts);
        expect(inv.status).toBe('priced');
        // total = the sum of the rounded lines, every amount with 2 places
        expect(sumOf(inv.lines.map((l) => l.amount)).toFixed(2)).toBe(inv.total);
        for (const l of inv.lines) expect(l.amount).toMatch(/^-?\d+\.\d{2}$/);
        // deterministic: the same facts (even a copy) give the same document
        expect(computeInvoice(structuredClone(facts))).toEqual(inv);
        // E ≤ C per posto
        for (const posto of Object.keys(facts.consumed) as Posto[]) {
          const c = sumOf(inv.lines.filter((l) => l.code === 'consumo' && l.posto === posto).map((l) => l.kwh));
          const e = sumOf(inv.lines.filter((l) => l.code === 'compensada' && l.posto === posto).map((l) => l.kwh));
          expect(e.lte(c)).toBe(true);
        }
        expect(new Money(inv.withoutScee ?? 'NaN').minus(inv.total ?? 'NaN').toFixed(2)).toBe(inv.savings);
        // R24: the parcel is the greater of CD and the billing, never below CD
        if (inv.minimumAmount !== null) {
          const billing = sumOf(
            inv.lines.filter((l) => ['consumo', 'compensada', 'scee'].includes(l.code)).map((l) => l.amount),
          );
          expect(inv.energyParcel).toBe(Money.max(billing, inv.minimumAmount).toFixed(2));
          expect(inv.minimumBinding).toBe(new Money(inv.minimumAmount).gt(billing));
        }
        // R26: no bandeira on compensated energy
        const bandeira = inv.lines.find((l) => l.code === 'bandeira');
        if (bandeira && !inv.minimumBinding) {
          const c = sumOf(inv.lines.filter((l) => l.code === 'consumo').map((l) => l.kwh));
          const e = sumOf(inv.lines.filter((l) => l.code === 'compensada').map((l) => l.kwh));
          expect(bandeira.kwh).toBe(c.minus(e).toFixed(3));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('R28 every figure equals the straightforward computation (two full bills, the total summed line by line)', () => {
    fc.assert(
      fc.property(fc.oneof(factsArb, longPricesArb), (facts) => {
        const inv = computeInvoice(facts);
        const bill = referenceBill(facts, true);
        const without = referenceBill(facts, false);
        expect(inv.lines.map((l) => `${l.code} ${l.amount}`)).toEqual(
          bill.lines.map(
            (l) => `${l.code === 'ajuste' ? 'ajuste_custo_disponibilidade' : l.code} ${l.amount.toFixed(2)}`,
          ),
        );
        expect(inv.energyParcel).toBe(bill.parcel.toFixed(2));
        expect(inv.scceCharge).toBe(bill.scce.toFixed(2));
        expect(inv.bandeira).toBe(bill.bandeira.toFixed(2));
        expect(inv.taxes).toEqual({
          icms: bill.taxes.icms.toFixed(2),
          pis: bill.taxes.pis.toFixed(2),
          cofins: bill.taxes.cofins.toFixed(2),
        });
        expect(inv.total).toBe(bill.total.toFixed(2));
        expect(inv.withoutScee).toBe(without.total.toFixed(2));
        expect(inv.savings).toBe(without.total.minus(bill.total).toFixed(2));
      }),
      { numRuns: 1000 },
    );
  });

  it('R10 facts with more compensated energy than consumption are refused', () => {
    const facts: InvoiceFacts = {
      group: 'A',
      consumed: { unico: '10' },
      compensation: [{ posto: 'unico', kwh: '10.001', gdClass: 'GD_I', plantUpTo1Mw: true }],
      minimum: null,
      pricing: { T: { unico: '1' }, te: { unico: '0.4' }, f: { unico: { GD_I: '0' } }, missing: [] },
      bandeira: [],
      taxes: NO_TAXES,
      rounding: 'abnt',
    };
    expect(() => computeInvoice(facts)).toThrow(InvalidInput);
  });
});
