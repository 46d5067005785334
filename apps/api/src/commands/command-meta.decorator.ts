import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandMeta } from '@compensa/application';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { expectedRevisionOf } from './if-match';

/** The request as this decorator reads it: pino-http's request id. */
type IdentifiedRequest = IncomingMessage & { id?: unknown };

/**
 * The command's metadata from the request: a fresh command id, the request id as correlation id (finds the log lines
 * of the request that appended an event) and If-Match as the expected revision (a mismatch is 409, no retry).
 */
export const CommandMetadata = createParamDecorator((_: unknown, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<IdentifiedRequest>();
  const expectedRevision = expectedRevisionOf(request.headers['if-match']);
  return {
    commandId: randomUUID(),
    ...(typeof request.id === 'string' || typeof request.id === 'number' ? { correlationId: String(request.id) } : {}),
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
  };
});
