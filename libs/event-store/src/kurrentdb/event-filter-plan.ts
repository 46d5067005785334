/** How a port filter runs against KurrentDB: a server-side filter to narrow the read, and an exact local check. */
import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client';
import type { EventFilter, RecordedEvent } from '../event-store.port';

/** The server filter, and the predicate every delivered event must also pass. */
export interface FilterPlan {
  server: Filter;
  accepts: (event: RecordedEvent) => boolean;
  /** An empty list of prefixes or types: nothing can match (as the sqlite adapter). */
  matchesNothing: boolean;
}

/**
 * No filter still excludes the server's own events (`$`-types: stats, metadata, projections). The server's type
 * filter matches prefixes, the port's matches exact types: the prefixes narrow, the local check decides.
 */
export function planFilter(filter: EventFilter | undefined): FilterPlan {
  if (!filter)
    return { server: excludeSystemEvents(), accepts: (event) => !event.type.startsWith('$'), matchesNothing: false };
  if ('streamPrefixes' in filter) {
    const prefixes = filter.streamPrefixes;
    return {
      server: streamNameFilter({ prefixes }),
      accepts: (event) => prefixes.some((prefix) => event.stream.startsWith(prefix)),
      matchesNothing: prefixes.length === 0,
    };
  }
  const types = new Set(filter.eventTypes);
  return {
    server: eventTypeFilter({ prefixes: [...types] }),
    accepts: (event) => types.has(event.type),
    matchesNothing: types.size === 0,
  };
}
