import type { CreditLotJson } from '../compensation/lot-json';
import type { TitularEvent } from '../titular/titular-decider';
import { titularDecider } from '../titular/titular-stream-decider';
import type { TitularJson } from '../uc/uc-events';
import { eventOf, specificationOf } from './decider-specification';
import { CPF_ANA } from './fixtures';

/**
 * The titular stream as a specification: `givenTitular(events).when(command).then(events)` or
 * `.thenThrows(RuleViolation('R20'))`. `then` also takes a function for partial checks (decided, state after).
 */
export const givenTitular = specificationOf(titularDecider);

/** The one titular event of a type among the decided ones (fails when absent). */
export const titularEventOf = eventOf;

/** A titular as events carry it (default: Ana, CPF). */
export function titularJson(document = CPF_ANA, name = 'Titular'): TitularJson {
  return {
    document,
    kind: document.length === 11 ? 'CPF' : 'CNPJ',
    name,
    key: document.length === 11 ? document : document.slice(0, 8),
  };
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
