import type { GdClass } from './gd-class';

/**
 * R23 (L art. 27 §2; REN 655-Q §2 I): energy from a plant (a tranche, R16) whose connection request was protocolled
 * between 2023-01-08 and 2023-07-07 keeps, in 2029 and 2030, what its class paid in 2028: GD II 90% of fioB, GD III
 * its formula. Compensation lines, received excedente and credit lots carry it as `cohort: '2023-H1'` (absent for
 * all other energy, so nothing recorded before changes).
 */
export type ScceCohort = '2023-H1';

export const COHORT_2023_H1: ScceCohort = '2023-H1';

/** R23: the window of connection requests of the cohort, both ends included. */
export const COHORT_2023_H1_FIRST_REQUEST = '2023-01-08';
export const COHORT_2023_H1_LAST_REQUEST = '2023-07-07';

/** R23: the years the cohort keeps the 2028 charge: 2029 and 2030. */
export const COHORT_2023_H1_FIRST_YEAR = 2029;
export const COHORT_2023_H1_LAST_YEAR = 2030;

/** The classes whose energy can be of the cohort (GD I was requested on or before 2023-01-07). */
export type CohortClass = Exclude<GdClass, 'GD_I'>;
export const COHORT_CLASSES: readonly CohortClass[] = ['GD_II', 'GD_III'];

/** R23: the cohort of a tranche's energy of `gdClass`, from the tranche's own request date (R16). */
export function cohortOf(requestedAt: string, gdClass: GdClass): ScceCohort | undefined {
  if (gdClass === 'GD_I') return undefined;
  return requestedAt >= COHORT_2023_H1_FIRST_REQUEST && requestedAt <= COHORT_2023_H1_LAST_REQUEST
    ? COHORT_2023_H1
    : undefined;
}

/** R23: a year in which the cohort's charge differs from the others' (2029, 2030). */
export function isCohortYear(year: number): boolean {
  return year >= COHORT_2023_H1_FIRST_YEAR && year <= COHORT_2023_H1_LAST_YEAR;
}

/** `{ cohort }` when there is one, spread into a part, lot or line: other energy's records stay as they were. */
export function cohortField(cohort: ScceCohort | undefined): { readonly cohort?: ScceCohort } {
  return cohort === undefined ? {} : { cohort };
}

/**
 * `{ ...fields, ...cohortField(cohort) }` without the spread (hot paths build many parts, lots and lines): `fields`
 * itself, with `cohort` added last, only when there is one.
 */
export function withCohort<T extends object>(
  fields: T,
  cohort: ScceCohort | undefined,
): T & { readonly cohort?: ScceCohort } {
  if (cohort !== undefined) (fields as T & { cohort?: ScceCohort }).cohort = cohort;
  return fields;
}

/** A key suffix that tells the cohort's energy apart from its class's other energy ('' for the latter). */
export function cohortKey(cohort: ScceCohort | undefined): string {
  return cohort === undefined ? '' : `|${cohort}`;
}
