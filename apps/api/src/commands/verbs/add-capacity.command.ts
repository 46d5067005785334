import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** AddCapacity: adds a tranche of installed power (R16, R21). */
export class AddCapacityCommand extends PlatformCommand<'AddCapacity'> {
  readonly verb = 'AddCapacity';
}

/** Runs AddCapacity on the platform. */
@CommandHandler(AddCapacityCommand)
export class AddCapacityHandler extends PlatformCommandHandler<AddCapacityCommand> {}
