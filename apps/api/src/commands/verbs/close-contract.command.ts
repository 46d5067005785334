import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** CloseContract: closes a UC's contract (R19). */
export class CloseContractCommand extends PlatformCommand<'CloseContract'> {
  readonly verb = 'CloseContract';
}

/** Runs CloseContract on the platform. */
@CommandHandler(CloseContractCommand)
export class CloseContractHandler extends PlatformCommandHandler<CloseContractCommand> {}
