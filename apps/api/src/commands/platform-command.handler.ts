import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Platform } from '@compensa/application';
import { toCommandResponse, type CommandResponse } from './command-response';
import { PlatformCommand } from './platform-command';

/**
 * The one CommandBus handler: runs any verb on the platform through its catalogue entry (load, decide, append with
 * the revision decided on, retried on a lost race) and answers what it appended. Refusals propagate as domain
 * errors (problem+json).
 */
@CommandHandler(PlatformCommand)
export class PlatformCommandHandler implements ICommandHandler<PlatformCommand> {
  constructor(@Inject(Platform) private readonly platform: Platform) {}

  async execute(command: PlatformCommand): Promise<CommandResponse> {
    return toCommandResponse(await this.platform.commands.execute(command.verb, command.body, command.meta));
  }
}
