import { InvalidInput, RuleViolationError, StateConflict, UnknownReading, UnknownUc } from '@compensa/domain';
import { WrongExpectedRevision } from '@compensa/event-store';
import { ConcurrencyConflict } from './command-result';

/** The kinds of refusal a command may meet, and the HTTP status of each (RULES.md "Refusals"). */
export const REFUSAL_STATUS = {
  ruleViolation: 409,
  invalidInput: 422,
  stateConflict: 409,
  unknownUc: 404,
  unknownReading: 404,
  concurrencyConflict: 409,
} as const;

/** A kind of refusal. */
export type RefusalKind = keyof typeof REFUSAL_STATUS;

/**
 * The one error → status mapping, used by the API's problem documents and the CLI's reports: the kind of refusal an
 * error is, or null when it is none (an unexpected error).
 */
export function refusalKindOf(err: unknown): RefusalKind | null {
  if (err instanceof RuleViolationError) return 'ruleViolation';
  if (err instanceof InvalidInput) return 'invalidInput';
  if (err instanceof StateConflict) return 'stateConflict';
  if (err instanceof UnknownUc) return 'unknownUc';
  if (err instanceof UnknownReading) return 'unknownReading';
  if (err instanceof WrongExpectedRevision || err instanceof ConcurrencyConflict) return 'concurrencyConflict';
  return null;
}

/** How a refused command is reported: the HTTP status the API would answer, the rule id, the detail. */
export interface Refusal {
  status: number;
  rule: string | null;
  detail: string;
}

/** A refusal as the CLI reports it (the simulation's rejected lines); anything else is not a refusal. */
export function refusalOf(err: unknown): Refusal | null {
  const kind = refusalKindOf(err);
  if (kind === null) return null;
  const status = REFUSAL_STATUS[kind];
  if (err instanceof RuleViolationError) return { status, rule: err.rule, detail: err.detail };
  if (err instanceof StateConflict) return { status, rule: null, detail: err.detail };
  return { status, rule: null, detail: (err as Error).message };
}
