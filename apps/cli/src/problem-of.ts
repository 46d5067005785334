import { ConcurrencyConflict } from '@compensa/application';
import { InvalidInput, RuleViolationError, StateConflict, UnknownUc } from '@compensa/domain';
import { WrongExpectedRevision } from '@compensa/event-store';

/** How a refused command is reported: the HTTP status the API would answer, the rule id, the detail. */
export interface Refusal {
  status: number;
  rule: string | null;
  detail: string;
}

/** Maps a refusal to the status the API answers (RULES.md "Refusals"); anything else is not a refusal. */
export function refusalOf(err: unknown): Refusal | null {
  if (err instanceof RuleViolationError) return { status: 409, rule: err.rule, detail: err.detail };
  if (err instanceof InvalidInput) return { status: 422, rule: null, detail: err.message };
  if (err instanceof StateConflict) return { status: 409, rule: null, detail: err.detail };
  if (err instanceof UnknownUc) return { status: 404, rule: null, detail: err.message };
  if (err instanceof WrongExpectedRevision || err instanceof ConcurrencyConflict) return { status: 409, rule: null, detail: (err as Error).message };
  return null;
}
