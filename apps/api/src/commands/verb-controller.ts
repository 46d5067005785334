import 'reflect-metadata';
import { Body, Controller, Inject, Param, UseInterceptors, type Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { COMMAND_NAMES, VERBS, type CommandMeta, type CommandName, type StreamKind } from '@compensa/application';
import { CommandMetadata } from './command-meta.decorator';
import type { CommandResponse } from './command-response';
import { ETagInterceptor } from './etag.interceptor';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { ApiCommand } from './openapi/api-command.decorator';
import { VERB_BODIES, type PathParams, type VerbBody } from './openapi/verb-bodies';
import { plainBody } from './plain-body';
import { PlatformCommand } from './platform-command';

/** The OpenAPI tag of each stream kind's commands. */
const TAGS: Readonly<Record<StreamKind, string>> = {
  uc: 'UC commands',
  titular: 'Titular commands',
  distribuidora: 'Tariff commands',
  national: 'National commands',
};

/** The controller class of each stream kind (its name makes the OpenAPI operation ids, kept as they were). */
const CLASS_NAMES: Readonly<Record<StreamKind, string>> = {
  uc: 'UcsController',
  titular: 'TitularesController',
  distribuidora: 'TariffsController',
  national: 'NationalController',
};

/** `registerUc` for `RegisterUc`: the handler method's name. */
const methodNameOf = (verb: CommandName): string => verb.charAt(0).toLowerCase() + verb.slice(1);

/**
 * The command endpoints of one stream kind, generated from the verb catalogue: one handler method per verb, with the
 * route, status and OpenAPI operation of its catalogue entry and the DTO of its HTTP body (validated by the global
 * pipe), dispatched on the CommandBus as a PlatformCommand. Operators only (the access policy).
 */
export function verbController(stream: StreamKind): Type {
  @ApiTags(TAGS[stream])
  @Controller()
  @UseInterceptors(IdempotencyInterceptor, ETagInterceptor)
  class VerbController {
    constructor(@Inject(CommandBus) readonly commandBus: CommandBus) {}
  }
  const prototype = VerbController.prototype as unknown as Record<string, unknown>;
  for (const verb of COMMAND_NAMES.filter((n) => VERBS[n].stream === stream)) {
    const { dto, toBody } = VERB_BODIES[verb] as VerbBody;
    const name = methodNameOf(verb);
    prototype[name] = function (
      this: VerbController,
      params: PathParams,
      body: object,
      meta: CommandMeta,
    ): Promise<CommandResponse> {
      const plain = plainBody(body);
      const platformBody = toBody ? toBody(plain as never, params) : { ...plain, ...params };
      return this.commandBus.execute(new PlatformCommand(verb, platformBody as never, meta));
    };
    // What `@Param() params, @Body() body: Dto, @CommandMetadata() meta` on a written method would record.
    Reflect.defineMetadata('design:paramtypes', [Object, dto, Object], prototype, name);
    Param()(prototype, name, 0);
    Body()(prototype, name, 1);
    CommandMetadata()(prototype, name, 2);
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
    ApiCommand(verb)(prototype, name, descriptor);
  }
  Object.defineProperty(VerbController, 'name', { value: CLASS_NAMES[stream] });
  return VerbController;
}

/** The command controllers: one per stream kind that has verbs. */
export const COMMAND_CONTROLLERS: Type[] = (['uc', 'titular', 'distribuidora', 'national'] as const)
  .filter((stream) => COMMAND_NAMES.some((n) => VERBS[n].stream === stream))
  .map(verbController);
