import { InvalidInput } from '../shared/errors';
import { BoundedMemo } from '../shared/bounded-memo';

const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** Percentages already parsed, by text (valid ones only: an invalid text is refused every time, naming its field). */
const PARSED = new BoundedMemo<string, Percent>();

/** A percentage with up to 4 decimal places (Q1), exact: an integer number of 1/10,000 of a percent. */
export class Percent {
  /** 100%, in units of 0.0001%. */
  static readonly HUNDRED_UNITS = 1_000_000n;

  private constructor(
    /** Units of 0.0001%. */
    readonly units: bigint,
  ) {}

  /** Parses "40", "33.3333"; rejects negatives, > 100 and more than 4 decimals. */
  static parse(value: string, field = 'percent'): Percent {
    if (typeof value !== 'string') throw new InvalidInput(field, 'o percentual deve ser um número decimal em texto');
    // A rateio's shares are read at every reading of its generator: each valid text is parsed once.
    return PARSED.get(value, (text) => {
      const m = PERCENT_PATTERN.exec(text.trim());
      if (!m) throw new InvalidInput(field, `"${text}" não é um percentual com no máximo 4 casas decimais`);
      const units = BigInt(m[1]) * 10_000n + BigInt((m[2] ?? '').padEnd(4, '0'));
      if (units > Percent.HUNDRED_UNITS) throw new InvalidInput(field, `"${text}" é maior que 100`);
      return new Percent(units);
    });
  }

  static ofUnits(units: bigint): Percent {
    return new Percent(units);
  }

  /** "40.0000" → "40"; "33.3300" → "33.33". */
  toString(): string {
    const whole = this.units / 10_000n;
    const frac = (this.units % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
    return frac ? `${whole}.${frac}` : `${whole}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
