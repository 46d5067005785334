import fc from 'fast-check';
import { GD_CLASSES, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { centavosOf, centavosText, kwhTextOfWh, whOfText } from './centavos';
import { computeInvoice, computeInvoiceExact, invoiceInCentavos } from './compute-invoice';
import { Money } from './cycle-pricing';
import { amountText, fixedText } from './decimal-text';
import type { InvoiceCompensation, InvoiceFacts } from './invoice-facts';
import { NO_TAXES } from './tax-settings';

/** A decimal string of `units` × 10^-places. */
const dec = (units: number, places: number) => new Money(units).div(new Money(10).pow(places)).toFixed();
const whText = (wh: number) => kwhTextOfWh(wh);

/** A price: short (ties are frequent), 8 places, or day-weighted (60 digits, as a cycle across a tariff change). */
const priceArb = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map((u) => dec(u, 2)),
  fc.integer({ min: 0, max: 200_000_000 }).map((u) => dec(u, 8)),
  fc
    .tuple(fc.integer({ min: 1, max: 200_000_000 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 27, max: 33 }))
    .map(([u, k, days]) => new Money(dec(u, 8)).times(k).div(days).toFixed()),
);
/** Wh: a few (so amounts fall on half centavos), a household's, or a plant's. */
const whArb = fc.oneof(
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 3_000_000 }),
  fc.integer({ min: 0, max: 5_000_000_000 }),
);
const rateArb = fc.oneof(
  fc.constant('0'),
  fc.integer({ min: 0, max: 30 }).map((u) => dec(u, 2)),
  fc.integer({ min: 0, max: 2_000 }).map((u) => dec(u, 4)),
);

const factsArb: fc.Arbitrary<InvoiceFacts> = fc
  .record({
    group: fc.constantFrom<'A' | 'B'>('A', 'B'),
    branca: fc.boolean(),
    postoA: fc.subarray<Posto>(['ponta', 'intermediario', 'fora_ponta', 'reservado'], { minLength: 1 }),
    consumed: fc.array(whArb, { minLength: 4, maxLength: 4 }),
    T: fc.array(priceArb, { minLength: 4, maxLength: 4 }),
    te: fc.array(priceArb, { minLength: 4, maxLength: 4 }),
    f: fc.array(fc.array(priceArb, { minLength: 3, maxLength: 3 }), { minLength: 4, maxLength: 4 }),
    fCohort: fc.option(fc.array(fc.array(priceArb, { minLength: 2, maxLength: 2 }), { minLength: 4, maxLength: 4 })),
    parts: fc.array(
      fc.record({
        posto: fc.nat(3),
        gdClass: fc.constantFrom<GdClass>(...GD_CLASSES),
        permille: fc.integer({ min: 0, max: 1000 }),
        plantUpTo1Mw: fc.boolean(),
        cohort: fc.boolean(),
      }),
      { maxLength: 7 },
    ),
    minimum: fc.record({
      kwh: fc.constantFrom('30', '50', '100', '30.001'),
      baixaRenda: fc.boolean(),
      shortCycle: fc.boolean(),
    }),
    bandeira: fc.array(
      fc.record({
        flag: fc.constantFrom('verde', 'amarela', 'vermelha1', 'vermelha2') as fc.Arbitrary<'verde'>,
        rate: fc.oneof(
          fc.integer({ min: 0, max: 10 }).map((u) => dec(u, 2)),
          fc.integer({ min: 0, max: 10_000_000 }).map((u) => dec(u, 8)),
        ),
        days: fc.integer({ min: 1, max: 31 }),
      }),
      { maxLength: 2 },
    ),
    taxes: fc.option(
      fc.record({
        icms: rateArb,
        pis: rateArb,
        cofins: rateArb,
        grossUp: fc.constantFrom<'aneel' | 'cascade'>('aneel', 'cascade'),
        icmsConvenio16: fc.constantFrom<'all' | 'te-only' | 'none'>('all', 'te-only', 'none'),
        taxScceCharge: fc.boolean(),
      }),
    ),
    rounding: fc.constantFrom<'abnt' | 'truncate'>('abnt', 'truncate'),
  })
  .map((g): InvoiceFacts => {
    const postos: Posto[] =
      g.group === 'A' ? g.postoA : g.branca ? ['ponta', 'intermediario', 'fora_ponta'] : ['unico'];
    const consumed: Partial<Record<Posto, string>> = {};
    const T: Partial<Record<Posto, string>> = {};
    const te: Partial<Record<Posto, string>> = {};
    const f: Partial<Record<Posto, Partial<Record<GdClass, string>>>> = {};
    const fCohort: Partial<Record<Posto, { GD_II: string; GD_III: string }>> = {};
    const left: number[] = [];
    postos.forEach((posto, i) => {
      consumed[posto] = whText(g.consumed[i]);
      left.push(g.consumed[i]);
      T[posto] = g.T[i];
      te[posto] = g.te[i];
      f[posto] = { GD_I: g.f[i][0], GD_II: g.f[i][1], GD_III: g.f[i][2] };
      if (g.fCohort) fCohort[posto] = { GD_II: g.fCohort[i][0], GD_III: g.fCohort[i][1] };
    });
    // Tarifa branca's CD is at its fora_ponta T (see `cdPosto`); a plain Grupo B one at its unico T.
    const compensation: InvoiceCompensation[] = g.parts.map((p) => {
      const i = p.posto % postos.length;
      const wh = Math.floor((left[i] * p.permille) / 1000); // E ≤ C: a share of what is left of C
      left[i] -= wh;
      return {
        posto: postos[i],
        kwh: whText(wh),
        gdClass: p.gdClass,
        plantUpTo1Mw: p.plantUpTo1Mw,
        ...(p.cohort && p.gdClass !== 'GD_I' ? { cohort: '2023-H1' as const } : {}),
      };
    });
    return {
      group: g.group,
      consumed,
      compensation,
      minimum: g.group === 'B' ? g.minimum : null,
      pricing: { T, te, f, ...(g.fCohort ? { fCohort } : {}), missing: [] },
      bandeira: g.bandeira,
      taxes: g.taxes ?? NO_TAXES,
      rounding: g.rounding,
    };
  });

