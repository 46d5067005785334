import type { Posto } from '@compensa/domain';

/** A DTO keyed by posto as the platform's `Record<posto, value>`, without the postos left out. */
export function postoMap<V>(dto: Partial<Record<Posto, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(dto).filter((entry): entry is [string, V] => entry[1] !== undefined));
}
