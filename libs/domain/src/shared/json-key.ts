/**
 * A value's JSON with every object's keys sorted: the same text for the same value whatever the order its objects'
 * keys were built or stored in. Deciders compare histories and retried commands by it: event data read back from a
 * store may list its keys in another order than the decider that recorded it (a migration, another serializer), and
 * comparing `JSON.stringify` texts would then see a change where there is none.
 */
export function jsonKey(value: unknown): string {
  return JSON.stringify(value, sortedKeys) ?? 'undefined';
}

// JSON.stringify calls the replacer after `toJSON` (a Kwh is its text by then) and before it walks the object.
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key];
  return sorted;
}
