import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** TransferTitularidade: transfers a UC to a new titular (R18). */
export class TransferTitularidadeCommand extends PlatformCommand<'TransferTitularidade'> {
  readonly verb = 'TransferTitularidade';
}

/** Runs TransferTitularidade on the platform. */
@CommandHandler(TransferTitularidadeCommand)
export class TransferTitularidadeHandler extends PlatformCommandHandler<TransferTitularidadeCommand> {}
