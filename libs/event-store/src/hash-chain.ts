/**
 * Tamper evidence shared by every adapter: each event's metadata carries the SHA-256 of its canonical content
 * (which includes `prevHash`, the hash of the previous event in the same stream), so changing any stored event
 * breaks the chain at that revision or at the next one.
 */
import { hash } from 'node:crypto';
import type { EventMetadata, RecordedEvent, VerifyResult } from './event-store.port';

/** What the hash covers: everything an event says, except its position (assigned by the log) and `hash` itself. */
export interface HashedContent {
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: unknown;
  metadata: Omit<EventMetadata, 'hash'> & Record<string, unknown>;
}

/**
 * JSON with object keys sorted and no whitespace; otherwise the JSON.stringify rules (toJSON, undefined
 * members dropped, undefined in arrays as null), so what an adapter stores as JSON hashes the same once read back.
 */
export function canonicalJson(value: unknown): string {
  const out = canonicalPart(value);
  if (out === undefined) throw new TypeError('canonicalJson: value is not JSON-serialisable');
  return out;
}

/** A string JSON.stringify leaves as it is between its quotes: no quote, backslash, control character or surrogate. */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON escapes
const NO_ESCAPE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/**
 * `JSON.stringify` of a string: most strings need no escape (ids, dates, kWh texts) and are quoted as they are,
 * without the call (the audit's report prints millions of them).
 */
export function jsonString(value: string): string {
  return NO_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
}

// Hot path (every append hashes its events): string concatenation, no intermediate arrays.
function canonicalPart(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not JSON-serialisable');
    case 'object':
      break;
    default:
      return undefined; // undefined, function, symbol: dropped, as JSON.stringify does
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (canonicalPart(value[i]) ?? 'null');
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  // Code-unit order: the same on every platform, unlike localeCompare. Objects read back from canonical JSON, or
  // built in that order, are sorted already: checking costs less than sorting.
  const keys = sortKeysInPlace(Object.keys(record));
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const part = canonicalPart(record[key]);
    if (part === undefined) continue;
    out += (out.length > 1 ? commaKeyLiteral(key) : keyLiteral(key)) + part;
  }
  return out + '}';
}

/** Keys up to this many are sorted by insertion; more by `Array.prototype.sort`. */
const INSERTION_SORT_MAX = 32;

/**
 * Object keys (distinct strings) in code-unit order, the array itself sorted in place, as `keys.sort()` orders them.
 * Most objects are sorted already (checking costs less than sorting); the others have a few keys, which an insertion
 * sort orders without the scratch arrays `Array.prototype.sort` allocates on every call (the audit hashes every
 * event of the log: those were a fifth of its allocations).
 */
