import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** RegisterMembers: sets an emuc/compartilhada generator's members (R13). */
export class RegisterMembersCommand extends PlatformCommand<'RegisterMembers'> {
  readonly verb = 'RegisterMembers';
}

/** Runs RegisterMembers on the platform. */
@CommandHandler(RegisterMembersCommand)
export class RegisterMembersHandler extends PlatformCommandHandler<RegisterMembersCommand> {}
