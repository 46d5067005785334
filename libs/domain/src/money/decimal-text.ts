import { InvalidInput } from '../shared/errors';
import { BoundedMemo } from '../shared/bounded-memo';
import { Money, type MoneyValue } from './cycle-pricing';

/** A non-negative decimal string with at most 8 places: unit tariffs in R$/kWh and tax rates (Q1, R22). */
const RATE_PATTERN = /^(\d{1,9})(?:\.(\d{1,8}))?$/;

/** Parses an R$/kWh price or a rate ("0.62352", up to 8 places, ≥ 0); refuses floats, exponents and signs. */
export function parseUnitPrice(value: unknown, field: string): MoneyValue {
  if (typeof value !== 'string') throw new InvalidInput(field, 'deve ser um número decimal em texto');
  if (!RATE_PATTERN.test(value)) {
    throw new InvalidInput(field, `"${value}" não é um decimal não negativo com no máximo 8 casas`);
  }
  return new Money(value);
}

/** Parsed decimal texts (recorded prices, rates): the same few strings come back at every invoice. */
const PARSED = new BoundedMemo<string, MoneyValue>();

/**
 * The `Money` of a decimal text already validated (a recorded price or rate), parsed once: a `Money` is immutable,
 * so one value serves every reader. The cache is bounded (cleared when full).
 */
export function moneyOfText(text: string): MoneyValue {
  return PARSED.get(text, (t) => new Money(t));
}

const EXACT_PATTERN = /^\d+(?:\.\d+)?$/;

/** Whether `parseExact` accepts the text (it would not throw). */
export function isExactText(value: unknown): value is string {
  return typeof value === 'string' && EXACT_PATTERN.test(value);
}

/** Parses a recorded exact decimal (a day-weighted T or f may have many places): any non-negative plain decimal. */
export function parseExact(value: string, field: string): MoneyValue {
  if (typeof value !== 'string' || !EXACT_PATTERN.test(value)) {
    throw new InvalidInput(field, `"${value}" não é um decimal não negativo`);
  }
  return moneyOfText(value);
}

/** Exact text of a value, never in exponent notation, so it can be recorded and read back unchanged. */
export function exactText(value: MoneyValue): string {
  return value.toFixed();
}

/** A unit price as printed: 8 places, half-even (R28). Display only: amounts use the exact value. */
export function unitPriceText(value: MoneyValue): string {
  return value.toFixed(8, Money.ROUND_HALF_EVEN);
}

/** Recorded prices already printed, by their exact text (the same few come back at every invoice). */
const PRINTED = new BoundedMemo<string, string>();

/** `unitPriceText` of a recorded exact price (`moneyOfText`), printed once per text; the cache is bounded. */
export function recordedUnitPriceText(text: string): string {
  return PRINTED.get(text, (t) => unitPriceText(moneyOfText(t)));
}

const ZEROS = ['', '0', '00', '000'];

/**
 * `value.toFixed(places)` (places ≤ 3), the same text: a value with at most `places` decimals (an amount already
 * rounded, a kWh) is its plain `toString` padded with zeros, with no copy or rounding of the value; any other value
 * (more places, exponent notation) goes to `toFixed` itself.
 */
export function fixedText(value: MoneyValue, places: 1 | 2 | 3): string {
  const text = value.toString();
  const dot = text.indexOf('.');
  if (dot < 0) {
    if (text.indexOf('e') < 0) return `${text}.${ZEROS[places]}`;
  } else {
    const decimals = text.length - dot - 1;
    if (decimals <= places && text.indexOf('e') < 0) return text + ZEROS[places - decimals];
  }
  return value.toFixed(places);
}

/** An amount already rounded to R$ 0.01, as printed: "35.39", "-23.69", "0.00". */
export function amountText(value: MoneyValue): string {
  const text = fixedText(value, 2);
  return text === '-0.00' ? '0.00' : text;
}
