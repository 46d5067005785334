import { RuleViolationError } from '../shared/errors';
import type { BusinessDate } from '../values/business-date';
import type { Posto } from '../values/posto';
import { Money } from './cycle-pricing';
import { cyclePeriod, dayCount, type CyclePeriod } from './cycle-period';
import { missingTariffs, priceCycle, priceCycleTariffs } from './price-cycle';
import type { ScceRates } from './scce-rates';
import type { TariffSchedule } from './tariff-schedule';
import type { TariffComponents, TariffTable } from './tariff-table';

const d = (s: string) => s as BusinessDate;
const period = (from: string, to: string): CyclePeriod => ({ from: d(from), to: d(to) });

function comp(over: Partial<TariffComponents> = {}): TariffComponents {
  return { te: '0.40', tusd: '0.60', fioB: '0.20', fioA: '0.10', ped: '0.01', tfsee: '0.005', ...over };
}
function table(validFrom: string, byPosto: Partial<Record<Posto, TariffComponents>>, subgrupo = 'B1'): TariffTable {
  return { validFrom: d(validFrom), subgrupos: { [subgrupo]: byPosto } };
}
function price(p: CyclePeriod, schedule: TariffSchedule, scceRates: ScceRates = {}, postos: Posto[] = ['unico']) {
  return priceCycleTariffs({ subgrupo: 'B1', postos, period: p, schedule, scceRates });
}

describe('R22 cycle period and day-weighted T', () => {
  it('R22 the cycle runs from the day after the previous reading to the reading date, both included', () => {
    const p = cyclePeriod({
      previousReadingDate: d('2026-02-28'),
      registrationDate: d('2025-01-10'),
      readingDate: d('2026-03-31'),
    });
    expect(p).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(dayCount(p)).toBe(31);
  });

  it('R22 a first reading runs from the registration date, included', () => {
    const p = cyclePeriod({
      previousReadingDate: null,
      registrationDate: d('2026-03-10'),
      readingDate: d('2026-03-31'),
    });
    expect(p).toEqual({ from: '2026-03-10', to: '2026-03-31' });
    expect(dayCount(p)).toBe(22);
  });

  it('R22 a tariff change inside the cycle gives Σ T_i × days_i / days (REN art. 173 §2)', () => {
    // 1–15 March at 0.80, 16–31 March at 0.93: (0.80 × 15 + 0.93 × 16) / 31
    const schedule = [
      table('2026-01-01', { unico: comp({ te: '0.30', tusd: '0.50' }) }),
      table('2026-03-16', { unico: comp({ te: '0.33', tusd: '0.60' }) }),
    ];
    const t = price(period('2026-03-01', '2026-03-31'), schedule);
    expect(t.days).toBe(31);
    expect(t.T.unico?.eq(new Money('26.88').div(31))).toBe(true);
    expect(t.te.unico?.eq(new Money('0.30').times(15).plus(new Money('0.33').times(16)).div(31))).toBe(true);
    expect(t.missing).toEqual([]);
  });

  it('R22 the reading date itself is priced at the tariff in force on it (the interval is inclusive)', () => {
    const schedule = [
      table('2026-01-01', { unico: comp({ te: '0.40', tusd: '0.60' }) }),
      table('2026-03-31', { unico: comp({ te: '0.71', tusd: '0.60' }) }),
    ];
    const t = price(period('2026-03-01', '2026-03-31'), schedule);
    expect(t.T.unico?.eq(new Money('1.00').times(30).plus('1.31').div(31))).toBe(true);
  });

  it('R22 days with no tariff in force are named, and priceCycle refuses them with R22', () => {
    const input = {
      subgrupo: 'B1' as const,
      postos: ['unico' as Posto],
      period: period('2026-03-01', '2026-03-31'),
      schedule: [table('2026-03-11', { unico: comp() })],
      scceRates: {},
    };
    expect(missingTariffs(input)).toEqual([
      { kind: 'tariff', subgrupo: 'B1', posto: 'unico', from: '2026-03-01', to: '2026-03-10' },
    ]);
    expect(() => priceCycle(input)).toThrow(RuleViolationError);
    expect(() => priceCycle(input)).toThrow(/^R22: /);
  });

  it('R22 a table that does not list the UC subgrupo means no tariff for it', () => {
    const t = price(period('2026-03-01', '2026-03-31'), [table('2026-01-01', { unico: comp() }, 'B3')]);
    expect(t.T.unico).toBeUndefined();
    expect(t.missing).toHaveLength(1);
  });
});

