import type { CreditLotJson } from '../compensation/lot-json';
import type { UcFacts } from '../eligibility/uc-facts';
import { RuleViolation, RuleViolationError, StateConflict } from '../shared/errors';
import {
  decideTitular,
  evolveTitular,
  initialTitularState,
  type TitularCommand,
  type TitularEvent,
  type TitularState,
} from './titular-decider';
import { parseUcId } from '../values/uc-id';

/**
 * One step of a titular stream's history as a correction re-decides it: a command, an earlier correction of the
 * credits a hold held (R18, R19), or an earlier correction of a consumption its 30-day decisions compared (R20).
 */
export type TitularHistoryStep =
  | { kind: 'command'; command: TitularCommand }
  | { kind: 'held-correction'; correctionId: string; sourceEventId: string; date: string; lots: CreditLotJson[] }
  | {
      kind: 'consumption-correction';
      correctionId: string;
      ucId: string;
      readingDate: string;
      consumedKwh: string;
      date: string;
    };

/** What a re-decided titular history puts in place of the recorded values. */
export interface TitularSubstitutions {
  /** The lots of a hold, by the leaving event it names. */
  readonly holds: ReadonlyMap<string, CreditLotJson[]>;
  /** R20: a UC's corrected total consumption, by `${ucId}|${readingDate}`, in the facts each decision recorded. */
  readonly consumptions: ReadonlyMap<string, string>;
}

/** The values the earlier corrections of a titular history put in force. */
export function earlierTitularSubstitutions(history: readonly TitularHistoryStep[]): TitularSubstitutions {
  const holds = new Map<string, CreditLotJson[]>();
  const consumptions = new Map<string, string>();
  for (const h of history) {
    if (h.kind === 'held-correction') holds.set(h.sourceEventId, h.lots);
    else if (h.kind === 'consumption-correction') consumptions.set(`${h.ucId}|${h.readingDate}`, h.consumedKwh);
  }
  return { holds, consumptions };
}

/**
 * Re-decides a titular's history with the substituted values. An earlier held-credits correction lets what was due by
 * its date expire, as its own decision did; a consumption correction decided nothing of its own. A step the rules
 * refuse with the corrected values refuses the correction (`corrected` says what was corrected); one that the history
 * in force cannot re-decide (`corrected` null) is a conflict.
 *
 * R20: a hold whose lots are substituted by none holds nothing and opens no 30-day window, as the process manager
 * holds nothing when nothing leaves a UC. An indication of that UC's credits is then refused with R14 (nothing held),
 * as it would have been had the corrected history been recorded from the start: the step decides nothing.
 */
export function redecideTitular(
  history: readonly TitularHistoryStep[],
  subs: TitularSubstitutions,
  corrected: string | null,
): { steps: TitularEvent[][]; state: TitularState } {
  let state = initialTitularState;
  const steps: TitularEvent[][] = [];
  /** UCs whose hold a substitution emptied: no window was opened for them. */
  const heldNothing = new Set<string>();
  for (const step of history) {
    if (step.kind === 'consumption-correction') {
      steps.push([]);
      continue;
    }
    const command =
      step.kind === 'held-correction'
        ? ({ type: 'ExpireHeldCredits', data: { date: step.date } } as const)
        : substituted(step.command, subs);
    if (command.type === 'HoldCredits' && command.data.lots.length === 0) {
      heldNothing.add(command.data.fromUcId);
      steps.push([]);
      continue;
    }
    if (command.type === 'IndicateReallocation' && heldNothing.size > 0) {
      // R14, as the decider says it: no window for that UC, nothing held. Decided nothing, as a refused command.
      const fromUcId = parseUcId(command.data.sourceUcId, 'sourceUcId');
      if (heldNothing.has(fromUcId) && !state.windows.some((w) => w.fromUcId === fromUcId)) {
        steps.push([]);
        continue;
      }
    }
    let events: TitularEvent[];
    try {
      events = decideTitular(command, state);
    } catch (err) {
      if (corrected === null)
        throw new StateConflict(
          `o histórico registrado do titular não pode ser recalculado (${command.type}: ${(err as Error).message})`,
        );
      if (err instanceof RuleViolationError)
        throw RuleViolation(err.rule, `com ${corrected}, o comando ${command.type} seria recusado: ${err.detail}`);
      throw err;
    }
    state = events.reduce(evolveTitular, state);
    steps.push(events);
  }
  return { steps, state };
}

/** A command with the substituted values in place of the recorded ones. */
function substituted(command: TitularCommand, subs: TitularSubstitutions): TitularCommand {
  switch (command.type) {
    case 'HoldCredits': {
      const lots = subs.holds.get(command.data.sourceEventId);
      return lots ? { ...command, data: { ...command.data, lots } } : command;
    }
    case 'ApplyReallocationDefault':
      if (subs.consumptions.size === 0) return command;
      return {
        ...command,
        context: { candidates: command.context.candidates.map((f) => withConsumption(f, subs.consumptions)) },
      };
    case 'IndicateReallocation':
      if (subs.consumptions.size === 0) return command;
      return {
        ...command,
        context: {
          facts: Object.fromEntries(
            Object.entries(command.context.facts).map(([id, f]) => [id, withConsumption(f, subs.consumptions)]),
          ),
        },
      };
    default:
      return command;
  }
}

/** R20: a UC's facts with its corrected consumption, when they recorded the corrected reading. */
function withConsumption(f: UcFacts, consumptions: ReadonlyMap<string, string>): UcFacts {
  const latest = f.latestConsumption;
  const kwh = latest ? consumptions.get(`${f.ucId}|${latest.readingDate}`) : undefined;
  return kwh !== undefined && latest ? { ...f, latestConsumption: { ...latest, kwh } } : f;
}
