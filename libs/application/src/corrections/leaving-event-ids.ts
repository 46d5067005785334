import { isLeavingEvent } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';

/**
 * R18, R19: the ids of a UC stream's TitularidadeTransferred, ContractClosed and CreditsReallocated events, in order:
 * the sources the titular streams' holds name (CreditsHeldForTitular.sourceEventId) and the members' deliveries of a
 * closure's distribution name (`<id>:<ucId>`), which a correction that changes them corrects.
 */
export function leavingEventIdsOf(events: readonly RecordedEvent[]): string[] {
  return events.filter(isLeavingEvent).map((e) => e.id);
}

/**
 * R20: the ids of a titular stream's HeldCreditsReallocated events, in order: the moves the held-credits process
 * manager delivered (`<id>:<ucId>`), which a correction of the held credits corrects on the receiving UCs.
 */
export function moveEventIdsOf(events: readonly RecordedEvent[]): string[] {
  return events.filter((e) => e.type === 'HeldCreditsReallocated').map((e) => e.id);
}
