import { StreamNotFound, type CheckpointStore, type EventStore, type RecordedEvent } from '@compensa/event-store';
import { deterministicId } from '../deterministic-id';
import type { AppLogger } from '../logger';
import { CheckpointedConsumer } from '../process-managers/checkpointed-consumer';
import type { RetryBackoff } from '../process-managers/retry-backoff';
import { CheckpointWitness } from './checkpoint-witness';
import {
  LOG_CHECKPOINT_EVENT,
  LOG_CHECKPOINT_FORMAT,
  LOG_CHECKPOINT_STREAM,
  SIGNING_KEY_ROTATED_EVENT,
  signCheckpoint,
  signKeyRotation,
  type LogCheckpointSignedData,
  type SigningKeyRotatedData,
} from './log-checkpoint';
import { EMPTY_LOG_DIGEST_STATE, LogDigest } from './log-digest';
import type { SigningKey } from './signing-key';

/** Defaults of COMPENSA_CHECKPOINT_EVERY_EVENTS and COMPENSA_CHECKPOINT_EVERY_SECONDS. */
export const DEFAULT_CHECKPOINT_EVERY_EVENTS = 10_000;
export const DEFAULT_CHECKPOINT_EVERY_MS = 60_000;

/** How the platform signs its log. */
export interface LogCheckpointSettings {
  /** The private key (COMPENSA_SIGNING_KEY_FILE, kept outside DATA_DIR). */
  readonly key: SigningKey;
  /** A checkpoint after this many new events… */
  readonly everyEvents: number;
  /** …or this long after the first event not yet covered, whichever comes first. */
  readonly everyMs: number;
  /** COMPENSA_CHECKPOINT_WITNESS: a file where every checkpoint is also written; null: the log only. */
  readonly witnessPath: string | null;
  readonly now?: () => Date;
}

/** The consumer's name (in /health's logs; it keeps no checkpoint row: it resumes from its last signed checkpoint). */
export const LOG_CHECKPOINTER = 'log-checkpointer';

/**
 * Signs the log: a checkpointed consumer of every event that folds the running digest and, every N events or M
 * seconds, appends a signed `LogCheckpointSigned` to `log-checkpoints` and the same line to the witness file.
 * It resumes from its last signed checkpoint (the digest state is in it), so it needs no checkpoint row of its own.
 */
