import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import { computeInvoice } from './compute-invoice';
import type { Invoice } from './invoice';
import { amountOfCents, apportionCents, centsOf, invoiceSharesOf } from './invoice-shares';
import { NO_TAXES } from './tax-settings';

interface Line {
  posto: Posto;
  kwh: string;
  sourceUcId: string;
  gdClass: GdClass;
}

/** A Grupo B cycle of 500 kWh at T 0.82838 (f GD II 0.124425, GD III 0.3), ICMS 19 %, from the given lines. */
function invoiceOf(lines: Line[]): Invoice {
  return computeInvoice({
    group: 'B',
    consumed: { unico: '500' },
    compensation: lines.map((l) => ({ posto: l.posto, kwh: l.kwh, gdClass: l.gdClass, plantUpTo1Mw: true })),
    minimum: { kwh: '100', baixaRenda: false, shortCycle: false },
    pricing: {
      T: { unico: '0.82838' },
      te: { unico: '0.33017' },
      f: { unico: { GD_I: '0', GD_II: '0.124425', GD_III: '0.3' } },
      missing: [],
    },
    bandeira: [],
    taxes: { ...NO_TAXES, icms: '0.19', grossUp: 'aneel', icmsConvenio16: 'all' },
    rounding: 'abnt',
  });
}

const sum = (xs: readonly (bigint | null)[]) => xs.reduce<bigint>((a, x) => a + (x ?? 0n), 0n);
const linesOf = (invoice: Invoice, code: string) =>
  sum(invoice.lines.filter((l) => l.code === code).map((l) => centsOf(l.amount!)));

