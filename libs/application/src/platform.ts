import { inCurrentShape, type BusinessDate } from '@compensa/domain';
import type { CheckpointStore, EventStore, RecordedEvent } from '@compensa/event-store';
import type { Clock } from './clock';
import { CompensaCommands } from './commands/compensa-commands';
import type { SnapshotStore } from './commands/snapshot-store';
import { DirectoryBehind } from './directory/directory-behind';
import { DirectoryConsumer } from './directory/directory-consumer';
import type { DirectoryStore } from './directory/directory-store';
import { UcDirectory } from './directory/uc-directory';
import { silentLogger, type AppLogger } from './logger';
import { ParkedEvents } from './parked/parked-events';
import type { ParkedRecord } from './parked/parked-record';
import { CheckpointedConsumer } from './process-managers/checkpointed-consumer';
import type { ConsumerStatus } from './process-managers/consumer-status';
import { isPermanentFailure, ruleOf } from './process-managers/failure-kind';
import { defaultRetryBackoff, type RetryBackoff } from './process-managers/retry-backoff';
import { DeadlineScheduler } from './process-managers/deadline-scheduler';
import { deliverExcedente, excedenteTargets, isExcedenteAllocated } from './process-managers/excedente-delivery';
import { isHeldCreditsEvent, moveHeldCredits } from './process-managers/held-credits';
import { LogCheckpointer, type LogCheckpointSettings } from './integrity/log-checkpointer';

/** What the platform needs from outside. */
export interface PlatformOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  clock: Clock;
  logger?: AppLogger;
  /** Where the directory is kept, with its checkpoint (SqliteDirectoryStore); in memory, rebuilt at each start, by default. */
  directory?: DirectoryStore;
  /**
   * How this process uses the directory store: `own` (the default: written here alone) or `shared` (with other
   * instances: read only, except while this process runs the directory consumer, i.e. holds the lease; its
   * checkpoint then moves at every batch, as the readers wait on it). An `api` instance never writes it.
   */
  directoryMode?: 'own' | 'shared';
  /** How the process managers wait between attempts at an event that failed for a transient reason. */
  retry?: RetryBackoff;
  /** Signs checkpoints of the whole log (COMPENSA_SIGNING_KEY_FILE); none are written without a key. */
  signing?: LogCheckpointSettings;
  /** Stream snapshots (SqliteSnapshotStore in DATA_DIR/platform.db); none: a stream not cached is read whole. */
  snapshots?: SnapshotStore;
  /** UC and titular states kept in memory between commands, each kind (default DEFAULT_STATE_CACHE_STREAMS). */
  stateCacheStreams?: number;
  /** UC entries the directory keeps in memory between lookups (default DEFAULT_DIRECTORY_CACHE_UCS). */
  directoryCacheUcs?: number;
}

/** A consumer's state with its lag and open parked events, as /health and /metrics show it. */
export interface ConsumerReport extends ConsumerStatus {
  readonly lag: number;
  readonly parked: number;
}

/** The running command side: the verbs, the directory, the process managers and the scheduler. */
export class Platform {
  readonly directory: UcDirectory;
  readonly commands: CompensaCommands;
  readonly scheduler: DeadlineScheduler;
  /** Deliveries the process managers parked (a decider refused them), in `parked-<consumer>` streams. */
  readonly parked: ParkedEvents;
  private readonly consumers: CheckpointedConsumer[];
  /** Whether this process runs the process managers (start without `processManagers: false`). */
  private runsProcessManagers = false;
  private readonly directoryConsumer: DirectoryConsumer;
  /** Whether this process runs the directory consumer now. */
  private runsDirectory = false;
  /** Whether the directory store is shared with other instances (written only while the consumer runs here). */
  private readonly shared: boolean;
  /** Folds the log's running digest and appends signed checkpoints; null without a signing key. */
  readonly checkpointer: LogCheckpointer | null;

