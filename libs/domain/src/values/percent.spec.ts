import { InvalidInput } from '../shared/errors';
import { Percent } from './percent';

describe('Percent (Q1: up to 4 decimal places, exact)', () => {
  it('Q1 parses percentages into units of 0.0001%', () => {
    expect(Percent.parse('40').units).toBe(400_000n);
    expect(Percent.parse('33.3333').units).toBe(333_333n);
    expect(Percent.parse('0.0001').units).toBe(1n);
    expect(Percent.parse('100').units).toBe(Percent.HUNDRED_UNITS);
  });

  it('Q1 a 1/3 split written 33.3333 / 33.3333 / 33.3334 adds up to exactly 100', () => {
    const total = ['33.3333', '33.3333', '33.3334'].map((p) => Percent.parse(p).units).reduce((a, b) => a + b, 0n);
    expect(total).toBe(Percent.HUNDRED_UNITS);
  });

  it('Q1 formats without trailing zeros and as a JSON string', () => {
    expect(Percent.parse('40.0000').toString()).toBe('40');
    expect(Percent.parse('33.3300').toString()).toBe('33.33');
    expect(JSON.stringify(Percent.parse('12.5'))).toBe('"12.5"');
  });

  it.each(['-1', '100.0001', '101', '33.33333', '1e2', 'abc', '', '50%'])('Q1 refuses %s', (value) => {
    expect(() => Percent.parse(value)).toThrow(InvalidInput);
  });

  it('Q1 a text parsed before gives the same units; an invalid one is refused every time, naming its field', () => {
    expect(Percent.parse('33.3333').units).toBe(333_333n);
    expect(Percent.parse('33.3333').units).toBe(333_333n);
    for (const field of ['shares[0].percent', 'shares[1].percent']) {
      const refused = (() => {
        try {
          Percent.parse('100.5', field);
        } catch (e) {
          return e;
        }
      })();
      expect(refused).toBeInstanceOf(InvalidInput);
      expect((refused as InvalidInput).field).toBe(field);
    }
  });
});
