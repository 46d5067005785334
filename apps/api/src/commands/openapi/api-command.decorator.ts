import { applyDecorators, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { VERBS, type CommandName } from '@compensa/application';
import {
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { CommandResponse } from '../command-response';
import { ProblemSchema } from './problem.schema';
import { VERB_BODIES } from './verb-bodies';

/** How the OpenAPI document describes each path parameter of the command routes. */
const PATH_PARAMS: Readonly<Record<string, { description: string; example: string }>> = {
  ucId: { description: 'The UC number within its distribuidora.', example: '1001' },
  document: {
    description: "The titular's CPF or CNPJ (digits, or the alphanumeric CNPJ upper case; punctuation accepted).",
    example: '52998224725',
  },
  distribuidora: { description: 'The distribuidora code.', example: 'copel' },
};

const PROBLEMS: [number, string][] = [
  [HttpStatus.BAD_REQUEST, 'Malformed JSON body, a malformed If-Match or Idempotency-Key header.'],
  [HttpStatus.UNAUTHORIZED, 'No API key, or an unknown one.'],
  [HttpStatus.FORBIDDEN, 'The key is not an operator key.'],
  [HttpStatus.NOT_FOUND, 'The UC is not registered.'],
  [
    HttpStatus.CONFLICT,
    'A business rule refused the command (`rule` names it); or it conflicts with the history without a rule (a ' +
      'cycle recorded twice, a reading dated before the previous one); or If-Match named another revision, the ' +
      'stream kept changing under the command, or a request with the same Idempotency-Key is still running.',
  ],
  [
    HttpStatus.UNPROCESSABLE_ENTITY,
    'A value that cannot be (bad check digits, negative kWh, more than 3 decimals, unknown posto or field), or an ' +
      'Idempotency-Key already used for another request.',
  ],
];

/**
 * A command endpoint, derived from the verb's catalogue entry (route, status, summary) and its body (DTO, example):
 * the route, the OpenAPI operation, its answer with ETag, the headers and every problem.
 */
export function ApiCommand(verb: CommandName): MethodDecorator {
  const { http } = VERBS[verb];
  const { dto, example } = VERB_BODIES[verb];
  const route = http.method === 'POST' ? Post(http.path) : Put(http.path);
  const status = http.status === 201 ? HttpStatus.CREATED : HttpStatus.OK;
  const params = [...http.path.matchAll(/:(\w+)/g)].map(([, name]) =>
    ApiParam({ name, ...(PATH_PARAMS[name] ?? { description: name }) }),
  );
  return applyDecorators(
    route,
    ...params,
    HttpCode(status),
    ApiOperation({ summary: `${http.summary} (${verb})`, description: http.description }),
    ApiBody({ type: dto, examples: { example: { summary: verb, value: example } } }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe: the same key (per API key) with the same method, path and body within 24 h replays ' +
        'the first answer (header Idempotent-Replayed: true) and appends nothing; with another request, 422; while ' +
        'the first request still runs, 409 at once with Retry-After (never waits).',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The stream revision (an ETag, "5") the command must apply to; another revision answers 409.',
    }),
    ApiExtraModels(ProblemSchema),
    ApiResponse({
      status,
      description: 'The command was applied: the stream, its new revision and the events appended.',
      type: CommandResponse,
      headers: {
        ETag: { description: 'The stream revision after the command, quoted ("5").', schema: { type: 'string' } },
      },
    }),
    ...PROBLEMS.map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } },
      }),
    ),
  );
}
