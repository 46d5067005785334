import {
  evolveUc,
  initialUcState,
  StateConflict,
  type CorrectionHistoryStep,
  type PermissionariaMap,
  type UcEvent,
} from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import { groupByCommand } from '../audit/command-groups';
import { rebuildUcCommand } from '../audit/rebuild-command';
import { toDomainEvent } from '../stream-events';

/**
 * A UC stream's history as a correction re-decides it: each command group rebuilt into the command that appended
 * it with the inputs its events recorded (as the audit rebuilds it), and each earlier correction with the values it
 * put in force. A group whose command the recorded inputs cannot rebuild makes the stream uncorrectable (409).
 */
export function correctionHistoryOf(
  events: readonly RecordedEvent[],
  permissionarias: PermissionariaMap,
): CorrectionHistoryStep[] {
  const steps: CorrectionHistoryStep[] = [];
  let state = initialUcState;
  for (const group of groupByCommand(events)) {
    const domain = group.events.map((e) => toDomainEvent<UcEvent>(e));
    const corrected = domain.find((e) => e.type === 'ReadingCorrected');
    if (corrected?.type === 'ReadingCorrected') {
      const d = corrected.data;
      steps.push({
        kind: 'correction',
        correctionId: d.correctionId,
        cycle: d.cycle,
        date: d.date,
        postos: d.corrected as Record<string, { consumed: string; injected: string }>,
      });
    } else if (!domain.every((e) => e.type === 'CycleRecompensated')) {
      const history = steps.slice();
      const rebuilt = rebuildUcCommand(domain, state, permissionarias, () => history);
      if (rebuilt.decider !== 'uc' || rebuilt.missing !== null) {
        const revision = group.events[0].revision;
        throw new StateConflict(
          `the command at revision ${revision} of ${group.events[0].stream} cannot be re-decided from what its events ` +
            `record (${rebuilt.missing ?? 'not a UC command'}), so this UC's readings cannot be corrected`,
        );
      }
      steps.push({ kind: 'command', command: rebuilt.command });
    }
    state = domain.reduce(evolveUc, state);
  }
  return steps;
}
