import { fold } from '../shared/decider';
import { RuleViolationError, type RuleId } from '../shared/errors';
import { ucDecider } from '../uc/uc-decider';
import type { UcCommand } from '../uc/uc-commands';
import type { UcEvent } from '../uc/uc-events';
import type { UcState } from '../uc/uc-state';

/** Expected refusal: `thenThrows(RuleViolation('R13'))` matches any R13 refusal; an error class matches by type. */
type Refusal = RuleViolationError | (abstract new (...args: never[]) => Error);

/**
 * Tests read as specifications: `given(events).when(command).then(events)` or `.thenThrows(RuleViolation('R13'))`.
 * `then` also takes a function for partial checks of the decided events.
 */
export function given(events: UcEvent[]) {
  const state = fold(ucDecider, events);
  return {
    state,
    when(command: UcCommand) {
      const run = () => ucDecider.decide(command, state);
      return {
        then(expected: UcEvent[] | ((decided: UcEvent[], after: UcState) => void)): UcEvent[] {
          const decided = run();
          if (typeof expected === 'function') expected(decided, fold(ucDecider, [...events, ...decided]));
          else expect(decided).toEqual(expected);
          return decided;
        },
        thenThrows(refusal: Refusal): void {
          let thrown: unknown;
          try {
            run();
          } catch (e) {
            thrown = e;
          }
          expect(thrown).toBeDefined();
          if (refusal instanceof RuleViolationError) {
            expect(thrown).toBeInstanceOf(RuleViolationError);
            expect((thrown as RuleViolationError).rule).toBe(refusal.rule as RuleId);
          } else {
            expect(thrown).toBeInstanceOf(refusal);
          }
        },
      };
    },
  };
}

/** The one event of a type among the decided ones (fails when absent). */
export function eventOf<T extends UcEvent['type']>(events: UcEvent[], type: T): Extract<UcEvent, { type: T }> {
  const e = events.find((x) => x.type === type);
  if (!e) throw new Error(`no ${type} among ${events.map((x) => x.type).join(', ')}`);
  return e as Extract<UcEvent, { type: T }>;
}
