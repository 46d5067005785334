import { HttpStatus, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { InvalidInput, RuleViolationError, StateConflict, UnknownUc } from '@compensa/domain/shared/errors';
import type { ServerResponse } from 'node:http';
import { catchError, concatMap, from, map, of, switchMap, throwError, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../../auth/principal';
import { ProblemException } from '../../problems/problem-details';
import { problemOf } from '../../problems/problem-of';
import { deterministicId } from '@compensa/application';
import { idempotencyKeyOf, type KeyedCommandRequest } from './idempotency-key';
import { IdempotencyStore, type Claim, type StoredOutcome } from './idempotency-store';
import { requestFingerprint } from './request-fingerprint';

/** Problem types of this interceptor's own refusals. */
export const IdempotencyProblem = {
  reused: 'urn:compensa:problem:idempotency-key-reused',
  inProgress: 'urn:compensa:problem:idempotency-key-in-progress',
} as const;

/** Header set on an answer replayed from an earlier request with the same Idempotency-Key. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** The request as this interceptor reads it. */
type CommandRequest = AuthenticatedRequest & { body?: unknown; originalUrl?: string } & KeyedCommandRequest;

/**
 * `Idempotency-Key` on command routes. Same key (per API key) + same method, path and body: the first outcome is
 * replayed (status, body, ETag) and nothing runs again. Same key, other request: 422. Same key while the first
 * request still runs: 409 at once (with Retry-After), never a wait. What is remembered is the command's answer or
 * the domain's refusal of it (404, 409 with or without a rule, 422 from the domain); a request that ended otherwise
 * (DTO validation, a lost race or If-Match mismatch, a 500) frees the key, so a retry runs for real.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<CommandRequest>();
    const response = http.getResponse<ServerResponse>();
    const key = idempotencyKeyOf(request.headers);
    if (key === undefined) return next.handle();

    const scope = request.principal?.keyId ?? '-';
    const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
    const fingerprint = requestFingerprint(request.method ?? '', path, request.body);
    // The command's id follows from the key: a retry that runs again (its first instance died mid-request) finds
    // the events the first run appended under it, and answers with them.
    request.keyedCommandId = deterministicId('idempotency-key', scope, key, fingerprint);
    return from(this.store.claim(scope, key, fingerprint)).pipe(
      switchMap((claim) => this.answer(claim, scope, key, response, next)),
    );
  }

  /** Refuses, replays or runs the request, as the claim says; a run's outcome is stored before it is answered. */
  private answer(
    claim: Claim,
    scope: string,
    key: string,
    response: ServerResponse,
    next: CallHandler,
  ): Observable<unknown> {
    switch (claim.kind) {
      case 'mismatch':
        throw new ProblemException({
          type: IdempotencyProblem.reused,
          title: 'Chave de idempotência reutilizada',
          status: HttpStatus.UNPROCESSABLE_ENTITY,
          detail:
            'Esta chave de idempotência (Idempotency-Key) já foi usada em outra requisição (método, caminho ou corpo diferentes); use uma chave nova.',
        });
      case 'in-progress':
        response.setHeader('Retry-After', '1');
        throw new ProblemException({
          type: IdempotencyProblem.inProgress,
          title: 'Requisição em andamento',
          status: HttpStatus.CONFLICT,
          detail:
            'Uma requisição com esta chave de idempotência (Idempotency-Key) ainda está sendo processada; tente de novo em instantes para receber a resposta dela.',
        });
      case 'replay':
        return this.replay(claim.outcome, response);
      case 'claimed':
        return next.handle().pipe(
          concatMap((body) =>
            from(this.store.complete(scope, key, this.responseOutcome(response, body))).pipe(map(() => body)),
          ),
          catchError((error: unknown) => {
            const problem = isDomainRefusal(error) ? problemOf(error) : null;
            const recorded = problem
              ? this.store.complete(scope, key, { kind: 'problem', problem })
              : this.store.release(scope, key);
            return from(recorded).pipe(switchMap(() => throwError(() => error)));
          }),
        );
    }
  }

  private responseOutcome(response: ServerResponse, body: unknown): StoredOutcome {
    const etag = response.getHeader('ETag');
    return { kind: 'response', status: response.statusCode, etag: typeof etag === 'string' ? etag : null, body };
  }

  private replay(outcome: StoredOutcome, response: ServerResponse): Observable<unknown> {
    response.setHeader(REPLAYED_HEADER, 'true');
    // The problem filter writes it again, with this request's instance and request id.
    if (outcome.kind === 'problem') return throwError(() => new ProblemException(outcome.problem));
    response.statusCode = outcome.status;
    if (outcome.etag) response.setHeader('ETag', outcome.etag);
    return of(outcome.body);
  }
}

/** The domain's own answers to a command: final for this request, so replayed. */
function isDomainRefusal(error: unknown): boolean {
  return (
    error instanceof RuleViolationError ||
    error instanceof StateConflict ||
    error instanceof InvalidInput ||
    error instanceof UnknownUc
  );
}
