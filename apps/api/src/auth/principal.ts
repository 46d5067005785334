import type { IncomingMessage } from 'node:http';
import type { Role } from './role';

/** Who made an authenticated request: the key's role and a short, non-secret id of the key. */
export interface Principal {
  role: Role;
  /** First hex characters of the key's SHA-256: names the key in logs and event metadata without revealing it. */
  keyId: string;
}

/** A request the ApiKeyGuard let through. */
export type AuthenticatedRequest = IncomingMessage & { principal?: Principal };
