import { Inject } from '@nestjs/common';
import { Platform, type CommandName } from '@compensa/application';
import { toCommandResponse, type CommandResponse } from './command-response';
import type { PlatformCommand } from './platform-command';

/**
 * What every verb's handler (an ICommandHandler of @nestjs/cqrs) does: run the verb on the platform (load, decide, append with the revision decided on,
 * retried on a lost race) and answer what it appended. Refusals propagate as domain errors (problem+json).
 */
export abstract class PlatformCommandHandler<C extends PlatformCommand<CommandName>> {
  constructor(@Inject(Platform) private readonly platform: Platform) {}

  async execute(command: C): Promise<CommandResponse> {
    return toCommandResponse(await this.platform.commands.execute(command.verb, command.body, command.meta));
  }
}
