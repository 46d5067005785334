import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** RegisterUc: registers a UC in its distribuidora. */
export class RegisterUcCommand extends PlatformCommand<'RegisterUc'> {
  readonly verb = 'RegisterUc';
}

/** Runs RegisterUc on the platform. */
@CommandHandler(RegisterUcCommand)
export class RegisterUcHandler extends PlatformCommandHandler<RegisterUcCommand> {}
