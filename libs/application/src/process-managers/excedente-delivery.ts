import type { EnergyPartJson, UcEvent } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { CompensaCommands } from '../commands/compensa-commands';
import { deterministicId } from '../deterministic-id';

/** Handles ExcedenteAllocated. */
export function isExcedenteAllocated(e: RecordedEvent): boolean {
  return e.type === 'ExcedenteAllocated';
}

/**
 * Excedente delivery: `ExcedenteAllocated` on a generator's stream → `ExcedenteReceived` on each target's stream,
 * with an id derived from the source event and the target; the target's decider ignores a source already delivered.
 */
export async function deliverExcedente(commands: CompensaCommands, e: RecordedEvent): Promise<void> {
  const d = e.data as Extract<UcEvent, { type: 'ExcedenteAllocated' }>['data'];
  const byTarget = new Map<string, EnergyPartJson[]>();
  for (const a of d.allocations) {
    const parts = byTarget.get(a.ucId) ?? [];
    parts.push({ posto: a.posto, gdClass: a.gdClass, kwh: a.kwh });
    byTarget.set(a.ucId, parts);
  }
  for (const [target, parts] of byTarget) {
    await commands.onUc(
      target,
      () => ({
        type: 'ReceiveExcedente',
        data: { sourceUcId: d.ucId, sourceEventId: e.id, sourceCycle: d.cycle, allocatedOn: d.readingDate, parts },
      }),
      { causationId: e.id, correlationId: e.metadata.correlationId, eventIds: () => deterministicId(e.id, target) },
    );
  }
}
