import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { stdSerializers } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLevel } from '../config';
import { maskDeep, maskDocuments } from './mask-documents';
import { requestId } from './request-id';

/** Request headers worth a log line; credentials (Authorization, X-Api-Key, Cookie) are never among them. */
const LOGGED_HEADERS = ['user-agent', 'content-type', 'content-length', 'x-forwarded-for'] as const;

/** Paths to censor should anyone log headers by hand: a second line of defence behind the serializers. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'authorization',
  '["x-api-key"]',
];

/** The request as pino-http's serializer hands it over (already reduced by pino-std-serializers). */
interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}

/** nestjs-pino settings: JSON lines with request ids, documents masked, credentials never written. */
export function loggerParams(level: LogLevel, destination?: DestinationStream): Params {
  const options: Options = {
    level,
    genReqId: (request: IncomingMessage, response: ServerResponse) => requestId(request, response),
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    serializers: {
      req: (request: SerializedRequest) => ({
        id: request.id,
        method: request.method,
        url: maskDocuments(request.url ?? ''),
        remoteAddress: request.remoteAddress,
        headers: Object.fromEntries(
          LOGGED_HEADERS.filter((name) => request.headers?.[name] !== undefined).map((name) => [
            name,
            maskDeep(request.headers?.[name]),
          ]),
        ),
      }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      // Spread: the serialized error's prototype is pino's, and maskDeep walks plain objects only.
      err: (error: Error) => maskDeep({ ...stdSerializers.err(error) }),
    },
    hooks: {
      // Every log call, from Nest's Logger or pino directly: strings and plain objects are masked before writing.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => maskDeep(arg)) as Parameters<typeof method>);
      },
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    // Load balancers poll /health every few seconds: not worth a line each.
    autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health') },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
