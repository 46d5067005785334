import fc from 'fast-check';
import { InvalidInput } from '../shared/errors';
import { Kwh, kwh } from './kwh';

describe('Kwh (Q1: kWh with 3 decimals, exact, never negative)', () => {
  it('Q1 parses decimal strings into whole Wh and formats with exactly 3 decimals', () => {
    expect(Kwh.parse('280').wh).toBe(280_000n);
    expect(Kwh.parse('280.5').wh).toBe(280_500n);
    expect(Kwh.parse('0.001').wh).toBe(1n);
    expect(Kwh.parse('280.000').toString()).toBe('280.000');
    expect(Kwh.parse('280.5').toString()).toBe('280.500');
    expect(Kwh.parse('0').toString()).toBe('0.000');
    expect(Kwh.parse('000123.4').toString()).toBe('123.400');
  });

  it('Q1 carries kWh in JSON as a string', () => {
    expect(JSON.stringify({ kwh: kwh('280') })).toBe('{"kwh":"280.000"}');
  });

  it('Q1 is exact where a float is not: 0.1 + 0.2 = 0.300', () => {
    expect(kwh('0.1').plus(kwh('0.2')).toString()).toBe('0.300');
    expect(Kwh.sum([kwh('0.001'), kwh('0.001'), kwh('0.001')]).toString()).toBe('0.003');
  });

  it("Q1 carries large amounts exactly (beyond a float's 2^53 Wh)", () => {
    expect(Kwh.parse('999999999999999.999').toString()).toBe('999999999999999.999');
    expect(Kwh.parse('999999999999999.999').plus(kwh('0.001')).toString()).toBe('1000000000000000.000');
  });

  it.each([
    ['-1', 'negative'],
    ['1.2345', 'more than 3 decimal places'],
    ['1e3', 'an exponent'],
    ['abc', 'not a number'],
    ['', 'empty'],
    ['.5', 'no integer part'],
    ['1.', 'a dangling point'],
    ['1,5', 'a decimal comma'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
  ])('Q1 refuses %s (%s) as InvalidInput', (value) => {
    expect(() => Kwh.parse(value)).toThrow(InvalidInput);
  });

  it('Q1 refuses a JS number: kWh travel as strings', () => {
    expect(() => Kwh.parse(280 as unknown as string)).toThrow(InvalidInput);
  });

  it('Q3 never goes negative: minus below zero throws, saturatingMinus floors at zero', () => {
    expect(() => kwh('1').minus(kwh('1.001'))).toThrow(RangeError);
    expect(() => Kwh.ofWh(-1n)).toThrow(RangeError);
    expect(kwh('1').saturatingMinus(kwh('2')).toString()).toBe('0.000');
    expect(kwh('2').minus(kwh('0.5')).toString()).toBe('1.500');
  });

  it('Q1 compares by Wh', () => {
    expect(kwh('1.000').eq(kwh('1'))).toBe(true);
    expect(kwh('1.001').gt(kwh('1'))).toBe(true);
    expect(kwh('1').lt(kwh('1.001'))).toBe(true);
    expect(kwh('1').min(kwh('2')).toString()).toBe('1.000');
    expect(kwh('1').max(kwh('2')).toString()).toBe('2.000');
    expect(Kwh.ZERO.isZero()).toBe(true);
  });

  it('Q1 the digit-by-digit reading and printing agree with the pattern and bigint arithmetic on any kWh text', () => {
    const reference = (text: string): string | null => {
      const m = /^(\d{1,15})(?:\.(\d{1,3}))?$/.exec(text.trim());
      if (!m) return null;
      const wh = BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'));
      return `${wh / 1000n}.${(wh % 1000n).toString().padStart(3, '0')}`;
    };
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const text = fc.oneof(
      fc.tuple(digits(1, 16), fc.option(digits(0, 4))).map(([i, f]) => (f === null ? i : `${i}.${f}`)),
      fc.string({ maxLength: 8 }),
      fc.tuple(fc.constantFrom(' ', ''), digits(1, 14), fc.constantFrom(' ', '')).map(([a, d, b]) => `${a}${d}${b}`),
    );
    fc.assert(
      fc.property(text, (t) => {
        const expected = reference(t);
        if (expected === null) expect(() => Kwh.parse(t)).toThrow();
        else expect(Kwh.parse(t).toString()).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('Q1 textOfWh writes what ofWh(wh).toString() writes, and refuses a negative as ofWh does', () => {
    for (const wh of [
      0n,
      1n,
      9n,
      10n,
      99n,
      100n,
      999n,
      1000n,
      1001n,
      280500n,
      9_007_199_254_740_991n,
      9_007_199_254_740_992n,
      10n ** 21n + 7n,
    ])
      expect(Kwh.textOfWh(wh)).toBe(Kwh.ofWh(wh).toString());
    expect(Kwh.textOfWh(1234n)).toBe('1.234');
    expect(() => Kwh.textOfWh(-1n)).toThrow(RangeError);
  });
});