describe('R23 the SCEE charge f per class and year', () => {
  const schedule = [table('2020-01-01', { unico: comp() })]; // fioB 0.20, fioA 0.10, ped 0.01, tfsee 0.005

  it('R23 GD I pays nothing (until 2045-12-31)', () => {
    const t = price(period('2026-03-01', '2026-03-31'), schedule);
    expect(t.f.unico?.GD_I?.isZero()).toBe(true);
  });

  it.each([
    [2023, '0.03'],
    [2024, '0.06'],
    [2025, '0.09'],
    [2026, '0.12'],
    [2027, '0.15'],
    [2028, '0.18'],
  ])('R23 GD II in %i pays its L art. 27 share of fioB 0.20: %s', (year, f) => {
    const t = price(period(`${year}-05-01`, `${year}-05-31`), schedule);
    expect(t.f.unico?.GD_II?.toFixed()).toBe(f);
  });

  it('R23 GD III until 2028 pays fioB + 0.40 × fioA + ped + tfsee', () => {
    const t = price(period('2026-05-01', '2026-05-31'), schedule);
    expect(t.f.unico?.GD_III?.toFixed()).toBe('0.255'); // 0.20 + 0.04 + 0.01 + 0.005
  });

  it('R23 from 2029 GD II and GD III pay the published share of fioB (GD III: our reading after "until 2028")', () => {
    const t = price(period('2029-05-01', '2029-05-31'), schedule, { 2029: { share: '0.95' } });
    expect(t.f.unico?.GD_II?.toFixed()).toBe('0.19');
    expect(t.f.unico?.GD_III?.toFixed()).toBe('0.19');
    expect(t.f.unico?.GD_I?.isZero()).toBe(true);
  });

  it('R23 GD I after 2045-12-31 pays the published rate like GD II (art. 17 regime)', () => {
    const t = price(period('2046-01-01', '2046-01-31'), schedule, { 2046: { share: '1' } });
    expect(t.f.unico?.GD_I?.toFixed()).toBe('0.2');
  });

  it('R23 a cycle spanning 31 December is weighted by days: 15 days at 45%, 16 days at 60%', () => {
    const t = price(period('2025-12-17', '2026-01-16'), schedule);
    expect(t.days).toBe(31);
    // (15 × 0.45 × 0.20 + 16 × 0.60 × 0.20) / 31 = 3.27 / 31
    expect(t.f.unico?.GD_II?.eq(new Money('3.27').div(31))).toBe(true);
    // GD III's formula does not depend on the year until 2028
    expect(t.f.unico?.GD_III?.toFixed()).toBe('0.255');
  });

  it('R23 f is never rounded before it is multiplied: 0.22 × 15% = 0.033, not 0.03', () => {
    const t = price(period('2023-05-01', '2023-05-31'), [table('2023-01-01', { unico: comp({ fioB: '0.22' }) })]);
    expect(t.f.unico?.GD_II?.toFixed()).toBe('0.033');
  });

  it('R23 a missing 2029 rate: priceCycle refuses with R23; missingTariffs names the year and classes', () => {
    const input = {
      subgrupo: 'B1' as const,
      postos: ['unico' as Posto],
      period: period('2028-12-17', '2029-01-16'),
      schedule,
      scceRates: {},
    };
    expect(() => priceCycle(input)).toThrow(/^R23: /);
    expect(missingTariffs(input)).toEqual([{ kind: 'scce-rate', year: 2029, gdClasses: ['GD_II', 'GD_III'] }]);
    // the invoice path still has T and GD I's f
    const t = priceCycleTariffs(input);
    expect(t.T.unico?.toFixed()).toBe('1');
    expect(t.f.unico?.GD_I?.isZero()).toBe(true);
    expect(t.f.unico?.GD_II).toBeUndefined();
  });

  it('R23 priceCycle gives the CyclePricing contract per posto of the UC (postos priced separately)', () => {
    const s = [table('2026-01-01', { ponta: comp({ te: '0.70', fioB: '0.50' }), fora_ponta: comp() }, 'A4')];
    const p = priceCycle({
      subgrupo: 'A4',
      postos: ['ponta', 'fora_ponta'],
      period: period('2026-05-01', '2026-05-31'),
      schedule: s,
      scceRates: {},
    });
    expect(p.T.ponta?.toFixed()).toBe('1.3');
    expect(p.T.fora_ponta?.toFixed()).toBe('1');
    expect(p.f.ponta?.GD_II.toFixed()).toBe('0.3');
    expect(p.f.fora_ponta?.GD_II.toFixed()).toBe('0.12');
  });
});
