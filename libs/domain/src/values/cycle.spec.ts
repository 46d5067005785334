import { InvalidInput } from '../shared/errors';
import { parseCycle } from './cycle';

describe('Cycle (Q1 value type: YYYY-MM)', () => {
  it('Q1 accepts a reference month YYYY-MM and orders as a string', () => {
    expect(parseCycle('2026-05')).toBe('2026-05');
    expect(parseCycle('2026-12') < parseCycle('2027-01')).toBe(true);
  });

  it.each(['2026-13', '2026-00', '2026-5', '2026/05', '2026-05-01', '', '202605'])('Q1 refuses %s', (value) => {
    expect(() => parseCycle(value)).toThrow(InvalidInput);
  });
});
