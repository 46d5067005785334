import { HttpException, HttpStatus } from '@nestjs/common';
import { ConcurrencyConflict, ParkedEventNotFound, REFUSAL_STATUS } from '@compensa/application';
import {
  InvalidInput,
  RuleViolationError,
  StateConflict,
  UnknownReading,
  UnknownUc,
} from '@compensa/domain/shared/errors';
import { WrongExpectedRevision } from '@compensa/event-store';
import { STATUS_CODES } from 'node:http';
import { ProblemException, ProblemType, type ProblemDetails } from './problem-details';

/**
 * The problem document for anything thrown while serving a request; `null` marks an unexpected error (500). The
 * statuses of refusals are the command side's (`REFUSAL_STATUS`), the same the CLI reports.
 */
export function problemOf(exception: unknown): ProblemDetails | null {
  if (exception instanceof ProblemException) return { ...exception.problem };
  if (exception instanceof RuleViolationError) {
    return {
      type: ProblemType.ruleViolation,
      title: `Refused by rule ${exception.rule}`,
      status: REFUSAL_STATUS.ruleViolation,
      detail: exception.detail || exception.message,
      rule: exception.rule,
    };
  }
  if (exception instanceof InvalidInput) {
    // One problem type for every validation error, whether the DTO or the domain found it.
    return {
      type: ProblemType.validationFailed,
      title: 'Validation failed',
      status: REFUSAL_STATUS.invalidInput,
      detail: exception.detail,
      field: exception.field,
      // Same `errors` member as a DTO validation failure, so a client reads every 422 the same way.
      errors: [{ field: exception.field, message: exception.detail }],
    };
  }
  if (exception instanceof StateConflict) {
    return {
      type: ProblemType.stateConflict,
      title: 'Conflict with the history',
      status: REFUSAL_STATUS.stateConflict,
      detail: exception.detail,
    };
  }
  if (exception instanceof WrongExpectedRevision) {
    return {
      type: ProblemType.concurrencyConflict,
      title: 'Concurrent modification',
      status: REFUSAL_STATUS.concurrencyConflict,
      detail: `${exception.stream} changed while the command was decided; reload and retry.`,
    };
  }
  if (exception instanceof ConcurrencyConflict) {
    // The command decided again after each lost race and kept losing: the client retries later.
    return {
      type: ProblemType.concurrencyConflict,
      title: 'Concurrent modification',
      status: REFUSAL_STATUS.concurrencyConflict,
      detail: `${exception.stream} kept changing while the command was decided (${exception.attempts} attempts); retry.`,
    };
  }
  if (exception instanceof UnknownUc) {
    return {
      type: ProblemType.unknownUc,
      title: 'Unknown UC',
      status: REFUSAL_STATUS.unknownUc,
      detail: exception.message,
      ucId: exception.ucId,
    };
  }
  if (exception instanceof UnknownReading) {
    return {
      type: ProblemType.blank,
      title: 'Unknown reading',
      status: REFUSAL_STATUS.unknownReading,
      detail: exception.message,
      ucId: exception.ucId,
    };
  }
  if (exception instanceof ParkedEventNotFound) {
    return { type: ProblemType.blank, title: 'Not Found', status: HttpStatus.NOT_FOUND, detail: exception.message };
  }
  if (exception instanceof HttpException) return problemOfHttpException(exception);
  if (isDatabaseBusy(exception)) {
    // Another process held the SQLite file past the busy timeout: nothing is wrong with the request, and a command
    // sent again is idempotent (its id), so the client retries (Retry-After) rather than reading a 500.
    return {
      type: ProblemType.blank,
      title: 'Service Unavailable',
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail:
        'the embedded database was busy with another process and the request may not have been recorded; send it again (a command with the same id is applied once). Several processes on one data directory wait for each other: run them on PLATFORM_DB_URL and KurrentDB.',
    };
  }
  return null;
}

/** SQLITE_BUSY or SQLITE_LOCKED from node:sqlite (its errors carry the SQLite result code as `errcode`). */
function isDatabaseBusy(exception: unknown): boolean {
  // Not `instanceof Error`: node's errors come from another realm under jest's VM.
  if (typeof exception !== 'object' || exception === null) return false;
  const { code, errcode } = exception as { code?: unknown; errcode?: unknown };
  return (
    code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' && ((errcode & 0xff) === 5 || (errcode & 0xff) === 6)
  );
}

/** The problem for a 500: says nothing of the cause (that goes to the log). */
export function internalProblem(): ProblemDetails {
  return {
    type: ProblemType.blank,
    title: STATUS_CODES[500] ?? 'Internal Server Error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'An unexpected error occurred; it has been logged with the request id.',
  };
}

/** Nest's own exceptions (404 of unknown routes, 401/403 of the guard, those thrown by handlers) keep their status. */
function problemOfHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const response = exception.getResponse();
  let detail = exception.message;
  if (typeof response === 'string') detail = response;
  else if (response && typeof response === 'object' && 'message' in response) {
    const message = (response as { message: unknown }).message;
    detail = Array.isArray(message) ? message.join('; ') : String(message);
  }
  return { type: ProblemType.blank, title: STATUS_CODES[status] ?? 'Error', status, detail };
}