describe('R28 the invoice in whole centavos (fast path) equals the invoice in decimal.js', () => {
  it('R28 every figure and text equal the exact computation, or the fast path declines', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(factsArb, (facts) => {
        runs++;
        const exact = computeInvoiceExact(facts);
        const inCentavos = invoiceInCentavos(facts);
        if (inCentavos !== null) {
          fast++;
          expect(JSON.stringify(inCentavos)).toBe(JSON.stringify(exact));
        }
        expect(JSON.stringify(computeInvoice(facts))).toBe(JSON.stringify(exact));
      }),
      { numRuns: 3000 },
    );
    // Most invoices take the fast path; those with a figure on a rounding boundary do not.
    expect(fast).toBeGreaterThan(runs / 2);
    expect(fast).toBeLessThan(runs);
  });

  it('R28 an amount exactly on a rounding boundary is left to decimal.js (half centavo: abnt; whole: truncate)', () => {
    const facts = (consumed: string, rounding: 'abnt' | 'truncate'): InvoiceFacts => ({
      group: 'A',
      consumed: { fora_ponta: consumed },
      compensation: [],
      minimum: null,
      pricing: { T: { fora_ponta: '0.5' }, te: { fora_ponta: '0.2' }, f: {}, missing: [] },
      bandeira: [],
      taxes: NO_TAXES,
      rounding,
    });
    // 0.010 kWh × R$ 0.5 = R$ 0.005: half-even gives 0.00; 1.000 kWh × 0.5 = 0.50 exactly (truncate: 0.50)
    for (const [consumed, rounding, amount] of [
      ['0.010', 'abnt', '0.00'],
      ['0.030', 'abnt', '0.02'],
      ['1', 'truncate', '0.50'],
    ] as const) {
      expect(invoiceInCentavos(facts(consumed, rounding))).toBeNull();
      expect(computeInvoice(facts(consumed, rounding)).lines[0].amount).toBe(amount);
    }
    expect(invoiceInCentavos(facts('0.011', 'abnt'))?.lines[0].amount).toBe('0.01');
  });

  it('R28 centavosOf: the estimate decides only away from the boundaries', () => {
    expect(centavosOf(12.4, 12.4, false)).toBe(12);
    expect(centavosOf(12.6, 12.6, false)).toBe(13);
    expect(centavosOf(12.5, 12.5, false)).toBeNaN();
    expect(centavosOf(12.5 + 1e-13, 12.5, false)).toBeNaN(); // within the bound of the half
    expect(centavosOf(-12.6, 12.6, false)).toBe(-13);
    expect(centavosOf(12.9, 12.9, true)).toBe(12);
    expect(centavosOf(-12.9, 12.9, true)).toBe(-12);
    expect(centavosOf(12, 12, true)).toBeNaN();
    expect(centavosOf(0, 0, true)).toBe(0);
    expect(centavosOf(2 ** 46, 2 ** 46, false)).toBeNaN();
    expect(centavosOf(Number.NaN, 1, false)).toBeNaN();
  });

  it('texts: kWh and centavos print as fixedText and amountText print the same values', () => {
    for (const wh of [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 123456789, 9_007_199_254_740_991]) {
      expect(kwhTextOfWh(wh)).toBe(fixedText(new Money(wh).div(1000), 3));
    }
    for (const c of [0, -0, 1, -1, 9, 10, 99, 100, -100, 101, -12345, 2 ** 45]) {
      expect(centavosText(c)).toBe(amountText(new Money(c).div(100)));
    }
    expect(whOfText('12.5')).toBe(12500);
    expect(whOfText('12.05')).toBe(12050);
    expect(whOfText('012.005')).toBe(12005);
    expect(whOfText('12.')).toBe(-1);
    expect(whOfText(' 12')).toBe(-1);
    expect(whOfText('999999999999999')).toBe(-1); // above 2^53 Wh: left to decimal.js
    expect(whOfText('9000000000000.999')).toBe(9_000_000_000_000_999);
    expect(whOfText('0')).toBe(0);
    for (const bad of ['', '.5', '1.2345', '1a', '1.a', '-1', '1e3', '12\n', '1234567890123456', '+1', 1 as unknown]) {
      expect(whOfText(bad)).toBe(-1);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9.]{0,8}$/), (text) => {
        const valid = /^\d{1,15}(?:\.\d{1,3})?$/.test(text);
        expect(whOfText(text)).toBe(valid ? Number(new Money(text).times(1000).toFixed()) : -1);
      }),
    );
  });
});
