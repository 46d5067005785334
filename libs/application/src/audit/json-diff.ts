/** One value that differs between two JSON documents. */
export interface JsonDifference {
  /** `$.lines[0].kwh` style. */
  path: string;
  expected: unknown;
  recorded: unknown;
}

/** Plain JSON (what a store gives back): drops undefined members, as JSON.stringify does. */
export function toPlainJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The leaves where two JSON documents differ, in a deterministic order, at most `limit` of them. */
export function diffJson(expected: unknown, recorded: unknown, limit = 10, path = '$'): JsonDifference[] {
  // Most decisions agree: compared as they are first; made plain JSON and walked only when something may differ.
  if (sameJson(expected, recorded)) return [];
  const a = toPlainJson(expected);
  const b = toPlainJson(recorded);
  if (plainEqual(a, b)) return [];
  const out: JsonDifference[] = [];
  walk(a, b, path, out, limit);
  return out;
}

/**
 * True only when both print the same JSON (key order aside), without printing them: members holding undefined are
 * absent, as in JSON. A value with `toJSON` or an undefined array item answers false (the caller then compares
 * them as printed).
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return a !== undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (typeof (a as { toJSON?: unknown }).toJSON === 'function') return false;
  if (typeof (b as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    count++;
    if (!sameJson(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) count--;
  return count === 0;
}

/** Deep equality of plain JSON values (key order ignored). */
function plainEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!plainEqual(a[i], b[i])) return false;
    return true;
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!(k in b) || !plainEqual(a[k], b[k])) return false;
  return true;
}

function walk(a: unknown, b: unknown, path: string, out: JsonDifference[], limit: number): void {
  if (out.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push({ path, expected: a, recorded: b });
      return;
    }
    a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`, out, limit));
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(k in a ? a[k] : undefined, k in b ? b[k] : undefined, `${path}.${k}`, out, limit);
    return;
  }
  if (a !== b) out.push({ path, expected: a === undefined ? null : a, recorded: b === undefined ? null : b });
}
