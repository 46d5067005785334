/** Event ids the store assigns itself. */
import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits. Ids assigned in the same moment sort
 * together, so a commit of many appends touches a few pages of the unique id index instead of one page each.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  const random = randomUUID(); // 8-4-4-4-12 hex, version nibble at index 14
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
