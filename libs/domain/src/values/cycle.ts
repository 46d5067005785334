import { InvalidInput } from '../shared/errors';

/** A billing cycle, named by its reference month `YYYY-MM`. */
export type Cycle = string & { readonly __brand: 'Cycle' };

const CYCLE_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseCycle(value: string, field = 'cycle'): Cycle {
  if (typeof value !== 'string' || !CYCLE_PATTERN.exec(value)) {
    throw new InvalidInput(field, `"${value}" não é um ciclo AAAA-MM`);
  }
  return value as Cycle;
}