export class LogCheckpointer {
  private readonly consumer: CheckpointedConsumer;
  private digest = new LogDigest();
  private seq = 0;
  private streamRevision: number | null = null;
  /** Events other than checkpoints since the last checkpoint: only they make a new one due. */
  private pending = 0;
  /** A signed checkpoint not yet both in the log and in the witness (retried as it is, never re-signed). */
  private unsent: LogCheckpointSignedData | null = null;
  private witnessed = 0;
  private readonly witness: CheckpointWitness | null;
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly settings: LogCheckpointSettings,
    private readonly logger: AppLogger,
    backoff?: RetryBackoff,
  ) {
    this.witness = settings.witnessPath ? new CheckpointWitness(settings.witnessPath) : null;
    const resumeFrom: CheckpointStore = {
      load: async () => {
        await this.resume();
        return this.digest.current().position;
      },
      store: async () => undefined,
    };
    this.consumer = new CheckpointedConsumer(
      LOG_CHECKPOINTER,
      store,
      resumeFrom,
      () => true,
      (e) => this.exclusive(() => this.fold(e)),
      logger,
      { parked: null, ...(backoff ? { backoff } : {}) },
    );
  }

  async start(): Promise<void> {
    await this.consumer.start();
    this.timer = setInterval(() => {
      void this.exclusive(() => this.checkpointIfPending()).catch((err: unknown) =>
        this.logger.warn(`${LOG_CHECKPOINTER}: checkpoint failed (${(err as Error).message}); next tick retries`),
      );
    }, this.settings.everyMs);
    this.timer.unref();
  }

  /** Stops, signing what was folded since the last checkpoint first. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.consumer.stop();
    await this.exclusive(() => this.checkpointIfPending()).catch((err: unknown) =>
      this.logger.warn(`${LOG_CHECKPOINTER}: last checkpoint failed (${(err as Error).message})`),
    );
  }

  /** Resolves once every event up to `position` has been folded. */
  waitFor(position: number | null): Promise<void> {
    return this.consumer.waitFor(position);
  }

  status() {
    return this.consumer.status();
  }

  position(): number | null {
    return this.consumer.position();
  }

  private exclusive(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async fold(e: RecordedEvent): Promise<void> {
    const at = this.digest.current().position;
    if (at === null || e.position > at) {
      this.digest.fold(e);
      if (e.stream !== LOG_CHECKPOINT_STREAM) this.pending++;
    }
    if (this.pending >= this.settings.everyEvents || this.unsent) await this.checkpointIfPending();
  }

  private async checkpointIfPending(): Promise<void> {
    if (!this.unsent) {
      if (this.pending === 0) return;
      const state = this.digest.current();
      this.unsent = signCheckpoint(this.settings.key, {
        format: LOG_CHECKPOINT_FORMAT,
        seq: this.seq + 1,
        position: state.position!,
        digest: state.digest,
        events: state.events,
        streams: state.streams,
        time: this.now().toISOString(),
        keyId: this.settings.key.keyId,
      });
    }
    const c = this.unsent;
    // A deterministic id per seq: a retry after a stored-but-unanswered append is a no-op.
    const { nextRevision } = await this.store.append(
      LOG_CHECKPOINT_STREAM,
      [{ id: deterministicId('log-checkpoint', String(c.seq)), type: LOG_CHECKPOINT_EVENT, data: c }],
      { expectedRevision: this.streamRevision ?? 'no_stream' },
    );
    this.streamRevision = nextRevision;
    if (this.witness && this.witnessed < c.seq) {
      this.witness.append(c);
      this.witnessed = c.seq;
    }
    this.seq = c.seq;
    this.unsent = null;
    this.pending = 0;
  }

  /** Reads the last signed checkpoint (its digest state is where to go on from), records a new key, fills the witness. */
  private async resume(): Promise<void> {
    this.digest = new LogDigest();
    this.seq = 0;
    this.pending = 0;
    this.unsent = null;
    this.streamRevision = await this.store.streamRevision(LOG_CHECKPOINT_STREAM);
    const checkpoints: LogCheckpointSignedData[] = [];
    let keyId: string | null = null;
    try {
      for await (const e of this.store.readStream(LOG_CHECKPOINT_STREAM)) {
        if (e.type === LOG_CHECKPOINT_EVENT) checkpoints.push(e.data as LogCheckpointSignedData);
        else if (e.type === SIGNING_KEY_ROTATED_EVENT) keyId = (e.data as SigningKeyRotatedData).keyId;
      }
    } catch (err) {
      if (!(err instanceof StreamNotFound)) throw err;
    }
    const last = checkpoints.at(-1);
    if (last) {
      this.seq = last.seq;
      this.digest = new LogDigest({
        position: last.position,
        digest: last.digest,
        events: last.events,
        streams: last.streams,
      });
    } else this.digest = new LogDigest(EMPTY_LOG_DIGEST_STATE);
    if (keyId !== this.settings.key.keyId) {
      // Rotating the key is an event: the auditor sees from which checkpoint on another key signs.
      const rotation = signKeyRotation(this.settings.key, keyId, this.now().toISOString());
      const { nextRevision } = await this.store.append(
        LOG_CHECKPOINT_STREAM,
        [{ type: SIGNING_KEY_ROTATED_EVENT, data: rotation }],
        { expectedRevision: this.streamRevision ?? 'no_stream' },
      );
      this.streamRevision = nextRevision;
      this.logger.log(`${LOG_CHECKPOINTER}: signing key ${rotation.keyId} recorded (previous: ${keyId ?? 'none'})`);
    }
    if (this.witness) {
      const inWitness = this.witness.lastSeq();
      // A crash between the log and the witness: the witness gets what the log already holds.
      for (const c of checkpoints) if (c.seq > inWitness) this.witness.append(c);
      this.witnessed = Math.max(inWitness, this.seq);
    }
  }

  private now(): Date {
    return (this.settings.now ?? (() => new Date()))();
  }
}
