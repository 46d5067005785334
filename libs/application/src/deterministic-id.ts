import { createHash } from 'node:crypto';

/** Namespace of Compensa's name-based event ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2b0e8a5d4e3f9b7a1c2d3e4f5a6b', 'hex');

/**
 * A UUID v5 (SHA-1, name-based) from its parts: the same source event and target always give the same id,
 * so a redelivered effect is a no-op at the store (idempotent append).
 */
export function deterministicId(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
