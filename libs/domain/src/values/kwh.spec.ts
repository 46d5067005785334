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
});
