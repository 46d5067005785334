import { addDays, type BusinessDate } from '@compensa/domain';
import type { CompensaCommands } from '../commands/compensa-commands';
import { deterministicId } from '../deterministic-id';
import type { UcDirectory } from '../directory/uc-directory';
import type { AppLogger } from '../logger';

/**
 * Runs what is due by a date: the R20 defaults (the first day after each deadline) and the R9 expiry sweep, for
 * UCs that take no readings and for credits held for titulares. Deadlines come from the events that opened them
 * (CreditsHeldForTitular), so they survive a restart with the log. Every command it issues is idempotent.
 */
export class DeadlineScheduler {
  constructor(
    private readonly commands: CompensaCommands,
    private readonly directory: UcDirectory,
    private readonly logger: AppLogger,
  ) {}

  /** Everything due up to and including `date`. Returns how many commands it issued. */
  async runDue(date: BusinessDate): Promise<number> {
    let issued = 0;
    for (const w of await this.directory.dueWindows(date)) {
      const day = addDays(w.deadline as BusinessDate, 1);
      const candidates = await this.directory.ucsOfTitular(w.distribuidora, w.titularKey, day);
      await this.commands.onTitular(
        w.distribuidora,
        w.titularKey,
        { type: 'ApplyReallocationDefault', data: { fromUcId: w.fromUcId, date: day }, context: { candidates } },
        { commandId: deterministicId('r20-default', w.stream, w.fromUcId, day) },
      );
      this.logger.log(
        `R20 default for credits from UC ${w.fromUcId} (deadline ${w.deadline}) run on ${day}`,
        'Scheduler',
      );
      issued++;
    }
    for (const ucId of await this.directory.takeUcExpiries(date)) {
      await this.commands.onUc(ucId, () => ({ type: 'ExpireCredits', data: { date } }), {
        commandId: deterministicId('r9-sweep', ucId, date),
      });
      issued++;
    }
    for (const stream of await this.directory.takeHeldExpiries(date)) {
      const [, distribuidora, key] = /^titular-([^-]+)-(.+)$/.exec(stream)!;
      await this.commands.onTitular(
        distribuidora,
        key,
        { type: 'ExpireHeldCredits', data: { date } },
        { commandId: deterministicId('r9-sweep', stream, date) },
      );
      issued++;
    }
    return issued;
  }
}
