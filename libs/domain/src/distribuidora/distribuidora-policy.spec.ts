import { InvalidInput } from '../shared/errors';
import { DEFAULT_POLICY, parsePolicyUpdate, policyInForce } from './distribuidora-policy';

describe('P10, P12, R13, R27, R28 as settings per distribuidora', () => {
  it('R10 P10 defaults to cap, P12 to open-cycle, R28 rounding to abnt; no taxes until set', () => {
    expect(policyInForce([], '2026-01-01')).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toMatchObject({ p10: 'cap', p12: 'open-cycle', rounding: 'abnt', taxesSet: false });
  });

  it('R12 a policy holds from its validFrom; fields left out keep the earlier value', () => {
    const a = parsePolicyUpdate('cemig', { validFrom: '2026-01-01', p10: 'greater-of', p12: 'next-month' });
    const b = parsePolicyUpdate('cemig', { validFrom: '2026-07-01', p10: 'cap' });
    expect(policyInForce([b, a], '2025-12-31').p10).toBe('cap');
    expect(policyInForce([b, a], '2026-06-30')).toMatchObject({ p10: 'greater-of', p12: 'next-month' });
    expect(policyInForce([b, a], '2026-07-01')).toMatchObject({ p10: 'cap', p12: 'next-month' });
  });

  it('R27 taxes: rates as fractions, gross-up and convênio with their defaults', () => {
    const u = parsePolicyUpdate('cemig', {
      validFrom: '2026-01-01',
      taxes: { icms: '0.18', pis: '0.0065', cofins: '0.03' },
    });
    expect(u.taxes).toEqual({
      icms: '0.18',
      pis: '0.0065',
      cofins: '0.03',
      grossUp: 'aneel',
      icmsConvenio16: 'all',
      taxScceCharge: false,
    });
    expect(policyInForce([u], '2026-02-01').taxesSet).toBe(true);
  });

  it('R13 a permissionária names its concessionária on its own policy', () => {
    expect(
      parsePolicyUpdate('cerbranorte', { validFrom: '2026-01-01', permissionarias: { cerbranorte: 'CELESC' } })
        .permissionarias,
    ).toEqual({
      cerbranorte: 'celesc',
    });
    expect(() =>
      parsePolicyUpdate('celesc', { validFrom: '2026-01-01', permissionarias: { cerbranorte: 'celesc' } }),
    ).toThrow(InvalidInput);
  });

  it.each([
    ['an unknown field', { validFrom: '2026-01-01', p11: 'x' }],
    ['an unknown P10 mode', { validFrom: '2026-01-01', p10: 'maybe' }],
    ['an unknown rounding', { validFrom: '2026-01-01', rounding: 'up' }],
    ['a negative ICMS', { validFrom: '2026-01-01', taxes: { icms: '-0.18', pis: '0', cofins: '0' } }],
    ['ICMS as a percentage', { validFrom: '2026-01-01', taxes: { icms: '18', pis: '0', cofins: '0' } }],
    ['taxes adding up to 1', { validFrom: '2026-01-01', taxes: { icms: '0.5', pis: '0.25', cofins: '0.25' } }],
    ['an unknown tax field', { validFrom: '2026-01-01', taxes: { icms: '0.18', pis: '0', cofins: '0', iss: '0.05' } }],
    ['no field to set', { validFrom: '2026-01-01' }],
    ['no validFrom', { p10: 'cap' }],
  ])('R27 refuses %s (422, nothing appended)', (_why, body) => {
    expect(() => parsePolicyUpdate('cemig', body as Record<string, unknown>)).toThrow(InvalidInput);
  });
});
