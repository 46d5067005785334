import { InvalidInput, RuleViolationError, StateConflict, UnknownUc } from '@compensa/domain';
import { DuplicateEventId } from '@compensa/event-store';
import { TargetsNotDelivered } from './targets-not-delivered';

/**
 * Whether retrying can never help: the decider refused the command the event asks for (a rule, an impossible
 * value, a conflict with the target's history), or the target UC is not registered although the directory has
 * applied the log up to the event (consumers wait for it first, so an UnknownUc here is no lag), or the effect's
 * deterministic id is stored elsewhere. Everything else (store errors, timeouts, lost races, a lagging directory) is
 * transient and retried for as long as it takes.
 */
export function isPermanentFailure(err: unknown): boolean {
  if (err instanceof TargetsNotDelivered) return err.failures.every((f) => isPermanentFailure(f.error));
  return (
    err instanceof RuleViolationError ||
    err instanceof InvalidInput ||
    err instanceof StateConflict ||
    err instanceof UnknownUc ||
    err instanceof DuplicateEventId
  );
}

/** The rule id of a refusal (R13…), else the error's kind (StateConflict, UnknownUc…). */
export function ruleOf(err: unknown): string {
  if (err instanceof TargetsNotDelivered)
    return ruleOf(err.failures.find((f) => isPermanentFailure(f.error))?.error ?? err.failures[0].error);
  if (err instanceof RuleViolationError) return err.rule;
  return err instanceof Error ? err.name : 'Error';
}