  constructor(private readonly options: PlatformOptions) {
    const logger = options.logger ?? silentLogger;
    const retry = options.retry ?? defaultRetryBackoff;
    this.shared = options.directoryMode === 'shared';
    this.directory = new UcDirectory(options.directory, {
      ...(this.shared
        ? { readOnly: true, writer: { head: () => options.store.headPosition(), waitMs: retry.directoryWaitMs } }
        : {}),
      ...(options.directoryCacheUcs === undefined ? {} : { cachedUcs: options.directoryCacheUcs }),
    });
    this.commands = new CompensaCommands(
      options.store,
      this.directory,
      options.clock,
      options.snapshots ?? null,
      options.stateCacheStreams,
    );
    this.scheduler = new DeadlineScheduler(this.commands, this.directory, logger);
    // The directory resumes after its own checkpoint, kept with its rows (from the start with an in-memory store).
    this.directoryConsumer = new DirectoryConsumer(options.store, this.directory, logger, this.shared ? 0 : undefined);
    this.parked = new ParkedEvents(options.store, ['pm-excedente-delivery', 'pm-held-credits']);
    const consumerOptions = { parked: this.parked, backoff: retry, currentShape: true };
    // Both look UCs up in the directory: they first wait for it to have applied the event (a lag is no refusal).
    const afterDirectory = (handle: (e: RecordedEvent) => Promise<void>) => async (e: RecordedEvent) => {
      await this.directoryReached(e.position, retry.directoryWaitMs);
      await handle(e);
    };
    this.consumers = [
      new CheckpointedConsumer(
        'pm-excedente-delivery',
        options.store,
        options.checkpoints,
        isExcedenteAllocated,
        afterDirectory((e) => deliverExcedente(this.commands, e)),
        logger,
        { ...consumerOptions, writes: excedenteTargets },
      ),
      new CheckpointedConsumer(
        'pm-held-credits',
        options.store,
        options.checkpoints,
        isHeldCreditsEvent,
        afterDirectory((e) => moveHeldCredits(this.commands, this.directory, e)),
        logger,
        consumerOptions,
      ),
    ];
    this.checkpointer = options.signing ? new LogCheckpointer(options.store, options.signing, logger, retry) : null;
  }

