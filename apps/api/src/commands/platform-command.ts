import { Command } from '@nestjs/cqrs';
import type { CommandBodies, CommandMeta, CommandName } from '@compensa/application';
import type { CommandResponse } from './command-response';

/**
 * Any platform verb on the CommandBus: its name in the verb catalogue, the HTTP body with its path parameters, and
 * the request's metadata. One command class and one handler serve every verb of the catalogue.
 */
export class PlatformCommand<N extends CommandName = CommandName> extends Command<CommandResponse> {
  constructor(
    readonly verb: N,
    readonly body: CommandBodies[N],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
