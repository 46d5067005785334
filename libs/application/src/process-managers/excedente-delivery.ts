import { cohortField } from '@compensa/domain';
import type { EnergyPartJson, UcEvent } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { CompensaCommands } from '../commands/compensa-commands';
import { Kwh } from '@compensa/domain';
import { derivedEventId } from '../deterministic-id';
import { deliverToEach } from './targets-not-delivered';

/** Handles ExcedenteAllocated. */
export function isExcedenteAllocated(e: RecordedEvent): boolean {
  return e.type === 'ExcedenteAllocated';
}

/**
 * The UCs a delivery writes (its targets): deliveries of allocations to other UCs run side by side (their decisions
 * read and write only their targets' streams), so a month's deliveries share transactions.
 */
export function excedenteTargets(e: RecordedEvent): string[] {
  const d = e.data as Extract<UcEvent, { type: 'ExcedenteAllocated' }>['data'];
  return [...new Set(d.allocations.map((a) => a.ucId))];
}

/**
 * Excedente delivery: `ExcedenteAllocated` on a generator's stream → `ExcedenteReceived` on each target's stream,
 * with an id derived from the source event and the target; the target's decider ignores a source already delivered.
 * Every target is tried even when one refuses, so one poison target holds back only its own share.
 */
export async function deliverExcedente(commands: CompensaCommands, e: RecordedEvent): Promise<void> {
  const d = e.data as Extract<UcEvent, { type: 'ExcedenteAllocated' }>['data'];
  const byTarget = new Map<string, EnergyPartJson[]>();
  for (const a of d.allocations) {
    const parts = byTarget.get(a.ucId) ?? [];
    parts.push({ posto: a.posto, gdClass: a.gdClass, kwh: a.kwh, ...cohortField(a.cohort) });
    byTarget.set(a.ucId, parts);
  }
  const targets = [...byTarget].map(([ucId, parts]) => ({
    ucId,
    parts,
    kwh: Kwh.sum(parts.map((p) => Kwh.parse(p.kwh))).toString(),
  }));
  await deliverToEach(
    e.id,
    targets,
    ({ ucId: target, parts }) =>
      commands.onUc(
        target,
        () => ({
          type: 'ReceiveExcedente',
          data: { sourceUcId: d.ucId, sourceEventId: e.id, sourceCycle: d.cycle, allocatedOn: d.readingDate, parts },
        }),
        { causationId: e.id, correlationId: e.metadata.correlationId, eventIds: () => derivedEventId(e.id, target) },
      ),
    // One stream per target (grouped above): side by side, in one transaction.
    { concurrently: true },
  );
}
