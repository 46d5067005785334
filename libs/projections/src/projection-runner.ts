/**
 * Runs the projections: one catch-up subscription for all of them, per-projection checkpoints in
 * `projection_checkpoints`, moved in the same transaction as the rows (so an event applied twice changes nothing).
 * Events are applied in batches (up to `batchSize`, or whatever arrived while the previous batch was committing),
 * one transaction per batch.
 */
import { inCurrentShape } from '@compensa/domain';
import type { EventStore, RecordedEvent, Subscription } from '@compensa/event-store';
import { migrateReadModels, resetProjections } from './migrations';
import type { Projection, ProjectionName } from './projection';
import { loadCheckpoints, saveCheckpoints } from './projection-checkpoints';
import { projectionsFor } from './projections/all-projections';
import type { RebuildMemory } from './bulk-writer';
import { bulkWriterFor, sqliteHandleOf, type ReadModelStore } from './read-model-store';
import { sql } from 'kysely';

/** Options of a `ProjectionRunner`. */
export interface ProjectionRunnerOptions {
  store: EventStore;
  readModels: ReadModelStore;
  /** Read models to run (default: all). `expiring_credits` and `portfolio` mean `uc_balance`. */
  names?: readonly string[];
  /** Most events per live transaction (default 500). */
  batchSize?: number;
  /** Events per transaction during a rebuild (default 5000: larger batches cost more in GC than they save in commits). */
  rebuildBatchSize?: number;
  /** Told of a failed batch; the runner retries it with backoff (default: ignored). */
  onError?: (error: Error) => void;
  /**
   * Another process runs these projections (this one is an `api` process and never starts the runner):
   * `waitForIdle` then follows the checkpoints they store.
   */
  runElsewhere?: boolean;
}

/** Progress of a rebuild. `total` is the log's head position when it started: the event count on SQLite. */
export interface RebuildProgress {
  done: number;
  total: number;
  eventsPerSecond: number;
  /** Seconds left at the current rate; null before the first batch. */
  etaSeconds: number | null;
}

/** What a rebuild did. */
export interface RebuildResult {
  projections: ProjectionName[];
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

const MAX_BACKOFF_MS = 5000;

/** Drops the projections' deferred indexes (`createTables` recreates them). */
async function dropDeferredIndexes(readModels: ReadModelStore, projections: readonly Projection[]): Promise<void> {
  for (const p of projections) {
    for (const index of p.deferredIndexes ?? []) await readModels.db.schema.dropIndex(index).ifExists().execute();
  }
}

/** Projections fed by a checkpointed subscription; also rebuilds them from zero. */
export class ProjectionRunner {
  private readonly projections: Projection[];
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  /** Committed checkpoints of this runner's projections, as this process last saw them. */
  private readonly checkpoints = new Map<ProjectionName, number>();
  private subscription: Subscription | null = null;
  private pump: Promise<void> | null = null;
  private worker: Promise<void> | null = null;
  private running = false;
  private buffer: RecordedEvent[] = [];
  private wakeWorker: (() => void) | null = null;
  private wakePump: (() => void) | null = null;
  private progressWaiters: (() => void)[] = [];
  /** The last error of a batch (cleared by the next commit): for /health. */
  lastError: Error | null = null;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.projections = projectionsFor(options.names);
    this.batchSize = options.batchSize ?? 500;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 5000;
  }

  /** The projections this runner feeds. */
  get names(): ProjectionName[] {
    return this.projections.map((p) => p.name);
  }

  /** Creates missing tables, loads the checkpoints and subscribes from the lowest one; does not wait for catch-up. */
  async start(): Promise<void> {
    if (this.running) return;
    const db = this.options.readModels.db;
    await migrateReadModels(db);
    const stored = await loadCheckpoints(db);
    this.checkpoints.clear();
    for (const p of this.projections) if (stored.has(p.name)) this.checkpoints.set(p.name, stored.get(p.name)!);
    const from = this.lowestCheckpoint();
    this.running = true;
    this.buffer = [];
    this.subscription = this.options.store.subscribe(from === null ? {} : { fromCheckpoint: from });
    this.pump = this.runPump(this.subscription);
    this.worker = this.runWorker();
  }

