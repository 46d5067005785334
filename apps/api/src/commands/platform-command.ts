import { Command } from '@nestjs/cqrs';
import type { CommandBodies, CommandMeta, CommandName } from '@compensa/application';
import type { CommandResponse } from './command-response';

/** A platform verb on the CommandBus: the HTTP body with its path parameters, and the request's metadata. */
export abstract class PlatformCommand<N extends CommandName> extends Command<CommandResponse> {
  /** The platform verb this command runs. */
  abstract readonly verb: N;

  constructor(
    readonly body: CommandBodies[N],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
