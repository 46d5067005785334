import type { BusinessDate } from '../values/business-date';
import { cyclePricingFromJson } from './cycle-pricing-json';
import { cycleTariffsJson } from './invoice-facts';
import { invoiceEnergyOf } from './invoice-energy';
import { priceCycle, priceCycleTariffs } from './price-cycle';

const input = {
  subgrupo: 'B1' as const,
  postos: ['unico' as const],
  period: { from: '2025-12-17' as BusinessDate, to: '2026-01-16' as BusinessDate },
  schedule: [
    {
      validFrom: '2020-01-01' as BusinessDate,
      subgrupos: { B1: { unico: { te: '0.4', tusd: '0.6', fioB: '0.2', fioA: '0.1', ped: '0.01', tfsee: '0.005' } } },
    },
    {
      validFrom: '2026-01-01' as BusinessDate,
      subgrupos: {
        B1: { unico: { te: '0.43', tusd: '0.61', fioB: '0.21', fioA: '0.1', ped: '0.01', tfsee: '0.005' } },
      },
    },
  ],
  scceRates: {},
};

describe('R23 recorded prices', () => {
  it('R23 the recorded JSON gives back exactly the CyclePricing priceCycle computes (replays re-derive every R$)', () => {
    const json = JSON.parse(JSON.stringify(cycleTariffsJson(priceCycleTariffs(input))));
    const back = cyclePricingFromJson(json, ['unico']);
    const direct = priceCycle(input);
    expect(back.T.unico?.eq(direct.T.unico!)).toBe(true);
    for (const c of ['GD_I', 'GD_II', 'GD_III'] as const) expect(back.f.unico?.[c].eq(direct.f.unico![c])).toBe(true);
  });

  it('R23 a recorded pricing without a class f is refused with R23; without T with R22', () => {
    expect(() =>
      cyclePricingFromJson({ T: { unico: '1' }, te: {}, f: { unico: { GD_I: '0' } }, missing: [] }, ['unico']),
    ).toThrow(/^R23: /);
    expect(() => cyclePricingFromJson({ T: {}, te: {}, f: {}, missing: [] }, ['unico'])).toThrow(/^R22: /);
  });
});

describe('R17 invoice energy from a CycleCompensated event', () => {
  it('R17 consumption per posto and one compensation per recorded line, with its plant size', () => {
    const line = {
      posto: 'unico' as const,
      kwh: '38.000',
      source: 'credit' as const,
      sourceUcId: 'cemig:1',
      sourcePosto: 'unico' as const,
      sourceKwh: '38.000',
      vintage: '2026-01-05',
      gdClass: 'GD_I' as const,
      rule: 'R8' as const,
      label: 'x',
    };
    const energy = invoiceEnergyOf(
      { consumed: { unico: '68.000' }, lines: [line, { ...line, sourceUcId: 'cemig:2', kwh: '1.000' }] },
      (uc) => uc === 'cemig:1',
    );
    expect(energy).toEqual({
      consumed: { unico: '68.000' },
      compensation: [
        { posto: 'unico', kwh: '38.000', gdClass: 'GD_I', plantUpTo1Mw: true },
        { posto: 'unico', kwh: '1.000', gdClass: 'GD_I', plantUpTo1Mw: false },
      ],
    });
  });
});
