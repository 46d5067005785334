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

// Hot path (every append hashes its events): string concatenation, no intermediate arrays.
function canonicalPart(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      // Most strings need no escape (ids, dates, kWh texts): quoted as they are, which is what JSON.stringify gives.
      return NO_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
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
  const keys = Object.keys(record);
  sortKeys(keys);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const part = canonicalPart(record[key]);
    if (part === undefined) continue;
    out += (out.length > 1 ? ',' : '') + keyLiteral(key) + part;
  }
  return out + '}';
}

/**
 * Sorts keys in code-unit order (what `Array.prototype.sort` gives strings), in place: an insertion sort for an
 * object's few keys (nothing moved when they are in order already; the built-in sort allocates a work array each
 * time), the built-in sort beyond.
 */
function sortKeys(keys: string[]): void {
  const n = keys.length;
  if (n > 32) {
    keys.sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const key = keys[i]!;
    if (keys[i - 1]! <= key) continue;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
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

/** SHA-256 (hex) of an event's canonical content; a `hash` member in the metadata is ignored. */
export function computeEventHash(content: HashedContent): string {
  const { hash: _ignored, ...metadata } = content.metadata as HashedContent['metadata'] & { hash?: unknown };
  // Built in canonical (sorted) order: nothing to reorder.
  const canonical = canonicalJson({
    data: content.data,
    id: content.id,
    metadata,
    revision: content.revision,
    stream: content.stream,
    type: content.type,
  });
  // One-shot (a string is hashed as UTF-8): no Hash object per event.
  return hash('sha256', canonical, 'hex');
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
    const broken = (reason: string): VerifyResult => ({
      ok: false,
      stream: this.name,
      revision: this.expectedRevision,
      reason,
    });
    if (event.revision !== this.expectedRevision) {
      return broken(`expected revision ${this.expectedRevision}, found ${event.revision}`);
    }
    const metadata = event.metadata ?? ({} as RecordedEvent['metadata']);
    if ((metadata.prevHash ?? null) !== this.prevHash) {
      return broken(`prevHash ${String(metadata.prevHash)} is not the previous event's hash ${String(this.prevHash)}`);
    }
    const actual = computeEventHash(event);
    if (metadata.hash !== actual) return broken(`hash ${String(metadata.hash)} does not match the content (${actual})`);
    this.prevHash = actual;
    this.expectedRevision += 1;
    return null;
  }

  ok(): VerifyResult {
    return { ok: true, stream: this.name, events: this.expectedRevision };
  }
}
