import {
  evolveTitular,
  defaultCorrectionStep,
  heldCorrectionStep,
  initialTitularState,
  StateConflict,
  type TitularEvent,
  type TitularHistoryStep,
} from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import { groupByCommand } from '../audit/command-groups';
import { rebuildTitularCommand } from '../audit/rebuild-command';
import { toDomainEvent } from '../stream-events';

/**
 * A titular stream's history as a held-credits correction re-decides it (R18–R20): each command group rebuilt into the
 * command that appended it with the inputs its events recorded (as the audit rebuilds it), and each earlier
 * correction with the lots it put in force. A group the recorded inputs cannot rebuild makes it uncorrectable (409).
 */
export function titularCorrectionHistoryOf(events: readonly RecordedEvent[]): TitularHistoryStep[] {
  const steps: TitularHistoryStep[] = [];
  let state = initialTitularState;
  for (const group of groupByCommand(events)) {
    const domain = group.events.map((e) => toDomainEvent<TitularEvent>(e));
    const corrected = domain.find((e) => e.type === 'HeldCreditsCorrected');
    const redecided = domain.find((e) => e.type === 'ReallocationDefaultRedecided');
    if (corrected?.type === 'HeldCreditsCorrected') steps.push(heldCorrectionStep(corrected.data));
    else if (redecided?.type === 'ReallocationDefaultRedecided') steps.push(defaultCorrectionStep(redecided.data));
    else {
      const rebuilt = rebuildTitularCommand(domain, state);
      // An older default records only its candidates: rebuilt from them, it decides the same (the audit's note).
      if (rebuilt.decider !== 'titular')
        throw new StateConflict(
          `o comando da revisão ${group.events[0].revision} de ${group.events[0].stream} não pode ser recalculado ` +
            `a partir do que seus eventos registram (${rebuilt.missing ?? 'não é um comando de titular'}), então ` +
            'os créditos mantidos não podem ser retificados',
        );
      steps.push({ kind: 'command', command: rebuilt.command });
    }
    state = domain.reduce(evolveTitular, state);
  }
  return steps;
}
