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
