import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** IndicateReallocation: indicates where credits held for a titular go (R20). */
export class IndicateReallocationCommand extends PlatformCommand<'IndicateReallocation'> {
  readonly verb = 'IndicateReallocation';
}

/** Runs IndicateReallocation on the platform. */
@CommandHandler(IndicateReallocationCommand)
export class IndicateReallocationHandler extends PlatformCommandHandler<IndicateReallocationCommand> {}
