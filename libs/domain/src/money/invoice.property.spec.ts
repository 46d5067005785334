import fc from 'fast-check';
import { InvalidInput } from '../shared/errors';
import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { computeInvoice } from './compute-invoice';
import { Money } from './cycle-pricing';
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
