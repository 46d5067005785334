import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { tap, type Observable } from 'rxjs';
import type { CommandResponse } from './command-response';
import { etagOf } from './if-match';

/** Sets `ETag: "<revision>"` on a command's answer: the stream revision the next If-Match may name. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<CommandResponse>): Observable<CommandResponse> {
    const response = context.switchToHttp().getResponse<ServerResponse>();
    return next.handle().pipe(
      tap((result) => {
        if (typeof result?.revision === 'number' && !response.headersSent) {
          response.setHeader('ETag', etagOf(result.revision));
        }
      }),
    );
  }
}
