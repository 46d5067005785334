import type { BusinessDate } from '@compensa/domain';
import type { CheckpointStore, EventStore } from '@compensa/event-store';
import type { Clock } from './clock';
import { CompensaCommands } from './commands/compensa-commands';
import { DirectoryConsumer } from './directory/directory-consumer';
import type { DirectoryStore } from './directory/directory-store';
import { UcDirectory } from './directory/uc-directory';
import { silentLogger, type AppLogger } from './logger';
import { defaultSettings, type PlatformSettings } from './platform-settings';
import { CheckpointedConsumer } from './process-managers/checkpointed-consumer';
import { DeadlineScheduler } from './process-managers/deadline-scheduler';
import { deliverExcedente, isExcedenteAllocated } from './process-managers/excedente-delivery';
import { isHeldCreditsEvent, moveHeldCredits } from './process-managers/held-credits';

/** What the platform needs from outside. */
export interface PlatformOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  clock: Clock;
  settings?: PlatformSettings;
  logger?: AppLogger;
  /** Where the directory is kept, with its checkpoint (SqliteDirectoryStore); in memory, rebuilt at each start, by default. */
  directory?: DirectoryStore;
}

/** The running command side: the verbs, the directory, the process managers and the scheduler. */
export class Platform {
  readonly directory: UcDirectory;
  readonly commands: CompensaCommands;
  readonly scheduler: DeadlineScheduler;
  private readonly consumers: CheckpointedConsumer[];
  private readonly directoryConsumer: DirectoryConsumer;

  constructor(private readonly options: PlatformOptions) {
    const logger = options.logger ?? silentLogger;
    this.directory = new UcDirectory(options.directory);
    this.commands = new CompensaCommands(options.store, this.directory, options.clock, options.settings ?? defaultSettings);
    this.scheduler = new DeadlineScheduler(this.commands, this.directory, logger);
    // The directory resumes after its own checkpoint, kept with its rows (from the start with an in-memory store).
    this.directoryConsumer = new DirectoryConsumer(options.store, this.directory, logger);
    this.consumers = [
      new CheckpointedConsumer('pm-excedente-delivery', options.store, options.checkpoints, isExcedenteAllocated, (e) => deliverExcedente(this.commands, e), logger),
      new CheckpointedConsumer('pm-held-credits', options.store, options.checkpoints, isHeldCreditsEvent, (e) => moveHeldCredits(this.commands, this.directory, e), logger),
    ];
  }

  /** Starts the directory (waits until it has caught up), then the process managers. */
  async start(): Promise<void> {
    await this.directoryConsumer.start();
    for (const c of this.consumers) await c.start();
  }

  /** Resolves when the directory and every process manager have handled everything in the log, including what they appended. */
  async waitForIdle(): Promise<void> {
    for (;;) {
      const head = await this.options.store.headPosition();
      await this.directoryConsumer.waitFor(head);
      for (const c of this.consumers) await c.waitFor(head);
      if ((await this.options.store.headPosition()) === head) return;
    }
  }

  /** Runs what is due up to and including `date`, and waits for its effects. */
  async runDue(date: BusinessDate): Promise<void> {
    for (let round = 0; round < 10; round++) {
      await this.waitForIdle();
      if ((await this.scheduler.runDue(date)) === 0) return;
    }
  }

  /** How far each consumer is behind the head (events by position). */
  async lag(): Promise<Record<string, number>> {
    const head = (await this.options.store.headPosition()) ?? 0;
    const out: Record<string, number> = {};
    for (const c of [this.directoryConsumer, ...this.consumers]) out[c.name] = Math.max(0, head - (c.position() ?? 0));
    return out;
  }

  async stop(): Promise<void> {
    for (const c of this.consumers) await c.stop();
    await this.directoryConsumer.stop();
  }
}
