import { fold, type Decider } from '../shared/decider';
import { RuleViolationError, type RuleId } from '../shared/errors';
import { ucDecider } from '../uc/uc-decider';

/** Expected refusal: `thenThrows(RuleViolation('R13'))` matches any R13 refusal; an error class matches by type. */
type Refusal = RuleViolationError | (abstract new (...args: never[]) => Error);

/**
 * A decider's tests read as specifications: `given(events).when(command).then(events)` or
 * `.thenThrows(RuleViolation('R13'))`. `then` also takes a function for partial checks (decided, state after).
 */
export function specificationOf<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return function given(events: Event[]) {
    const state = fold(decider, events);
    return {
      state,
      when(command: Command) {
        const run = () => decider.decide(command, state);
        return {
          then(expected: Event[] | ((decided: Event[], after: State) => void)): Event[] {
            const decided = run();
            if (typeof expected === 'function') expected(decided, fold(decider, [...events, ...decided]));
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
  };
}

/** The UC stream as a specification (see `specificationOf`). */
export const given = specificationOf(ucDecider);

/** The one event of a type among the decided ones (fails when absent). */
export function eventOf<Event extends { type: string }, T extends Event['type']>(
  events: Event[],
  type: T,
): Extract<Event, { type: T }> {
  const e = events.find((x) => x.type === type);
  if (!e) throw new Error(`no ${type} among ${events.map((x) => x.type).join(', ') || '(none)'}`);
  return e as Extract<Event, { type: T }>;
}
