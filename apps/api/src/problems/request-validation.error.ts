import { HttpStatus, type ValidationError } from '@nestjs/common';
import { ProblemException, ProblemType, statusTitle, type FieldError } from './problem-details';
import { translateConstraint } from './validation-messages';
import { pluralPtBr } from '@compensa/domain';

/** At most this many fields are listed: a 100,000-element body must not answer 100,000 messages. */
export const MAX_FIELD_ERRORS = 20;

/**
 * The request's DTO failed class-validator: 422 with one message per field (the first), at most MAX_FIELD_ERRORS
 * fields; the detail says how many more there were.
 */
export class RequestValidationError extends ProblemException {
  readonly fieldErrors: FieldError[];

  constructor(all: FieldError[]) {
    const byField = new Map<string, FieldError>();
    for (const e of all) if (!byField.has(e.field)) byField.set(e.field, e);
    const fieldErrors = [...byField.values()].slice(0, MAX_FIELD_ERRORS);
    const more = byField.size - fieldErrors.length;
    super({
      type: ProblemType.validationFailed,
      title: statusTitle(HttpStatus.UNPROCESSABLE_ENTITY),
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      detail:
        (fieldErrors.map((e) => e.message).join('; ') || 'A requisição não é válida.') +
        (more > 0 ? `; e mais ${pluralPtBr(more, 'campo inválido', 'campos inválidos')}` : ''),
      errors: fieldErrors,
    });
    this.fieldErrors = fieldErrors;
  }

  /**
   * Flattens class-validator's tree (nested objects, arrays) into dotted field paths, its default English messages
   * put in pt-BR (those the DTOs gave are kept).
   */
  static fromValidationErrors(errors: ValidationError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors, ''));
  }
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    // The field's first message is the one shown: what kind of value it takes (isInt, isDefined…) before its range
    // (min, max…), which class-validator checks first. "dez" for a limit is not a number, not one above 200.
    const own = Object.entries(error.constraints ?? {})
      .sort(([a], [b]) => Number(!a.startsWith('is')) - Number(!b.startsWith('is')))
      .map(([constraint, message]) => ({
        field,
        message: translateConstraint(constraint, message, field),
      }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
