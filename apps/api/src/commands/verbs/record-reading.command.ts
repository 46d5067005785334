import { CommandHandler } from '@nestjs/cqrs';
import { PlatformCommand } from '../platform-command';
import { PlatformCommandHandler } from '../platform-command.handler';

/** RecordReading: records a UC's reading for a cycle (R1–R12). */
export class RecordReadingCommand extends PlatformCommand<'RecordReading'> {
  readonly verb = 'RecordReading';
}

/** Runs RecordReading on the platform. */
@CommandHandler(RecordReadingCommand)
export class RecordReadingHandler extends PlatformCommandHandler<RecordReadingCommand> {}
