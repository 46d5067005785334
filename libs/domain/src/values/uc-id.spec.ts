import { InvalidInput } from '../shared/errors';
import { compareUcIds, parseUcId, ucStream } from './uc-id';

describe('UcId (Q1 value type)', () => {
  it('Q1 accepts 1 to 20 digits and keeps leading zeros', () => {
    expect(parseUcId('0012345')).toBe('0012345');
    expect(parseUcId('1')).toBe('1');
    expect(parseUcId('12345678901234567890')).toBe('12345678901234567890');
  });

  it.each(['', 'abc', '12-3', '123456789012345678901', ' 1', '-1', '1.5'])('Q1 refuses "%s"', (value) => {
    expect(() => parseUcId(value)).toThrow(InvalidInput);
  });

  it('Q1 orders UC numbers numerically (R20 ties: the lowest UC number), not as strings', () => {
    expect(compareUcIds('9', '10')).toBe(-1);
    expect(compareUcIds('010', '9')).toBe(1);
    expect(compareUcIds('007', '7')).toBe(0);
    expect(['10', '9', '100'].sort(compareUcIds)).toEqual(['9', '10', '100']);
  });

  it('Q1 names the UC stream by distribuidora and number', () => {
    expect(ucStream('copel', '0012345')).toBe('uc-copel-0012345');
  });
});
