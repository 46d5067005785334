import { ArgumentsHost, Catch, ServiceUnavailableException, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';

/**
 * Keeps terminus's own JSON ({status, info, error, details}) on a failing check: monitors parse that shape,
 * so the 503 of /health is the one answer that is not problem+json.
 */
@Catch(ServiceUnavailableException)
export class HealthCheckFailureFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    response.statusCode = exception.getStatus();
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(exception.getResponse()));
  }
}
