import { InvalidInput } from '../shared/errors';
import { isShortCycle } from './invoice-facts';
import { parseScceRate } from './scce-rates';
import { parseTaxSettings } from './tax-settings';

describe('R23 published SCEE rates', () => {
  it('R23 a rate is a fraction of fioB between 0 and 1 with up to 8 places', () => {
    expect(parseScceRate({ share: '0.95' })).toEqual({ share: '0.95' });
    expect(parseScceRate({ share: '1' })).toEqual({ share: '1' });
    for (const share of ['1.01', '-0.1', '95%', 0.95, '0.123456789'])
      expect(() => parseScceRate({ share })).toThrow(InvalidInput);
  });
});

describe('R27 tax settings', () => {
  it('R27 defaults: aneel gross-up, Convênio 16 all, SCEE charge untaxed', () => {
    expect(parseTaxSettings({ icms: '0.18', pis: '0.0068', cofins: '0.0316' })).toEqual({
      icms: '0.18',
      pis: '0.0068',
      cofins: '0.0316',
      grossUp: 'aneel',
      icmsConvenio16: 'all',
      taxScceCharge: false,
    });
  });

  it.each([
    [{ icms: '18', pis: '0', cofins: '0' }, 'icms'],
    [{ icms: '0.18', pis: 'x', cofins: '0' }, 'pis'],
    [{ icms: '0.18', pis: '0', cofins: '0', grossUp: 'celesc' }, 'grossUp'],
    [{ icms: '0.18', pis: '0', cofins: '0', icmsConvenio16: 'partial' }, 'icmsConvenio16'],
    [{ icms: '0.18', pis: '0', cofins: '0', taxScceCharge: 'yes' }, 'taxScceCharge'],
    [{ icms: '0.6', pis: '0.2', cofins: '0.2' }, 'icms'],
  ])('R27 refuses %j', (raw, field) => {
    expect.assertions(1);
    try {
      parseTaxSettings(raw);
    } catch (e) {
      expect((e as InvalidInput).field).toBe(field);
    }
  });
});

describe('R24 short cycle', () => {
  it('R24 a reading interval under 27 days is a short cycle (no CD); 27 days is not', () => {
    expect(isShortCycle(26)).toBe(true);
    expect(isShortCycle(27)).toBe(false);
  });
});