  /** Stops after the batch in flight; events received but not applied are simply read again at the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeWorker?.();
    this.wakePump?.();
    await this.subscription?.close();
    await Promise.all([this.pump, this.worker]);
    this.subscription = null;
    this.pump = this.worker = null;
    this.buffer = [];
    this.notifyProgress();
  }

  /** Events behind the head, per projection (head position minus its stored checkpoint). */
  async lag(): Promise<Record<ProjectionName, number>> {
    const head = (await this.options.store.headPosition()) ?? 0;
    const stored = await loadCheckpoints(this.options.readModels.db).catch(() => new Map<string, number>());
    const out = {} as Record<ProjectionName, number>;
    for (const p of this.projections) out[p.name] = Math.max(0, head - (stored.get(p.name) ?? 0));
    return out;
  }

  /** Resolves once every projection has applied the log up to its head (checked again after, for late appends). */
  async waitForIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const head = await this.options.store.headPosition();
      if (this.options.runElsewhere) await this.reloadCheckpoints();
      while (head !== null && (this.lowestCheckpoint() ?? 0) < head) {
        if (!this.running && !this.options.runElsewhere) throw new Error('projection runner is not running');
        if (Date.now() > deadline)
          throw new Error(
            `projections not idle after ${timeoutMs} ms${this.lastError ? `: ${this.lastError.message}` : ''}`,
          );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 100);
          this.progressWaiters.push(() => (clearTimeout(timer), resolve()));
        });
        if (this.options.runElsewhere) await this.reloadCheckpoints();
      }
      if ((await this.options.store.headPosition()) === head) return;
    }
  }

  /**
   * Applies events (in log order) to the projections in one transaction, skipping for each projection the events
   * at or before its checkpoint, and moves the checkpoints to the last event's position in the same transaction.
   */
  async applyBatch(
    events: readonly RecordedEvent[],
    projections: readonly Projection[] = this.projections,
  ): Promise<void> {
    return this.applyInTransaction(events, projections, null);
  }

  /**
   * `applyBatch`; during a rebuild (`memory` given), PostgreSQL commits without waiting for the WAL flush (a
   * rebuild is restartable), and the projections may carry what they wrote from one batch to the next.
   */
  private async applyInTransaction(
    events: readonly RecordedEvent[],
    projections: readonly Projection[],
    memory: RebuildMemory | null,
  ): Promise<void> {
    const rebuilding = memory !== null;
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    const { readModels } = this.options;
    const { db, dialect } = readModels;
    const committed = await db.transaction().execute(async (trx) => {
      if (rebuilding && dialect === 'postgres') await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      // Read in the transaction (locked on PostgreSQL): another runner's commit cannot make us apply twice.
      const names = projections.map((p) => p.name);
      const rows = await trx
        .selectFrom('projection_checkpoints')
        .selectAll()
        .where('name', 'in', names)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate())
        .execute();
      const stored = new Map(rows.map((r) => [r.name, Number(r.position)]));
      const bulk = bulkWriterFor(readModels, trx, memory);
      const moved: ProjectionName[] = [];
      for (const p of projections) {
        const checkpoint = stored.get(p.name) ?? Number.MIN_SAFE_INTEGER;
        if (checkpoint >= last) continue;
        const batch = p.begin(trx, bulk);
        for (const e of events) if (e.position > checkpoint) await batch.apply(e);
        await batch.flush();
        moved.push(p.name);
      }
      await saveCheckpoints(trx, moved, last);
      return { moved, stored };
    });
    for (const p of projections) {
      const position = committed.moved.includes(p.name) ? last : committed.stored.get(p.name);
      if (position !== undefined) this.checkpoints.set(p.name, position);
    }
    this.notifyProgress();
  }

  /**
   * Drops and recreates the tables of the named read models (default: all), resets their checkpoints and replays
   * the whole log into them with readAll, `rebuildBatchSize` events per transaction. A running runner is stopped
   * during the rebuild and started again after it.
   */
  async rebuild(names?: readonly string[], onProgress?: (progress: RebuildProgress) => void): Promise<RebuildResult> {
    const projections = projectionsFor(names);
    const wasRunning = this.running;
    await this.stop();
    const { readModels } = this.options;
    const { db } = readModels;
    await migrateReadModels(db);
    await resetProjections(db, projections);
    for (const p of projections) this.checkpoints.delete(p.name);
    // Indexes the writes never read are built once at the end; SQLite skips fsyncs until then (a rebuild that
    // dies is simply run again: the checkpoints only ever cover what was committed).
    const started = performance.now();
    await dropDeferredIndexes(readModels, projections);
    const sqlite = sqliteHandleOf(readModels);
    sqlite?.exec('PRAGMA synchronous = OFF');
    let done: number;
    try {
      done = await this.replay(projections, started, onProgress);
    } finally {
      sqlite?.exec('PRAGMA synchronous = NORMAL');
    }
    for (const p of projections) await p.createTables(db);
    // The commits of the replay were not synced: make the rebuilt read models durable now.
    sqlite?.exec('PRAGMA wal_checkpoint(PASSIVE)');
    const seconds = (performance.now() - started) / 1000;
    if (wasRunning) await this.start();
    return {
      projections: projections.map((p) => p.name),
      events: done,
      seconds,
      eventsPerSecond: seconds > 0 ? done / seconds : 0,
    };
  }

  /** Replays the whole log into `projections`, `rebuildBatchSize` events per transaction; the events applied. */
  private async replay(
    projections: Projection[],
    started: number,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<number> {
    const total = (await this.options.store.headPosition()) ?? 0;
    let done = 0;
    const report = () => {
      const seconds = (performance.now() - started) / 1000;
      const eventsPerSecond = seconds > 0 ? done / seconds : 0;
      const shownTotal = Math.max(total, done);
      onProgress?.({
        done,
        total: shownTotal,
        eventsPerSecond,
        etaSeconds: eventsPerSecond > 0 ? (shownTotal - done) / eventsPerSecond : null,
      });
    };
    // Reading the next chunk overlaps writing the previous one (PostgreSQL round trips leave the CPU idle).
    let writing: Promise<void> = Promise.resolve();
    let failed: unknown = null;
    const memory: RebuildMemory = new Map();
    const write = (chunk: RecordedEvent[]) => {
      writing = writing.then(async () => {
        if (failed) return;
        await this.applyInTransaction(chunk, projections, memory).catch((error: unknown) => void (failed = error));
        if (failed) return;
        done += chunk.length;
        report();
      });
    };
    let chunk: RecordedEvent[] = [];
    for await (const e of this.options.store.readAll()) {
      chunk.push(inCurrentShape(e));
      if (chunk.length >= this.rebuildBatchSize) {
        await writing;
        if (failed) break;
        write(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) write(chunk);
    await writing;
    if (failed) throw failed;
    report();
    return done;
  }

  /** The lowest checkpoint of this runner's projections; null when one has none (it starts from the log's start). */
  /** The checkpoints as stored (another process moves them). */
  private async reloadCheckpoints(): Promise<void> {
    const stored = await loadCheckpoints(this.options.readModels.db);
    for (const p of this.projections) if (stored.has(p.name)) this.checkpoints.set(p.name, stored.get(p.name)!);
  }

  private lowestCheckpoint(): number | null {
    let lowest: number | null = null;
    for (const p of this.projections) {
      const c = this.checkpoints.get(p.name);
      if (c === undefined) return null;
      lowest = lowest === null ? c : Math.min(lowest, c);
    }
    return lowest;
  }

  /** Reads the subscription into the buffer; waits while the buffer holds two batches (backpressure). */
  private async runPump(subscription: Subscription): Promise<void> {
    try {
      for await (const msg of subscription) {
        if (!this.running) break;
        // Projections read every event under its current name and shape (stored bytes stay as they were).
        if (msg.kind === 'event') this.buffer.push(inCurrentShape(msg.event));
        this.wakeWorker?.();
        while (this.running && this.buffer.length >= 2 * this.batchSize)
          await new Promise<void>((r) => (this.wakePump = r));
      }
    } catch (error) {
      if (this.running) this.fail(error);
    }
  }

  /** Applies what the buffer holds, a batch at a time, retrying a failed batch with backoff. */
  private async runWorker(): Promise<void> {
    let backoff = 50;
    while (this.running) {
      if (this.buffer.length === 0) {
        await new Promise<void>((r) => (this.wakeWorker = r));
        this.wakeWorker = null;
        continue;
      }
      const batch = this.buffer.slice(0, this.batchSize);
      try {
        await this.applyBatch(batch);
        this.buffer.splice(0, batch.length);
        this.lastError = null;
        backoff = 50;
        this.wakePump?.();
      } catch (error) {
        this.fail(error);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private fail(error: unknown): void {
    this.lastError = error instanceof Error ? error : new Error(String(error));
    this.options.onError?.(this.lastError);
  }

  private notifyProgress(): void {
    const waiters = this.progressWaiters;
    this.progressWaiters = [];
    for (const w of waiters) w();
  }
}