export function sortKeysInPlace(keys: string[]): string[] {
  let i = 1;
  while (i < keys.length && keys[i - 1]! < keys[i]!) i++;
  if (i >= keys.length) return keys;
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** `"key":` of the keys seen (an event store has few distinct keys; bounded, in case data brings many). */
const keyLiterals = new Map<string, string>();
function keyLiteral(key: string): string {
  let literal = keyLiterals.get(key);
  if (literal === undefined) {
    literal = JSON.stringify(key) + ':';
    if (keyLiterals.size < 10_000) keyLiterals.set(key, literal);
  }
  return literal;
}

/** `,"key":`, the same for a member after the first: one string fewer to build per member. */
const commaKeyLiterals = new Map<string, string>();
function commaKeyLiteral(key: string): string {
  let literal = commaKeyLiterals.get(key);
  if (literal === undefined) {
    literal = ',' + keyLiteral(key);
    if (commaKeyLiterals.size < 10_000) commaKeyLiterals.set(key, literal);
  }
  return literal;
}

/** SHA-256 (hex) of an event's canonical content; a `hash` member in the metadata is ignored. */
export function computeEventHash(content: HashedContent): string {
  // One-shot (a string is hashed as UTF-8): no Hash object per event.
  return hash('sha256', canonicalContent(content), 'hex');
}

/**
 * `canonicalJson({ stream, revision, id, type, data, metadata })`, the metadata without its `hash`: printed in its
 * keys' order (data, id, metadata, revision, stream, type) without building that object nor a copy of the metadata
 * (the audit hashes every event of the log). Metadata that is not a plain record goes the general way.
 */
function canonicalContent(content: HashedContent): string {
  const md = content.metadata as Record<string, unknown> | null | undefined;
  if (md === null || typeof md !== 'object' || Array.isArray(md) || typeof md.toJSON === 'function') {
    const { hash: _ignored, ...metadata } = content.metadata as HashedContent['metadata'] & { hash?: unknown };
    return canonicalJson({
      stream: content.stream,
      revision: content.revision,
      id: content.id,
      type: content.type,
      data: content.data,
      metadata,
    });
  }
  const keys = sortKeysInPlace(Object.keys(md));
  let metadata = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === 'hash') continue;
    const part = canonicalPart(md[key]);
    if (part === undefined) continue;
    metadata += (metadata.length > 1 ? commaKeyLiteral(key) : keyLiteral(key)) + part;
  }
  metadata += '}';
  let out = withMember('{', 'data', canonicalPart(content.data));
  out = withMember(out, 'id', canonicalPart(content.id));
  out = withMember(out, 'metadata', metadata);
  out = withMember(out, 'revision', canonicalPart(content.revision));
  out = withMember(out, 'stream', canonicalPart(content.stream));
  out = withMember(out, 'type', canonicalPart(content.type));
  return out + '}';
}

/** An object's canonical text so far (`{` and its members), with one more member unless it prints nothing. */
function withMember(out: string, key: string, part: string | undefined): string {
  return part === undefined ? out : out + (out.length > 1 ? commaKeyLiteral(key) : keyLiteral(key)) + part;
}

/**
 * Walks a stream's events (forwards, from revision 0) and reports the first revision where the chain breaks:
 * a missing or out-of-order revision, a `prevHash` that is not the previous event's hash, or a `hash` that is not
 * the hash of the content. `stream` names the result when the iterable is empty.
 */
export async function verifyChain(events: AsyncIterable<RecordedEvent>, stream = ''): Promise<VerifyResult> {
  const walk = new ChainWalk(stream);
  for await (const event of events) {
    const broken = walk.next(event);
    if (broken) return broken;
  }
  return walk.ok();
}

/** `verifyChain` over events already in memory (an audit reads each stream whole): no promise per event. */
export function verifyChainOf(events: Iterable<RecordedEvent>, stream = ''): VerifyResult {
  const walk = new ChainWalk(stream);
  for (const event of events) {
    const broken = walk.next(event);
    if (broken) return broken;
  }
  return walk.ok();
}

/** One walk along a chain, event by event. */
class ChainWalk {
  private expectedRevision = 0;
  private prevHash: string | null = null;

  constructor(private name: string) {}

  /** The break at this event, if any. */
  next(event: RecordedEvent): VerifyResult | null {
    this.name = event.stream;
    if (event.revision !== this.expectedRevision) {
      return this.broken(`expected revision ${this.expectedRevision}, found ${event.revision}`);
    }
    const metadata = event.metadata ?? ({} as RecordedEvent['metadata']);
    if ((metadata.prevHash ?? null) !== this.prevHash) {
      return this.broken(
        `prevHash ${String(metadata.prevHash)} is not the previous event's hash ${String(this.prevHash)}`,
      );
    }
    const actual = computeEventHash(event);
    if (metadata.hash !== actual) {
      return this.broken(`hash ${String(metadata.hash)} does not match the content (${actual})`);
    }
    this.prevHash = actual;
    this.expectedRevision += 1;
    return null;
  }

  /** The break at the revision expected (a method, not a closure made for every event walked). */
  private broken(reason: string): VerifyResult {
    return { ok: false, stream: this.name, revision: this.expectedRevision, reason };
  }

  ok(): VerifyResult {
    return { ok: true, stream: this.name, events: this.expectedRevision };
  }
}
