import { MAX_FIELD_ERRORS, RequestValidationError } from './request-validation.error';

describe('RequestValidationError (422)', () => {
  it('one message per field, the first', () => {
    const error = new RequestValidationError([
      { field: 'ucId', message: 'ucId must be a string' },
      { field: 'ucId', message: 'ucId must match /^\\d+$/' },
      { field: 'cycle', message: 'cycle must be YYYY-MM' },
    ]);
    expect(error.problem.errors).toEqual([
      { field: 'ucId', message: 'ucId must be a string' },
      { field: 'cycle', message: 'cycle must be YYYY-MM' },
    ]);
  });

  it('caps the fields listed and says how many more there were (a 100,000-element body)', () => {
    const all = Array.from({ length: 100_000 }, (_, i) => ({ field: String(i), message: `${i} is not allowed` }));
    const error = new RequestValidationError(all);
    expect(error.problem.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(error.problem.detail).toMatch(/; and 99980 more fields not valid$/);
  });
});
