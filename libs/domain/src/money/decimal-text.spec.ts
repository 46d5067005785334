import fc from 'fast-check';
import { Money } from './cycle-pricing';
import { amountText, fixedText } from './decimal-text';

/** Decimals as the invoice prints them: amounts, kWh and anything else (more places, tiny or huge, negative, zero). */
const decimalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 40 }))
  .map(([units, places]) => new Money(units.toString()).div(new Money(10).pow(places)));

describe('R28 printed amounts and kWh', () => {
  it('R28 fixedText prints exactly what toFixed prints, for any decimal and 1 to 3 places', () => {
    fc.assert(
      fc.property(decimalArb, fc.constantFrom<1 | 2 | 3>(1, 2, 3), (value, places) => {
        expect(fixedText(value, places)).toBe(value.toFixed(places));
        expect(fixedText(value.negated(), places)).toBe(value.negated().toFixed(places));
      }),
      { numRuns: 5000 },
    );
  });

  it('R28 an amount is printed with 2 places and never as -0.00', () => {
    expect(amountText(new Money('35.4'))).toBe('35.40');
    expect(amountText(new Money('-23.69'))).toBe('-23.69');
    expect(amountText(new Money('12'))).toBe('12.00');
    expect(amountText(new Money('-0'))).toBe('0.00');
    expect(amountText(new Money('-0.001'))).toBe('0.00');
    expect(amountText(new Money('1e21'))).toBe('1000000000000000000000.00');
  });
});
