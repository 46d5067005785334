import { HttpStatus } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ProblemException, ProblemType, statusTitle } from '../../problems/problem-details';

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
      title: statusTitle(HttpStatus.BAD_REQUEST),
      status: HttpStatus.BAD_REQUEST,
      detail:
        'A chave de idempotência (cabeçalho Idempotency-Key) deve ter de 1 a 255 caracteres ASCII visíveis (um UUID é uma boa escolha).',
    });
  }
  return key;
}
