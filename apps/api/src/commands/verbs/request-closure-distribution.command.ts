import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** RequestClosureDistribution: requests how credits go to members at closure (R19). */
export class RequestClosureDistributionCommand extends PlatformCommand<'RequestClosureDistribution'> {
  readonly verb = 'RequestClosureDistribution';
}

/** Runs RequestClosureDistribution on the platform. */
@CommandHandler(RequestClosureDistributionCommand)
export class RequestClosureDistributionHandler extends PlatformCommandHandler<RequestClosureDistributionCommand> {}
