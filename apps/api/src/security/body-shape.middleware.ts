import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FieldError } from '../problems/problem-details';
import { RequestValidationError } from '../problems/request-validation.error';
import { notAllowed } from '../problems/validation-messages';

/**
 * Keys that name what every object inherits (`__proto__`, `constructor`, `toString`…). class-transformer skips
 * them, so the ValidationPipe never sees them: unchecked, they would be dropped silently instead of refused like
 * any other unknown property, and they are what prototype-pollution payloads are made of.
 */
const INHERITED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Deeper than any command (the deepest, a TUSD table, is 3 levels). class-transformer and class-validator recurse
 * once per level: a body of 256 kB can nest tens of thousands of levels and overflow the stack (a 500).
 */
export const MAX_BODY_DEPTH = 32;

/** What makes a parsed JSON body unfit for validation, as field errors (walked iteratively: it may be deep). */
export function bodyShapeErrors(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      errors.push({ field: path, message: `${path} tem mais de ${MAX_BODY_DEPTH} níveis de aninhamento` });
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = path === '' ? key : `${path}.${key}`;
      if (INHERITED_KEYS.has(key)) errors.push({ field: child, message: notAllowed(child) });
      pending.push({ value: (value as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return errors;
}

/** Runs after the JSON parser: a body too deep or holding an inherited-name key is refused with 422. */
export function rejectUnfitBodies(): (
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  return (request, _response, next) => {
    const errors = bodyShapeErrors(request.body);
    next(errors.length === 0 ? undefined : new RequestValidationError(errors));
  };
}
