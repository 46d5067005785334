import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal';
import type { Role } from './role';

/** A known key, held only as the SHA-256 of its text. */
export interface ApiKeyDigest {
  role: Role;
  /** SHA-256 of the key's UTF-8 text. */
  sha256: Buffer;
}

/** SHA-256 of a key's text: what is stored and what is compared. */
export function digestApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The keys the API accepts; answers who a presented key belongs to, in time independent of the key. */
export class ApiKeyRegistry {
  private readonly keys: readonly ApiKeyDigest[];

  constructor(keys: readonly ApiKeyDigest[]) {
    if (keys.length === 0) throw new Error('an API key registry needs at least one key: the API never starts open');
    this.keys = keys.map((k) => ({ role: k.role, sha256: Buffer.from(k.sha256) }));
  }

  /** The principal of a presented key, or null. */
  authenticate(presented: string): Principal | null {
    // Comparing fixed-length digests makes timingSafeEqual applicable whatever the presented length,
    // and visiting every key (no early exit) keeps the time independent of which key, if any, matched.
    const digest = digestApiKey(presented);
    let match: ApiKeyDigest | null = null;
    for (const key of this.keys) {
      if (timingSafeEqual(digest, key.sha256) && match === null) match = key;
    }
    return match && { role: match.role, keyId: match.sha256.toString('hex').slice(0, 12) };
  }

  /** How many keys have each role (for the startup log). */
  countByRole(): Record<Role, number> {
    const counts: Record<Role, number> = { operator: 0, auditor: 0 };
    for (const key of this.keys) counts[key.role] += 1;
    return counts;
  }
}
