import { InvalidInput } from '../shared/errors';
import { kwhTextOfWh, whOfText } from './wh-text';

const MAX_SAFE_WH = BigInt(Number.MAX_SAFE_INTEGER);

const KWH_PATTERN = /^(\d{1,15})(?:\.(\d{1,3}))?$/;

/**
 * Energy in kWh with 3 decimal places (Q1: 1 Wh), exact: an integer number of Wh in a bigint.
 * Never negative: an operation that would go below zero throws (Q3).
 */
export class Kwh {
  static readonly ZERO = new Kwh(0n);

  private constructor(
    /** Whole watt-hours. */
    readonly wh: bigint,
  ) {}

  /** Parses a decimal string ("280", "280.5", "280.000"); rejects negatives, exponents and > 3 decimals (Q1). */
  static parse(value: string, field = 'kwh'): Kwh {
    if (typeof value !== 'string') throw new InvalidInput(field, 'o kWh deve ser um número decimal em texto');
    // The usual text ("280.000", no spaces, below 2^53 Wh) is read digit by digit; the rest as the pattern says.
    const plain = whOfText(value);
    if (plain >= 0) return new Kwh(BigInt(plain));
    const m = KWH_PATTERN.exec(value.trim());
    if (!m) throw new InvalidInput(field, `"${value}" não é um kWh não negativo com no máximo 3 casas decimais`);
    const frac = (m[2] ?? '').padEnd(3, '0');
    return new Kwh(BigInt(m[1]) * 1000n + BigInt(frac));
  }

  /** From whole watt-hours. */
  static ofWh(wh: bigint): Kwh {
    if (wh < 0n) throw new RangeError(`negative energy: ${wh} Wh`);
    return wh === 0n ? Kwh.ZERO : new Kwh(wh);
  }

  /** `Kwh.ofWh(wh).toString()` without the `Kwh` (events write many kWh texts from Wh). */
  static textOfWh(wh: bigint): string {
    if (wh < 0n) throw new RangeError(`negative energy: ${wh} Wh`);
    return wh <= MAX_SAFE_WH ? kwhTextOfWh(Number(wh)) : new Kwh(wh).toString();
  }

  static sum(values: Iterable<Kwh>): Kwh {
    let total = 0n;
    for (const v of values) total += v.wh;
    return Kwh.ofWh(total);
  }

  plus(other: Kwh): Kwh {
    return other.wh === 0n ? this : new Kwh(this.wh + other.wh);
  }

  /** Subtraction that refuses to go negative (Q3: never a negative balance). */
  minus(other: Kwh): Kwh {
    return Kwh.ofWh(this.wh - other.wh);
  }

  /** What is left after taking `other`, floored at zero. */
  saturatingMinus(other: Kwh): Kwh {
    return this.wh > other.wh ? new Kwh(this.wh - other.wh) : Kwh.ZERO;
  }

  min(other: Kwh): Kwh {
    return this.wh <= other.wh ? this : other;
  }

  max(other: Kwh): Kwh {
    return this.wh >= other.wh ? this : other;
  }

  isZero(): boolean {
    return this.wh === 0n;
  }

  gt(other: Kwh): boolean {
    return this.wh > other.wh;
  }

  gte(other: Kwh): boolean {
    return this.wh >= other.wh;
  }

  lt(other: Kwh): boolean {
    return this.wh < other.wh;
  }

  eq(other: Kwh): boolean {
    return this.wh === other.wh;
  }

  /** "280.000": always exactly 3 decimals. */
  toString(): string {
    if (this.wh <= MAX_SAFE_WH) return kwhTextOfWh(Number(this.wh));
    const whole = this.wh / 1000n;
    const frac = (this.wh % 1000n).toString().padStart(3, '0');
    return `${whole}.${frac}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Shorthand for tests and examples: `kwh('280')`. */
export function kwh(value: string | number): Kwh {
  return Kwh.parse(String(value));
}
