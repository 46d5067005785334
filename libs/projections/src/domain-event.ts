/** A stored event in the domain's shape (the projections' copy of application's toDomainEvent: no upward import). */
import { inCurrentShape, type TitularEvent, type UcEvent } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';

/** The event under its current name with its data upcast to the current schema version, as the domain's event. */
export function domainEventOf<E extends UcEvent | TitularEvent>(e: RecordedEvent): E {
  const current = inCurrentShape(e);
  return { type: current.type, data: current.data } as E;
}

/** The data of a UC event of a given type. */
export type UcEventData<T extends UcEvent['type']> = Extract<UcEvent, { type: T }>['data'];

/** The data of a titular event of a given type. */
export type TitularEventData<T extends TitularEvent['type']> = Extract<TitularEvent, { type: T }>['data'];
