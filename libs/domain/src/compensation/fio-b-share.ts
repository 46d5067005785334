import { isCohortYear } from '../values/scce-cohort';
import { InvalidInput } from '../shared/errors';
import type { GdClass } from '../values/gd-class';

/** R17 (L art. 27): the share of TUSD Fio B that GD II compensated energy pays, by year, in percent. */
const GD_II_FIO_B: Record<number, number> = { 2023: 15, 2024: 30, 2025: 45, 2026: 60, 2027: 75, 2028: 90 };

/** The tariff components compensated energy still pays, as percentages of each component (R17). */
export interface ComponentShares {
  fioB: number;
  fioA: number;
  tfsee: number;
  ped: number;
}

/**
 * R17: which share of each TUSD component compensated energy of a class pays in a year. From 2029 the
 * GD II rate is the one ANEEL publishes: pass it as `publishedFrom2029` (a setting); `cohort2023H1`: the energy
 * comes from a plant requested between 2023-01-08 and 2023-07-07 (R23).
 */
export function componentSharesPaid(
  gdClass: GdClass,
  year: number,
  publishedFrom2029?: number,
  cohort2023H1 = false,
): ComponentShares {
  if (gdClass === 'GD_I') return { fioB: 0, fioA: 0, tfsee: 0, ped: 0 };
  if (gdClass === 'GD_III') return { fioB: 100, fioA: 40, tfsee: 100, ped: 100 };
  if (year < 2023) return { fioB: 0, fioA: 0, tfsee: 0, ped: 0 };
  if (year <= 2028) return { fioB: GD_II_FIO_B[year], fioA: 0, tfsee: 0, ped: 0 };
  // R23 (L art. 27 §2): a plant requested between 2023-01-08 and 2023-07-07 keeps 2028's 90% in 2029 and 2030.
  if (cohort2023H1 && isCohortYear(year)) return { fioB: GD_II_FIO_B[2028], fioA: 0, tfsee: 0, ped: 0 };
  if (publishedFrom2029 === undefined) {
    throw new InvalidInput(
      'fioBShare',
      `a parcela do Fio B paga pela GD II em ${year} é a que a ANEEL publica: configure-a`,
    );
  }
  return { fioB: publishedFrom2029, fioA: 0, tfsee: 0, ped: 0 };
}
