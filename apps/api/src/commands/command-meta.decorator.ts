import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandMeta } from '@compensa/application';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { expectedRevisionOf } from './if-match';
import type { KeyedCommandRequest } from './idempotency/idempotency-key';

/** The request as this decorator reads it: pino-http's request id. */
type IdentifiedRequest = IncomingMessage & { id?: unknown } & KeyedCommandRequest;

/**
 * The command's metadata from the request: a fresh command id (one derived from the Idempotency-Key when the request
 * has one, so a run again after a crash finds the first run's events), the request id as correlation id (finds the log lines
 * of the request that appended an event) and If-Match as the expected revision (a mismatch is 409, no retry).
 */
export const CommandMetadata = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<IdentifiedRequest>();
  const expectedRevision = expectedRevisionOf(request.headers['if-match']);
  return {
    commandId: request.keyedCommandId ?? randomUUID(),
    ...(request.keyedCommandId ? { keyed: true } : {}),
    ...(typeof request.id === 'string' || typeof request.id === 'number' ? { correlationId: String(request.id) } : {}),
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
  };
});
