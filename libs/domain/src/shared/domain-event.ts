import type { BandeiraEvent } from '../national/bandeira';
import type { ScceRateEvent } from '../national/scce-rate';
import type { TariffEvent } from '../tariff/tariff-decider';
import type { TitularEvent } from '../titular/titular-decider';
import type { UcEvent } from '../uc/uc-events';

/** Every event the deciders append, on every stream kind. */
export type DomainEvent = UcEvent | TitularEvent | TariffEvent | BandeiraEvent | ScceRateEvent;

/**
 * The names of the domain's events. Tables keyed by event (schema versions, business dates, the audit's rebuild)
 * are `satisfies Record<EventType, …>`: a new event missing from one of them does not compile.
 */
export type EventType = DomainEvent['type'];

/** The data of an event type (a union where two streams share a name). */
export type EventDataOf<T extends EventType> = Extract<DomainEvent, { type: T }>['data'];