  /** Waits up to `ms` for the directory to apply the log up to `position`; else DirectoryBehind (transient). */
  private async directoryReached(position: number, ms: number): Promise<void> {
    // A shared directory another process writes (the CLI's `parked retry`): its stored checkpoint tells.
    if (!this.runsDirectory && this.shared) {
      if (await this.directory.writerReached(position)) return;
      throw new DirectoryBehind(position, await this.directory.checkpoint());
    }
    if ((this.directoryConsumer.position() ?? -1) >= position) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ms)));
    try {
      if ((await Promise.race([this.directoryConsumer.waitFor(position), late])) === 'late') {
        throw new DirectoryBehind(position, this.directoryConsumer.position());
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Starts the directory (waits until it has caught up), then the process managers. `processManagers: false` (the
   * CLI's `parked retry`, an `api` process, a worker waiting for its lease) starts the directory alone: another
   * process may be running the consumers.
   */
  async start(options: { processManagers?: boolean; directory?: boolean } = {}): Promise<void> {
    await this.parked.refresh();
    if (options.directory !== false) await this.startDirectory();
    if (options.processManagers === false) return;
    await this.startProcessManagers();
  }

  /**
   * Starts the directory consumer (resolves once it caught up): at start, or when a worker gains the lease of a
   * shared directory (what it cached may be stale: another worker wrote meanwhile).
   */
  async startDirectory(): Promise<void> {
    if (this.shared) this.directory.setReadOnly(false);
    else this.directory.forget();
    try {
      await this.directoryConsumer.start();
    } catch (error) {
      if (this.shared) this.directory.setReadOnly(true);
      throw error;
    }
    this.runsDirectory = true;
  }

  /** Stops the directory consumer (a worker that lost the lease: another writes the shared directory now). */
  async stopDirectory(): Promise<void> {
    if (!this.runsDirectory) return;
    this.runsDirectory = false;
    try {
      await this.directoryConsumer.stop();
    } finally {
      if (this.shared) this.directory.setReadOnly(true);
    }
  }

  /** Starts the process managers and the log checkpointer (a worker that gained the lease); the directory runs. */
  async startProcessManagers(): Promise<void> {
    this.runsProcessManagers = true;
    for (const c of this.consumers) await c.start();
    await this.checkpointer?.start();
  }

  /** Stops the process managers and the log checkpointer (a worker that lost the lease); the directory goes on. */
  async stopProcessManagers(): Promise<void> {
    this.runsProcessManagers = false;
    for (const c of this.consumers) await c.stop();
    // Last: its final checkpoint covers what the process managers appended.
    await this.checkpointer?.stop();
  }

  /**
   * An operator's retry of a parked event: its consumer's handler runs again on the event as stored (the cause may
   * have been fixed since); delivered → `retried-ok`, refused again → still parked with the new error. A transient
   * failure is thrown to the caller and recorded nowhere (try again later).
   */
  async retryParked(parkedId: string): Promise<ParkedRecord> {
    const record = await this.parked.openRecord(parkedId);
    const consumer = this.consumers.find((c) => c.name === record.consumer);
    if (!consumer) throw new Error(`no consumer ${record.consumer} in this platform`);
    const [event] = await this.readEvent(record.event.stream, record.event.revision);
    try {
      await consumer.handle(event);
    } catch (err) {
      if (!isPermanentFailure(err)) throw err;
      return this.parked.recordRetry(parkedId, { rule: ruleOf(err), message: (err as Error).message });
    }
    return this.parked.recordRetry(parkedId, null);
  }

  private async readEvent(stream: string, revision: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for await (const e of this.options.store.readStream(stream, { fromRevision: revision, maxCount: 1 })) {
      out.push(inCurrentShape(e));
    }
    if (out.length !== 1) throw new Error(`event ${stream}@${revision} not found in the log`);
    return out;
  }

  /** The process managers this process runs: all of them, or none (an `api` process; the CLI's `parked retry`). */
  private runningConsumers(): CheckpointedConsumer[] {
    return this.runsProcessManagers ? this.consumers : [];
  }

  /**
   * Each process manager's state (retrying or not), lag and open parked events: /health and /metrics. Only those
   * this process runs: another process's report is its own.
   */
  async consumerReports(): Promise<Record<string, ConsumerReport>> {
    const lag = await this.lag();
    await this.parked.refresh(); // another process (the CLI) may have retried or resolved some
    const parked = this.parked.openCounts();
    const out: Record<string, ConsumerReport> = {};
    for (const c of this.runningConsumers())
      out[c.name] = { ...c.status(), lag: lag[c.name] ?? 0, parked: parked[c.name] ?? 0 };
    return out;
  }

  /**
   * Resolves when the directory and every process manager this process runs have handled everything in the log,
   * including what they appended.
   */
  async waitForIdle(): Promise<void> {
    for (;;) {
      const head = await this.options.store.headPosition();
      if (this.runsDirectory) await this.directoryConsumer.waitFor(head);
      for (const c of this.runningConsumers()) await c.waitFor(head);
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

  /** How far each consumer this process runs is behind the head (events by position). */
  async lag(): Promise<Record<string, number>> {
    const head = (await this.options.store.headPosition()) ?? 0;
    const out: Record<string, number> = {};
    for (const c of [...(this.runsDirectory ? [this.directoryConsumer] : []), ...this.runningConsumers()])
      out[c.name] = Math.max(0, head - (c.position() ?? 0));
    // A shared directory another process writes: how far its checkpoint is behind.
    if (!this.runsDirectory && this.shared)
      out[this.directoryConsumer.name] = Math.max(0, head - ((await this.directory.checkpoint()) ?? 0));
    return out;
  }

  async stop(): Promise<void> {
    await this.stopProcessManagers();
    await this.stopDirectory();
  }
}
