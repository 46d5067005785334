import type { RecordedEvent } from '@compensa/event-store';

/** The events one command appended to one stream, in revision order. */
export interface CommandGroup {
  events: RecordedEvent[];
}

const noIds = (e: RecordedEvent) => !e.metadata.commandId && !e.metadata.causationId;

/**
 * Groups a stream's events by the command that appended them: the operator's commands by `metadata.commandId`;
 * the process managers' by `causationId` (one handler call appends one batch per stream); the scheduler's carry
 * neither, so each is its own command, except that an R20 default appends the expiries due before its date
 * first: a HeldCreditsExpired followed by the default's event of the same date is one command.
 */
export function groupByCommand(events: readonly RecordedEvent[]): CommandGroup[] {
  const groups: CommandGroup[] = [];
  let current: RecordedEvent[] = [];
  const keyOf = (e: RecordedEvent) =>
    e.metadata.commandId ? `c:${e.metadata.commandId}` : e.metadata.causationId ? `k:${e.metadata.causationId}` : null;
  for (const e of events) {
    const last = current[current.length - 1];
    const key = keyOf(e);
    const sameCommand =
      last !== undefined &&
      ((key !== null && key === keyOf(last)) ||
        (key === null &&
          noIds(last) &&
          current.length === 1 &&
          (last.type === 'CreditsExpired' || last.type === 'HeldCreditsExpired') &&
          (e.type === 'CreditsReallocated' || e.type === 'HeldCreditsReallocated' || e.type === 'HeldCreditsKept') &&
          (last.data as { date?: string }).date === (e.data as { date?: string }).date));
    if (!sameCommand && current.length > 0) {
      groups.push({ events: current });
      current = [];
    }
    current.push(e);
  }
  if (current.length > 0) groups.push({ events: current });
  return groups;
}
