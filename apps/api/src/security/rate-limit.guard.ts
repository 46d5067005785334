import { HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { IncomingMessage } from 'node:http';
import { presentedKey } from '../auth/api-key.guard';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { ProblemException, statusTitle } from '../problems/problem-details';

/** Problem type of a 429. */
export const RATE_LIMITED = 'urn:compensa:problem:rate-limited';

/**
 * The global rate limit: each valid API key has its own budget across all routes (a client cannot dodge it by
 * switching routes or IPs); requests without a valid key share their client IP's budget, so guessing keys is
 * limited too. Registered before the ApiKeyGuard, so even requests that end in 401 are counted.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
  ) {
    super(options, storage, reflector);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(context.getType() !== 'http');
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const incoming = request as unknown as IncomingMessage & { ip?: string };
    const key = presentedKey(incoming.headers);
    const principal = key === undefined ? null : this.registry.authenticate(key);
    // The key's id (a prefix of its hash), never the key: trackers may end up in a shared store.
    if (principal) return Promise.resolve(`key:${principal.keyId}`);
    return Promise.resolve(`ip:${normalizeIp(incoming.ip ?? incoming.socket.remoteAddress ?? 'unknown')}`);
  }

  /** One budget per tracker for the whole API, not one per route (the package's default). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override throwThrottlingException(): Promise<void> {
    // Retry-After is already set by the base guard (seconds until the window ends).
    throw new ProblemException({
      type: RATE_LIMITED,
      title: statusTitle(HttpStatus.TOO_MANY_REQUESTS),
      status: HttpStatus.TOO_MANY_REQUESTS,
      detail:
        'O limite de requisições desta chave de API (ou deste cliente, sem chave) se esgotou; tente de novo depois dos segundos indicados em Retry-After.',
    });
  }
}
