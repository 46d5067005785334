import { RuleViolation, RuleViolationError, InvalidInput } from '../shared/errors';
import { convertWh, divRoundHalfEven, parseTe, teOf, validateTeTable } from './te-table';
import { te } from '../testing/fixtures';
import { decideTariff, evolveTariff, initialTariffState, teInForce } from './tariff-decider';

describe('TE conversion between postos (R2, Q2)', () => {
  it('R2 parses R$/kWh with up to 8 decimals, strictly positive', () => {
    expect(parseTe('0.30')).toBe(30_000_000n);
    expect(parseTe('0.12345678')).toBe(12_345_678n);
    expect(() => parseTe('0')).toThrow(InvalidInput);
    expect(() => parseTe('0.123456789')).toThrow(InvalidInput);
    expect(() => parseTe('-0.3')).toThrow(InvalidInput);
    expect(() => validateTeTable({ ponte: '0.3' })).toThrow(InvalidInput);
  });

  it('R2 a TE text parsed before answers the same, and an invalid one is refused every time, naming its field', () => {
    expect(parseTe('0.45678')).toBe(45_678_000n);
    expect(parseTe('0.45678')).toBe(45_678_000n);
    for (const field of ['te.ponta', 'te.fora_ponta']) {
      expect(() => parseTe('0.1234567891', field)).toThrow(InvalidInput);
      try {
        parseTe('0.1234567891', field);
      } catch (e) {
        expect((e as InvalidInput).message).toContain(field);
      }
    }
  });

  it('R2 kWh_q = kWh_p × TE_p / TE_q: 200 ponta kWh cost 300 fora_ponta kWh at 0.45 / 0.30', () => {
    expect(convertWh(200_000n, parseTe('0.45'), parseTe('0.30'))).toBe(300_000n);
    expect(convertWh(300_000n, parseTe('0.30'), parseTe('0.45'))).toBe(200_000n);
  });

  it('R2 a conversion that does not terminate rounds to 1 Wh: 100 kWh × 0.50 / 0.30 = 166.666… → 166.667', () => {
    expect(convertWh(100_000n, parseTe('0.50'), parseTe('0.30'))).toBe(166_667n);
    expect(convertWh(100_000n, parseTe('0.30'), parseTe('0.90'))).toBe(33_333n);
  });

  it('Q2 rounds half to even: 100.001 × 1.5 = 150.0015 → 150.002; 100.003 × 1.5 = 150.0045 → 150.004', () => {
    expect(convertWh(100_001n, parseTe('0.45'), parseTe('0.30'))).toBe(150_002n);
    expect(convertWh(100_003n, parseTe('0.45'), parseTe('0.30'))).toBe(150_004n);
    expect(divRoundHalfEven(5n, 2n)).toBe(2n);
    expect(divRoundHalfEven(7n, 2n)).toBe(4n);
    expect(divRoundHalfEven(8n, 3n)).toBe(3n);
    expect(divRoundHalfEven(7n, 3n)).toBe(2n);
  });

  it('R2 a posto with no TE in force is refused with R2', () => {
    let thrown: unknown;
    try {
      teOf(te({ fora_ponta: '0.30' }), 'ponta');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RuleViolationError);
    expect((thrown as RuleViolationError).rule).toBe(RuleViolation('R2').rule);
    expect(() => teOf(null, 'fora_ponta')).toThrow(RuleViolationError);
  });

  it('R2 the TE in force on a reading date is the latest table valid from on or before it; before any, none', () => {
    let state = initialTariffState;
    for (const [validFrom, fp] of [
      ['2026-03-01', '0.35'],
      ['2026-01-01', '0.30'],
    ] as const) {
      for (const e of decideTariff(
        { type: 'PublishTariff', data: { distribuidora: 'copel', validFrom, te: { fora_ponta: fp, ponta: '0.45' } } },
        state,
      )) {
        state = evolveTariff(state, e);
      }
    }
    expect(teInForce(state, '2025-12-31')).toBeNull();
    expect(teInForce(state, '2026-01-01')?.te.fora_ponta).toBe('0.30');
    expect(teInForce(state, '2026-02-28')?.te.fora_ponta).toBe('0.30');
    expect(teInForce(state, '2026-03-01')?.te.fora_ponta).toBe('0.35');
  });
});
