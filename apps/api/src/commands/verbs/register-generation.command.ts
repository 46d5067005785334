import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** RegisterGeneration: registers a UC's generation (R15 class, R21 size). */
export class RegisterGenerationCommand extends PlatformCommand<'RegisterGeneration'> {
  readonly verb = 'RegisterGeneration';
}

/** Runs RegisterGeneration on the platform. */
@CommandHandler(RegisterGenerationCommand)
export class RegisterGenerationHandler extends PlatformCommandHandler<RegisterGenerationCommand> {}