describe('apportionCents', () => {
  it('splits exactly, the centavos left to the largest remainders', () => {
    expect(apportionCents(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(apportionCents(100n, [2n, 1n])).toEqual([67n, 33n]);
    expect(apportionCents(-7n, [1n, 3n])).toEqual([-2n, -5n]);
    expect(apportionCents(5n, [0n, 0n])).toEqual([3n, 2n]);
    expect(apportionCents(0n, [4n, 9n])).toEqual([0n, 0n]);
  });

  it('the parts always add up to the total', () => {
    for (let total = -53n; total <= 53n; total += 7n) {
      const weights = [3n, 0n, 11n, 5n, 1n];
      expect(sum(apportionCents(total, weights))).toBe(total);
    }
  });

  it('reads and writes amounts with 2 places', () => {
    expect(centsOf('-248.51')).toBe(-24851n);
    expect(centsOf('0.07')).toBe(7n);
    expect(amountOfCents(-24851n)).toBe('-248.51');
    expect(amountOfCents(7n)).toBe('0.07');
    expect(() => centsOf('1.5')).toThrow(TypeError);
  });
});

describe('invoiceSharesOf', () => {
  const lines: Line[] = [
    { posto: 'unico', kwh: '120.5', sourceUcId: '7002', gdClass: 'GD_II' },
    { posto: 'unico', kwh: '80', sourceUcId: '7001', gdClass: 'GD_II' },
    { posto: 'unico', kwh: '40', sourceUcId: '7001', gdClass: 'GD_II' },
    { posto: 'unico', kwh: '100', sourceUcId: '7003', gdClass: 'GD_III' },
    { posto: 'unico', kwh: '60', sourceUcId: '7001', gdClass: 'GD_I' },
  ];
  const invoice = invoiceOf(lines);
  const shares = invoiceSharesOf({ lines: lines.map((l) => ({ ...l })) as never }, invoice);

  it('one share per source UC and class, with the kWh it compensated', () => {
    expect(shares.map((s) => [s.sourceUcId, s.gdClass, s.wh])).toEqual([
      ['7001', 'GD_II', 120_000n],
      ['7001', 'GD_I', 60_000n],
      ['7002', 'GD_II', 120_500n],
      ['7003', 'GD_III', 100_000n],
    ]);
  });

  it('R23: the SCEE charge of each source is its part of its class line; they add up to the invoice’s charge', () => {
    expect(invoice.status).toBe('priced');
    expect(sum(shares.map((s) => s.scceCents))).toBe(centsOf(invoice.scceCharge!));
    // GD I pays no SCEE charge until 2045; GD III pays its own f on its 100 kWh: 100 × 0.30 = R$ 30,00.
    expect(shares.find((s) => s.gdClass === 'GD_I')!.scceCents).toBe(0n);
    expect(shares.find((s) => s.sourceUcId === '7003')!.scceCents).toBe(3000n);
    // GD II: 240.5 kWh × 0.124425 = 29.92 (rounded once on the line), split 120 : 120.5.
    const gd2 = shares.filter((s) => s.gdClass === 'GD_II').map((s) => s.scceCents!);
    expect(sum(gd2)).toBe(2992n);
    expect(gd2).toEqual([1493n, 1499n]);
  });

  it('R28: the compensated R$ add up to the compensada lines, and the savings to the invoice’s savings', () => {
    expect(sum(shares.map((s) => s.compensatedCents))).toBe(-linesOf(invoice, 'compensada'));
    expect(sum(shares.map((s) => s.savingsCents))).toBe(centsOf(invoice.savings!));
    // The GD I source, paying no charge, saves more per kWh than the GD III one.
    const perKwh = (s: (typeof shares)[number]) => Number(s.savingsCents!) / Number(s.wh);
    expect(perKwh(shares[1])).toBeGreaterThan(perKwh(shares[3]));
  });

  it('an invoice whose tariff is missing: kWh, no R$', () => {
    const missing: Invoice = { ...invoice, status: 'tariff-missing', savings: null, scceCharge: null };
    const unpriced = invoiceSharesOf({ lines: lines as never }, missing);
    expect(unpriced.map((s) => [s.wh, s.compensatedCents, s.scceCents, s.savingsCents])).toEqual([
      [120_000n, null, null, null],
      [60_000n, null, null, null],
      [120_500n, null, null, null],
      [100_000n, null, null, null],
    ]);
  });

  it('R23: in 2029–2030 the 2023-H1 cohort’s SCEE line goes to the cohort’s sources, the other line to the rest', () => {
    const mixed: (Line & { cohort?: '2023-H1' })[] = [
      { posto: 'unico', kwh: '100', sourceUcId: '7001', gdClass: 'GD_II', cohort: '2023-H1' },
      { posto: 'unico', kwh: '100', sourceUcId: '7002', gdClass: 'GD_II' },
    ];
    const facts = {
      group: 'B' as const,
      consumed: { unico: '500' },
      compensation: mixed.map((l) => ({
        posto: l.posto,
        kwh: l.kwh,
        gdClass: l.gdClass,
        plantUpTo1Mw: true,
        cohort: l.cohort,
      })),
      minimum: { kwh: '100', baixaRenda: false, shortCycle: false },
      pricing: {
        T: { unico: '0.82838' },
        te: { unico: '0.33017' },
        // 2029: GD II pays 60 % of fioB (0.2765) = 0.1659; the cohort keeps 2028's 90 % = 0.24885.
        f: { unico: { GD_I: '0', GD_II: '0.1659', GD_III: '0.3' } },
        fCohort: { unico: { GD_II: '0.24885' } },
        missing: [],
      },
      bandeira: [],
      taxes: NO_TAXES,
      rounding: 'abnt' as const,
    };
    const invoice = computeInvoice(facts);
    expect(invoice.lines.filter((l) => l.code === 'scee').map((l) => l.amount)).toEqual(['16.59', '24.88']); // R28: ABNT rounds 24,885 to even
    const shares = invoiceSharesOf({ lines: mixed as never }, invoice);
    expect(shares.map((s) => [s.sourceUcId, s.scceCents])).toEqual([
      ['7001', 2488n],
      ['7002', 1659n],
    ]);
    expect(sum(shares.map((s) => s.savingsCents))).toBe(centsOf(invoice.savings!));
  });
});
