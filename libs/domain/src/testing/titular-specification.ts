import { RuleViolationError, type RuleId } from '../shared/errors';
import type { CreditLotJson } from '../compensation/lot-json';
import {
  decideTitular,
  evolveTitular,
  initialTitularState,
  type TitularCommand,
  type TitularEvent,
  type TitularState,
} from '../titular/titular-decider';
import type { TitularJson } from '../uc/uc-events';
import { CPF_ANA } from './fixtures';

/** Expected refusal: `thenThrows(RuleViolation('R20'))` matches any R20 refusal; an error class matches by type. */
type Refusal = RuleViolationError | (abstract new (...args: never[]) => Error);

function foldTitular(events: readonly TitularEvent[]): TitularState {
  return events.reduce(evolveTitular, initialTitularState);
}

/**
 * The titular stream as a specification: `givenTitular(events).when(command).then(events)` or
 * `.thenThrows(RuleViolation('R20'))`. `then` also takes a function for partial checks (decided, state after).
 */
export function givenTitular(events: TitularEvent[]) {
  const state = foldTitular(events);
  return {
    state,
    when(command: TitularCommand) {
      const run = () => decideTitular(command, state);
      return {
        then(expected: TitularEvent[] | ((decided: TitularEvent[], after: TitularState) => void)): TitularEvent[] {
          const decided = run();
          if (typeof expected === 'function') expected(decided, foldTitular([...events, ...decided]));
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

/** The one titular event of a type among the decided ones (fails when absent). */
export function titularEventOf<T extends TitularEvent['type']>(events: TitularEvent[], type: T): Extract<TitularEvent, { type: T }> {
  const e = events.find((x) => x.type === type);
  if (!e) throw new Error(`no ${type} among ${events.map((x) => x.type).join(', ') || '(none)'}`);
  return e as Extract<TitularEvent, { type: T }>;
}

/** A titular as events carry it (default: Ana, CPF). */
export function titularJson(document = CPF_ANA, name = 'Titular'): TitularJson {
  return { document, kind: document.length === 11 ? 'CPF' : 'CNPJ', name, key: document.length === 11 ? document : document.slice(0, 8) };
}

/** A credit lot as events carry it: `lot('2025-06-20', '300')`, expiry = vintage + 60 months unless given. */
export function lot(vintage: string, kwh: string, over: Partial<CreditLotJson> = {}): CreditLotJson {
  const [y, m, d] = vintage.split('-');
  return {
    vintage,
    posto: 'unico',
    gdClass: 'GD_II',
    kwh,
    expiresOn: `${Number(y) + 5}-${m}-${d}`,
    sourceUcId: '1',
    ...over,
  };
}

/** A CreditsHeldForTitular event (R18/R19): credits from `fromUcId` held at `date`, deadline d + 30 unless given. */
export function creditsHeld(over: {
  fromUcId?: string;
  rule?: 'R18' | 'R19';
  date: string;
  deadline: string;
  lots: CreditLotJson[];
  titular?: TitularJson;
  distribuidora?: string;
}): TitularEvent {
  return {
    type: 'CreditsHeldForTitular',
    data: {
      distribuidora: over.distribuidora ?? 'copel',
      titular: over.titular ?? titularJson(),
      fromUcId: over.fromUcId ?? '1',
      rule: over.rule ?? 'R18',
      date: over.date,
      deadline: over.deadline,
      sourceEventId: `evt-${over.fromUcId ?? '1'}-${over.date}`,
      lots: over.lots,
    },
  };
}
