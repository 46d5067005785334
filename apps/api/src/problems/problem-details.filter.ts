import { ArgumentsHost, Catch, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowedMethods } from './allowed-methods';
import { PROBLEM_JSON, ProblemType, statusTitle } from './problem-details';
import { internalProblem, problemOf } from './problem-of';

/** What the filter reads of a request: express's original URL and pino-http's request id. */
type ServedRequest = IncomingMessage & { originalUrl?: string; id?: unknown };

/** Answers every error of every route, unknown routes and body parsing included, as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<ServedRequest>();
    const response = http.getResponse<ServerResponse>();

    let problem = problemOf(exception);
    if (problem === null) {
      this.logger.error(exception instanceof Error ? exception : new Error(String(exception)), 'unhandled error');
      problem = internalProblem();
    }
    if (response.headersSent) {
      // Too late for a problem document: end the response so the client is not left hanging.
      response.end();
      return;
    }
    problem.instance = (request.originalUrl ?? request.url ?? '').split('?')[0];
    if (problem.status === HttpStatus.NOT_FOUND && problem.type === ProblemType.blank) {
      // A known route asked with a method it does not answer: 405 and the methods it does (RFC 9110).
      const allow = allowedMethods(request, problem.instance);
      if (allow.length > 0 && !allow.includes(request.method ?? '')) {
        problem = {
          type: ProblemType.blank,
          title: statusTitle(HttpStatus.METHOD_NOT_ALLOWED),
          status: HttpStatus.METHOD_NOT_ALLOWED,
          detail: `O método ${request.method} não é aceito em ${problem.instance}; métodos aceitos: ${allow.join(', ')}.`,
          instance: problem.instance,
        };
        response.setHeader('Allow', allow.join(', '));
      }
    }
    if (typeof request.id === 'string' || typeof request.id === 'number') problem.requestId = String(request.id);
    if (problem.status === HttpStatus.UNAUTHORIZED) response.setHeader('WWW-Authenticate', 'Bearer realm="compensa"');
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE) response.setHeader('Retry-After', '1');
    response.statusCode = problem.status;
    response.setHeader('Content-Type', `${PROBLEM_JSON}; charset=utf-8`);
    response.end(JSON.stringify(problem));
  }
}
