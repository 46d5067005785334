import { HttpException, HttpStatus } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { ProblemException, ProblemType, statusTitle } from '../problems/problem-details';

/** A connect-style middleware. */
export type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** The one function of express this file needs, typed here: the project has no @types/express. */
interface ExpressJson {
  json(options: { limit: number; type: string[] }): Middleware;
}
const express = createRequire(__filename)('express') as ExpressJson;

/** body-parser's error shape (http-errors): `type` names the failure. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
  /** The refused charset (`charset.unsupported`) or content encoding (`encoding.unsupported`). */
  charset?: string;
  encoding?: string;
}

/**
 * express.json with a size limit, whose failures become problems: malformed JSON 400, too large 413, unsupported
 * charset 415. Run as Nest middleware (after the request logger) so even these requests carry a request id.
 */
export function jsonBodyParser(limitBytes: number): Middleware {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'] });
  return (request, response, next) => {
    // Bulk imports stream their own media types (CSV, JSON Lines) and refuse the others themselves.
    if (isStreamedUpload(request)) return next();
    // A body that is not JSON is refused as such (415), not parsed as empty and refused field by field (422).
    if (hasBody(request) && !isJson(request.headers['content-type'])) {
      next(
        new ProblemException({
          type: ProblemType.blank,
          title: statusTitle(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
          status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          detail: 'O corpo da requisição deve ser JSON (Content-Type: application/json).',
        }),
      );
      return;
    }
    parse(request, response, (error?: unknown) =>
      next(error === undefined ? undefined : bodyProblem(error, limitBytes)),
    );
  };
}

/** POST /v1/imports/…: a file streamed to disk, never parsed here. */
function isStreamedUpload(request: IncomingMessage): boolean {
  const url = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '';
  return request.method === 'POST' && url.startsWith('/v1/imports/');
}

/** The request carries a body (a length above 0, or a chunked one). */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && Number(length) > 0) || request.headers['transfer-encoding'] !== undefined;
}

/** application/json or application/<something>+json, with any parameters. */
function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function bodyProblem(error: unknown, limitBytes: number): unknown {
  const { type, status, expose } = (error ?? {}) as BodyParserError;
  switch (type) {
    case 'entity.parse.failed':
      // The parser's message quotes the body: it stays out of the answer.
      return new ProblemException({
        type: ProblemType.malformedBody,
        title: 'JSON malformado',
        status: HttpStatus.BAD_REQUEST,
        detail: 'O corpo da requisição não é um JSON válido.',
      });
    case 'entity.too.large':
      return new ProblemException({
        type: ProblemType.payloadTooLarge,
        title: statusTitle(HttpStatus.PAYLOAD_TOO_LARGE),
        status: HttpStatus.PAYLOAD_TOO_LARGE,
        detail: `O corpo da requisição passa de ${limitBytes} bytes.`,
      });
    default:
      // Other client faults of body-parser (bad charset or encoding, aborted upload) keep their status.
      if (expose && typeof status === 'number' && status >= 400 && status < 500)
        return new HttpException(bodyFaultDetail(error as BodyParserError), status);
      return error;
  }
}

/** body-parser's other client faults in pt-BR, by type; one not listed keeps body-parser's text. */
function bodyFaultDetail(error: BodyParserError): string {
  switch (error.type) {
    case 'charset.unsupported':
      return `O charset ${JSON.stringify(error.charset ?? '')} não é aceito; envie o corpo em UTF-8.`;
    case 'encoding.unsupported':
      return `A codificação ${JSON.stringify(error.encoding ?? '')} do corpo (Content-Encoding) não é aceita.`;
    case 'request.aborted':
      return 'A requisição foi interrompida antes do fim do corpo.';
    case 'request.size.invalid':
      return 'O tamanho do corpo não confere com o Content-Length.';
    default:
      return error.message;
  }
}
