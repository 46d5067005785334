import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** ChangeRateio: changes a generator's rateio (R5, R6, R7, R13). */
export class ChangeRateioCommand extends PlatformCommand<'ChangeRateio'> {
  readonly verb = 'ChangeRateio';
}

/** Runs ChangeRateio on the platform. */
@CommandHandler(ChangeRateioCommand)
export class ChangeRateioHandler extends PlatformCommandHandler<ChangeRateioCommand> {}
