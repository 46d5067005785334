import { COHORT_2023_H1, cohortField, withCohort } from './scce-cohort';

describe('R23 the cohort field of parts, lots and lines', () => {
  it('R23 withCohort writes what the cohortField spread writes: the cohort last, and no key without one', () => {
    const fields = () => ({ vintage: '2029-03-15', posto: 'unico', gdClass: 'GD_II', kwh: '1.000', sourceUcId: '1' });
    for (const cohort of [COHORT_2023_H1, undefined]) {
      const spread = { ...fields(), ...cohortField(cohort) };
      const built = withCohort(fields(), cohort);
      expect(JSON.stringify(built)).toBe(JSON.stringify(spread));
      expect(Object.keys(built)).toEqual(Object.keys(spread));
    }
    expect('cohort' in withCohort(fields(), undefined)).toBe(false);
  });
});
