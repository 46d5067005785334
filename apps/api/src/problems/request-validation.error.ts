import { HttpStatus, type ValidationError } from '@nestjs/common';
import { ProblemException, ProblemType, type FieldError } from './problem-details';

/** The request's DTO failed class-validator: 422 with every field error. */
export class RequestValidationError extends ProblemException {
  constructor(readonly fieldErrors: FieldError[]) {
    super({
      type: ProblemType.validationFailed,
      title: 'Validation failed',
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      detail: fieldErrors.map((e) => e.message).join('; ') || 'The request is not valid.',
      errors: fieldErrors,
    });
  }

  /** Flattens class-validator's tree (nested objects, arrays) into dotted field paths. */
  static fromValidationErrors(errors: ValidationError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors, ''));
  }
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
