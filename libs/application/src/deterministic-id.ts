import { hash } from 'node:crypto';

/** Namespace of Compensa's name-based event ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2b0e8a5d4e3f9b7a1c2d3e4f5a6b', 'hex');

/**
 * A UUID v5 (SHA-1, name-based) from its parts: the same source event and target always give the same id,
 * so a redelivered effect is a no-op at the store (idempotent append).
 */
export function deterministicId(...parts: string[]): string {
  // One-shot (no Hash object): the namespace and the name's UTF-8 bytes, as the UUID v5 definition hashes them.
  const name = Buffer.from(parts.join('\u0000'), 'utf8');
  const digest = hash('sha1', Buffer.concat([NAMESPACE, name], NAMESPACE.length + name.length), 'buffer');
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const h = digest.toString('hex', 0, 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A time-ordered UUID (v7, as the SQLite store makes them) or one derived from one (v8): its first 48 bits are a time. */
const TIMED = /^[0-9a-f]{8}-[0-9a-f]{4}-[78]/i;

/**
 * The id of an event a process manager appends because of `sourceEventId`: deterministic, as `deterministicId`,
 * and when the source id is time-ordered it keeps that time in its first 48 bits (a UUID v8 of the name's SHA-1 in
 * the other 74). The store's unique index on ids then takes it near the tail, beside the ids appended just before,
 * instead of on a page anywhere in the index (a page read and a page written a delivery, in a store of millions).
 */
export function derivedEventId(sourceEventId: string, ...parts: string[]): string {
  const id = deterministicId(sourceEventId, ...parts);
  if (!TIMED.test(sourceEventId)) return id;
  return `${sourceEventId.slice(0, 8)}-${sourceEventId.slice(9, 13)}-8${id.slice(15)}`;
}
