import { InvalidInput } from '../shared/errors';
import type { BusinessDate } from '../values/business-date';
import { parseTariffTable } from './tariff-table';
import { tariffInForce } from './tariff-schedule';

const components = { te: '0.32193', tusd: '0.37375', fioB: '0.18500000', fioA: '0.05', ped: '0.004', tfsee: '0.0007' };

describe('R22 tariff tables in R$', () => {
  it('R22 accepts per subgrupo and posto te, tusd, fioB, fioA, ped, tfsee up to 8 places', () => {
    const t = parseTariffTable({
      validFrom: '2026-04-22',
      subgrupos: {
        B1: { unico: components },
        A4: { ponta: { ...components, te: '0.51234567' }, fora_ponta: components },
      },
    });
    expect(t.validFrom).toBe('2026-04-22');
    expect(t.subgrupos.B1?.unico).toEqual(components);
    expect(t.subgrupos.A4?.ponta?.te).toBe('0.51234567');
  });

  it.each([
    ['an unknown subgrupo', { B5: { unico: components } }, 'subgrupos.B5'],
    ['an unknown posto', { B1: { madrugada: components } }, 'subgrupos.B1.madrugada'],
    ['a negative value', { B1: { unico: { ...components, te: '-0.1' } } }, 'subgrupos.B1.unico.te'],
    ['a number that is not a string', { B1: { unico: { ...components, tusd: 0.37 } } }, 'subgrupos.B1.unico.tusd'],
    ['a non-numeric value', { B1: { unico: { ...components, fioB: 'abc' } } }, 'subgrupos.B1.unico.fioB'],
    ['more than 8 places', { B1: { unico: { ...components, fioA: '0.123456789' } } }, 'subgrupos.B1.unico.fioA'],
    ['an exponent', { B1: { unico: { ...components, ped: '1e-3' } } }, 'subgrupos.B1.unico.ped'],
    [
      'a missing component',
      { B1: { unico: { te: '0.3', tusd: '0.4', fioB: '0.1', fioA: '0', ped: '0' } } },
      'subgrupos.B1.unico.tfsee',
    ],
    ['an unknown component', { B1: { unico: { ...components, cde: '0.01' } } }, 'subgrupos.B1.unico.cde'],
    ['no subgrupo', {}, 'subgrupos'],
  ])('R22 refuses %s', (_what, subgrupos, field) => {
    expect.assertions(2);
    try {
      parseTariffTable({ validFrom: '2026-01-01', subgrupos });
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInput);
      expect((e as InvalidInput).field).toBe(field);
    }
  });

  it('R22 refuses a validFrom that is not a date', () => {
    expect(() => parseTariffTable({ validFrom: '2026-02-30', subgrupos: { B1: { unico: components } } })).toThrow(
      InvalidInput,
    );
  });

  it('R22 the table in force on a day is the latest valid from on or before it, whatever the order published', () => {
    const a = parseTariffTable({ validFrom: '2026-01-01', subgrupos: { B1: { unico: components } } });
    const b = parseTariffTable({ validFrom: '2026-04-22', subgrupos: { B1: { unico: { ...components, te: '0.4' } } } });
    const schedule = [b, a];
    expect(tariffInForce(schedule, '2025-12-31' as BusinessDate)).toBeNull();
    expect(tariffInForce(schedule, '2026-01-01' as BusinessDate)).toBe(a);
    expect(tariffInForce(schedule, '2026-04-21' as BusinessDate)).toBe(a);
    expect(tariffInForce(schedule, '2026-04-22' as BusinessDate)).toBe(b);
  });
});
