import { MAX_FIELD_ERRORS, RequestValidationError } from './request-validation.error';
import { notAllowed } from './validation-messages';

describe('RequestValidationError (422)', () => {
  it('one message per field, the first', () => {
    const error = new RequestValidationError([
      { field: 'ucId', message: 'ucId deve ser um texto' },
      { field: 'ucId', message: 'ucId não está no formato esperado (/^\\d+$/)' },
      { field: 'cycle', message: 'cycle deve ser um ciclo AAAA-MM' },
    ]);
    expect(error.problem.errors).toEqual([
      { field: 'ucId', message: 'ucId deve ser um texto' },
      { field: 'cycle', message: 'cycle deve ser um ciclo AAAA-MM' },
    ]);
    expect(error.problem).toMatchObject({
      title: 'Dados inválidos',
      detail: 'ucId deve ser um texto; cycle deve ser um ciclo AAAA-MM',
    });
  });

  it('caps the fields listed and says how many more there were (a 100,000-element body)', () => {
    const all = Array.from({ length: 100_000 }, (_, i) => ({ field: String(i), message: notAllowed(String(i)) }));
    const error = new RequestValidationError(all);
    expect(error.problem.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(error.problem.detail).toMatch(/^o campo 0 não é permitido; .*; e mais 99980 campos inválidos$/);
  });
});
