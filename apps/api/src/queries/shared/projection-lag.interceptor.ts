import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ProjectionName, ProjectionRunner } from '@compensa/projections';
import type { ServerResponse } from 'node:http';
import { from, switchMap, type Observable } from 'rxjs';
import { PROJECTION_RUNNER } from '../../read-models/read-models.tokens';
import { PROJECTION_LAG_HEADER, READS_PROJECTIONS } from './projection-lag';

/**
 * Sets X-Projection-Lag on every query answer. Measured before the query runs, so the answer is at least as fresh
 * as the header says.
 */
@Injectable()
export class ProjectionLagInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reads = this.reflector.get<ProjectionName[] | undefined>(READS_PROJECTIONS, context.getHandler());
    if (!reads || context.getType() !== 'http') return next.handle();
    const response = context.switchToHttp().getResponse<ServerResponse>();
    return from(this.runner.lag()).pipe(
      switchMap((lags) => {
        const lag = Math.max(0, ...reads.map((name) => lags[name] ?? 0));
        response.setHeader(PROJECTION_LAG_HEADER, String(lag));
        return next.handle();
      }),
    );
  }
}
