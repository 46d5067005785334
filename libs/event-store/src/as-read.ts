/**
 * `JSON.parse(JSON.stringify(value))` without the text in between, for the plain data events carry (objects,
 * arrays, strings, numbers, booleans, null): what a reader gets back from the store, made where the appender
 * already holds the data (the batched import's state cache, a subscription's copy of this process's own appends).
 * Anything JSON treats specially (toJSON, a class instance, a Map, a bigint, `__proto__`) takes the JSON round trip
 * itself, so the answer is always the round trip's.
 */
export function asReadJson(value: unknown): unknown {
  const copy = plainCopy(value);
  if (copy !== NOT_PLAIN) return copy;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** The copies `asReadShared` made (never mutated: an appender hands them over as they are). */
const SHARED = new WeakSet<object>();

/**
 * `asReadJson`, for data an appender folds into its own state and then appends as it is: the store keeps the same
 * copy for its subscriptions instead of making another (`isAsReadShared`). Whoever holds it never mutates it.
 */
export function asReadShared(value: unknown): unknown {
  const copy = asReadJson(value);
  if (copy !== null && typeof copy === 'object') SHARED.add(copy);
  return copy;
}

/** Whether `value` is a copy `asReadShared` made: already what a reader of its JSON gets back. */
export function isAsReadShared(value: unknown): boolean {
  return value !== null && typeof value === 'object' && SHARED.has(value);
}

const NOT_PLAIN = Symbol('not plain JSON');

function plainCopy(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // JSON writes -0 as 0 and a non-finite number as null.
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'object':
      break;
    default:
      // undefined, a function, a symbol, a bigint: dropped or refused by JSON, in ways the round trip decides.
      return NOT_PLAIN;
  }
  if (v === null) return null;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = plainCopy(v[i]);
      if (x === NOT_PLAIN) return NOT_PLAIN;
      out[i] = x;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const record = v as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key) || key === '__proto__') return NOT_PLAIN;
    const x = plainCopy(record[key]);
    if (x === NOT_PLAIN) return NOT_PLAIN;
    out[key] = x;
  }
  return out;
}
