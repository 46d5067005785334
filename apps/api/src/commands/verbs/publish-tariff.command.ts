import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** PublishTariff: publishes a distribuidora's TE per posto (R2). */
export class PublishTariffCommand extends PlatformCommand<'PublishTariff'> {
  readonly verb = 'PublishTariff';
}

/** Runs PublishTariff on the platform. */
@CommandHandler(PublishTariffCommand)
export class PublishTariffHandler extends PlatformCommandHandler<PublishTariffCommand> {}
