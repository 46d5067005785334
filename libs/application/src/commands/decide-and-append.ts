import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { WrongExpectedRevision } from '@compensa/event-store';
import { loadStream, toNewEvent } from '../stream-events';
import { ConcurrencyConflict, type CommandMeta, type CommandResult } from './command-result';

/** How many times a command decides again after losing a race for its stream. */
export const MAX_ATTEMPTS = 5;

/**
 * Load the stream, decide on its state, append with the revision decided on; on a conflict, load and decide
 * again (bounded), so no update is ever lost. Nothing is appended when `decide` throws (a refusal).
 */
export async function decideAndAppend<E extends { type: string; data: unknown }>(
  store: EventStore,
  stream: string,
  decide: (history: E[], revision: number | null) => E[] | Promise<E[]>,
  toDomain: (e: RecordedEvent) => E,
  meta: CommandMeta,
  onAppended?: (events: RecordedEvent[]) => void,
): Promise<CommandResult> {
  for (let attempt = 1; ; attempt++) {
    const { events, revision } = await loadStream(store, stream);
    if (meta.expectedRevision !== undefined && meta.expectedRevision !== revision) {
      throw new WrongExpectedRevision(stream, meta.expectedRevision, revision);
    }
    const decided = await decide(events.map(toDomain), revision);
    if (decided.length === 0) return { stream, revision, events: [] };
    const newEvents = decided.map((e, i) => toNewEvent(e, { ...meta, id: meta.eventIds?.(i) }));
    try {
      const result = await store.append(stream, newEvents, { expectedRevision: revision ?? 'no_stream' });
      if (onAppended) {
        const first = result.nextRevision - decided.length + 1;
        onAppended(
          decided.map((e, i) => ({
            id: newEvents[i].id ?? '',
            stream,
            revision: first + i,
            position: result.position,
            type: e.type,
            data: e.data,
            metadata: { recordedAt: '', schemaVersion: 1, hash: '', prevHash: null },
          })),
        );
      }
      return { stream, revision: result.nextRevision, events: decided };
    } catch (err) {
      if (!(err instanceof WrongExpectedRevision) || meta.expectedRevision !== undefined) throw err;
      if (attempt >= MAX_ATTEMPTS) throw new ConcurrencyConflict(stream, attempt);
    }
  }
}
