import { Kwh, Percent } from '@compensa/domain';

/**
 * A folded state as JSON text and back, exactly: kWh stays integer Wh (a Kwh, not its decimal text), bigints stay
 * bigints, Percent its units. Plain objects, arrays, strings (BusinessDate is one), numbers, booleans and null are
 * JSON already (undefined is kept as a tag); anything else (a Map, a class this codec does not know) is refused rather than silently flattened.
 */
export function encodeState(state: unknown): string {
  return JSON.stringify(tag(state, '$'));
}

/** The state `encodeState` wrote. */
export function decodeState<S>(text: string): S {
  return untag(JSON.parse(text)) as S;
}

function tag(v: unknown, path: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  // A field present as undefined stays present (a spread state keeps its keys).
  if (v === undefined) return { $undefined: true };
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (v instanceof Kwh) return { $wh: v.wh.toString() };
  if (v instanceof Percent) return { $percentUnits: v.units.toString() };
  if (Array.isArray(v)) return v.map((x, i) => tag(x, `${path}[${i}]`));
  const proto = Object.getPrototypeOf(v) as unknown;
  if (typeof v === 'object' && (proto === Object.prototype || proto === null)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = tag(x, `${path}.${k}`);
    return out;
  }
  throw new TypeError(`cannot snapshot ${path}: ${Object.prototype.toString.call(v)}`);
}

/**
 * The parsed text's values untagged in place: JSON.parse made every object and array here, nothing else holds them,
 * and a long history's state (hundreds of credit lots) is loaded for every UC an import reads.
 */
function untag(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = untag(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  if (o.$undefined === true) return undefined;
  if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
  if (typeof o.$wh === 'string') return Kwh.ofWh(BigInt(o.$wh));
  if (typeof o.$percentUnits === 'string') return Percent.ofUnits(BigInt(o.$percentUnits));
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (x !== null && typeof x === 'object') o[k] = untag(x);
  }
  return o;
}
