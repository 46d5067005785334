import { applyDecorators, HttpStatus, SetMetadata, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ProjectionName } from '@compensa/projections';
import { ProblemSchema } from '../../commands/openapi/problem.schema';
import { PROJECTION_LAG_HEADER, READS_PROJECTIONS } from './projection-lag';

/** What the OpenAPI document says of a query endpoint. */
export interface QueryEndpointOptions {
  summary: string;
  description?: string;
  type: Type;
  /** The read models answered from: the header reports the largest of their lags. */
  reads: ProjectionName[];
  /** What else it reads that has no lag (the event log itself), said in the header's description. */
  alsoReads?: string;
  /** What a 404 means here (omit when the endpoint never answers 404). */
  notFound?: string;
}

/** Documents and tags a query endpoint: its answer with X-Projection-Lag, and its problems (401, 404, 422). */
export function QueryEndpoint(options: QueryEndpointOptions): MethodDecorator {
  const problems: [number, string][] = [
    [HttpStatus.UNAUTHORIZED, 'No API key, or an unknown one.'],
    [HttpStatus.UNPROCESSABLE_ENTITY, 'A malformed parameter (UC number, document, date, cycle, cursor, limit).'],
  ];
  if (options.notFound) problems.splice(1, 0, [HttpStatus.NOT_FOUND, options.notFound]);
  return applyDecorators(
    SetMetadata(READS_PROJECTIONS, options.reads),
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiExtraModels(ProblemSchema),
    ApiOkResponse({
      type: options.type,
      headers: {
        [PROJECTION_LAG_HEADER]: {
          description:
            `Events the read models behind this answer (${options.reads.join(', ')}) are behind the head of the ` +
            'event log when it was read: 0 = up to date.' +
            (options.alsoReads ? ` The answer also reads ${options.alsoReads}, which has no lag.` : ''),
          schema: { type: 'integer', minimum: 0 },
        },
      },
    }),
    ...problems.map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } },
      }),
    ),
  );
}
