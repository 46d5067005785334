import { HttpStatus } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ProblemException, ProblemType } from '../../problems/problem-details';

/** A request whose Idempotency-Key set its command's id (IdempotencyInterceptor; read by CommandMetadata). */
export interface KeyedCommandRequest {
  keyedCommandId?: string;
}

/** The request header that makes a command safe to retry. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The Idempotency-Key of a request (visible ASCII, 1–255 characters); undefined without one; 400 when malformed. */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = (Array.isArray(raw) ? raw.join(',') : raw).trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ProblemException({
      type: ProblemType.blank,
      title: 'Bad Request',
      status: HttpStatus.BAD_REQUEST,
      detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).',
    });
  }
  return key;
}
