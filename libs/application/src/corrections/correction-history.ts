import {
  evolveUc,
  initialUcState,
  StateConflict,
  type CorrectionHistoryStep,
  type PermissionariaMap,
  type UcEvent,
  demandCorrectionStep,
  heldReceiptCorrectionStep,
  receiptCorrectionStep,
  withDelivery,
  withHeldDelivery,
} from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import { groupByCommand } from '../audit/command-groups';
import { rebuildUcCommand } from '../audit/rebuild-command';
import { toDomainEvent } from '../stream-events';

/**
 * A UC stream's history as a correction re-decides it: each command group rebuilt into the command that appended
 * it with the inputs its events recorded (as the audit rebuilds it), and each earlier correction with the values it
 * put in force, and each correction of excedente it received (a generator's reading corrected). A group whose command the recorded inputs cannot rebuild makes the stream uncorrectable (409).
 */
export function correctionHistoryOf(
  events: readonly RecordedEvent[],
  permissionarias: PermissionariaMap,
): CorrectionHistoryStep[] {
  return correctionHistoryWithPositions(events, permissionarias).steps;
}

/**
 * The history and, per step, the log position of its first event (an empty delivery placed by a correction: the
 * position of the step it precedes), where a delivery to a UC that received nothing is placed.
 */
export function correctionHistoryWithPositions(
  events: readonly RecordedEvent[],
  permissionarias: PermissionariaMap,
): { steps: CorrectionHistoryStep[]; positions: number[] } {
  const steps: CorrectionHistoryStep[] = [];
  const positions: number[] = [];
  let state = initialUcState;
  for (const group of groupByCommand(events)) {
    const domain = group.events.map((e) => toDomainEvent<UcEvent>(e));
    const corrected = domain.find((e) => e.type === 'ReadingCorrected');
    const receipt = domain.find((e) => e.type === 'ExcedenteReceiptCorrected');
    const redecided = domain.find((e) => e.type === 'AllocationRedecided');
    const heldReceipt = domain.find((e) => e.type === 'HeldCreditsReceiptCorrected');
    if (heldReceipt?.type === 'HeldCreditsReceiptCorrected') {
      // R20: credits moved here from a titular's hold, corrected: its delivery (placed where it would have come, for a
      // UC the move gave nothing), then the lots it put in force.
      const placed = withHeldDelivery(steps, heldReceipt.data);
      const at = heldReceipt.data.deliveredAt;
      if (at !== undefined) positions.splice(at, 0, positions[at] ?? group.events[0].position);
      steps.splice(0, steps.length, ...placed, heldReceiptCorrectionStep(heldReceipt.data));
      positions.push(group.events[0].position);
    } else if (redecided?.type === 'AllocationRedecided') {
      // P6a: another UC's corrected consumption, which this generator's allocations compared.
      steps.push(demandCorrectionStep(redecided.data));
      positions.push(group.events[0].position);
    } else if (receipt?.type === 'ExcedenteReceiptCorrected') {
      // A generator's correction reached the UC: its delivery (placed where it would have come, for a UC that had
      // received nothing), then the parts it put in force.
      const placed = withDelivery(steps, receipt.data);
      const at = receipt.data.deliveredAt;
      if (at !== null) positions.splice(at, 0, positions[at] ?? group.events[0].position);
      steps.splice(0, steps.length, ...placed, receiptCorrectionStep(receipt.data));
      positions.push(group.events[0].position);
    } else if (corrected?.type === 'ReadingCorrected') {
      const d = corrected.data;
      steps.push({
        kind: 'correction',
        correctionId: d.correctionId,
        cycle: d.cycle,
        date: d.date,
        postos: d.corrected as Record<string, { consumed: string; injected: string }>,
      });
      positions.push(group.events[0].position);
    } else if (!domain.every((e) => e.type === 'CycleRecompensated')) {
      const history = steps.slice();
      const rebuilt = rebuildUcCommand(domain, state, permissionarias, () => history);
      if (rebuilt.decider !== 'uc' || rebuilt.missing !== null) {
        const revision = group.events[0].revision;
        throw new StateConflict(
          `o comando da revisão ${revision} de ${group.events[0].stream} não pode ser recalculado a partir do que ` +
            `seus eventos registram (${rebuilt.missing ?? 'não é um comando de UC'}), então as leituras desta UC não ` +
            'podem ser retificadas',
        );
      }
      steps.push({ kind: 'command', command: rebuilt.command });
      positions.push(group.events[0].position);
    }
    state = domain.reduce(evolveUc, state);
  }
  return { steps, positions };
}
