/**
 * Runs the projections: one catch-up subscription for all of them, per-projection checkpoints in
 * `projection_checkpoints`, moved in the same transaction as the rows (so an event applied twice changes nothing).
 * Events are applied in batches (up to `batchSize`, or whatever arrived while the previous batch was committing),
 * one transaction per batch.
 */
import { inCurrentShape } from '@compensa/domain';
import type { EventStore, RecordedEvent, Subscription } from '@compensa/event-store';
import { migrateReadModels, resetInTransaction, resetProjections } from './migrations';
import type { Projection, ProjectionName } from './projection';
import { loadCheckpoints, saveCheckpoints } from './projection-checkpoints';
import { projectionsFor } from './projections/all-projections';
import { PartitionBulkWriter, type RebuildMemory } from './bulk-writer';
import { bulkWriterFor, sqliteHandleOf, type ReadModelStore } from './read-model-store';
import {
  loadPlans,
  lockPlans,
  partitionCheckpointName,
  partitionOf,
  type RebuildPartition,
  type RebuildPlan,
} from './rebuild-partitions';
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
  /** Told, at start, of read models written in an older shape of their tables: reset, replayed from the log. */
  onReset?: (names: readonly ProjectionName[]) => void;
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

/** What a partition's rebuild did; `finished` when it was the last partition and finished the rebuild. */
export interface PartitionRebuildResult extends RebuildResult {
  partition: RebuildPartition;
  /** The position the partition resumed after (null: it started from the log's start). */
  resumedAfter: number | null;
  finished: boolean;
}

const MAX_BACKOFF_MS = 5000;

/** The PostgreSQL advisory lock that partitions preparing at once take (any fixed number; "part" in ASCII). */
const PREPARE_LOCK_KEY = 0x70617274;

/** How long a SQLite partition waits for the others' write transactions (they serialize on its one writer). */
const PARTITION_BUSY_TIMEOUT_MS = 120_000;

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
    const reset = await migrateReadModels(db);
    if (reset.length > 0) this.options.onReset?.(reset);
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
      // A projection being rebuilt in partitions is theirs until they finish: this batch waits (it is retried).
      const planned = [...(await loadPlans(trx, names)).keys()];
      if (planned.length > 0)
        throw new Error(`${planned.join(', ')}: rebuild in partitions under way; waiting for it to finish`);
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
      const memory: RebuildMemory = new Map();
      const total = (await this.options.store.headPosition()) ?? 0;
      done = await this.replay(
        (chunk) => this.applyInTransaction(chunk, projections, memory),
        { from: null, target: null, total },
        started,
        onProgress,
      );
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

  /**
   * Makes the plan of a rebuild in `count` partitions of the named read models (default: all): drops and recreates
   * their tables, forgets their checkpoints, drops their deferred indexes and sets the target (the log's head now).
   * With `join`, an existing plan of the same partition count is kept as it is (a partition started or restarted
   * alongside the others: it resumes); without, any plan is replaced (a fresh rebuild). Once, under a lock.
   */
  async preparePartitions(
    names: readonly string[] | undefined,
    count: number,
    options: { join?: boolean } = {},
  ): Promise<RebuildPlan[]> {
    const projections = projectionsFor(names);
    const { readModels } = this.options;
    const { db, dialect } = readModels;
    const target = (await this.options.store.headPosition()) ?? 0;
    // SQLite: each CREATE is its own transaction, waiting for the writer (inside ours, it would read before writing).
    if (dialect === 'sqlite') await migrateReadModels(db);
    const plans = await db.transaction().execute(async (trx) => {
      // Partitions starting at once on PostgreSQL: CREATE TABLE IF NOT EXISTS is not safe against itself.
      if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PREPARE_LOCK_KEY})`.execute(trx);
      if (dialect === 'postgres') await migrateReadModels(trx);
      await lockPlans(trx, dialect);
      const existing = await loadPlans(
        trx,
        projections.map((p) => p.name),
      );
      if (options.join && existing.size > 0) {
        const plans = projections.map((p) => existing.get(p.name));
        if (plans.every((plan) => plan?.partitions === count)) return plans as RebuildPlan[];
        throw new Error(
          `another partitioned rebuild is under way for ${[...existing.keys()].join(', ')} (${[...existing.values()].map((p) => `${p.partitions} partitions`).join(', ')}); run it with the same read models and partition count, or rebuild without --partition to start over`,
        );
      }
      await resetInTransaction(trx, projections);
      for (const p of projections)
        for (const index of p.deferredIndexes ?? []) await trx.schema.dropIndex(index).ifExists().execute();
      const fresh = projections.map((p) => ({ name: p.name, partitions: count, target }));
      await trx.insertInto('projection_rebuild_plan').values(fresh).execute();
      return fresh;
    });
    for (const p of projections) this.checkpoints.delete(p.name);
    return plans;
  }

  /**
   * Rebuilds partition `partition` of the named read models (default: all): joins the plan under way or makes one
   * (`preparePartitions` with `join`), replays the log after the partition's own checkpoint up to the plan's target,
   * applying the events of its streams (and, to a projection that asks, showing it the others': `observe`), and
   * moves its checkpoints `<projection>#i/N` with its rows. The partition that completes last finishes the rebuild
   * (`finishPartitions`). Run the N partitions at once, each in its own process (or runner); a partition that died
   * is run again and resumes from its checkpoint. A running runner is stopped during it and started again after.
   */
  async rebuildPartition(
    names: readonly string[] | undefined,
    partition: RebuildPartition,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<PartitionRebuildResult> {
    const projections = projectionsFor(names);
    const wasRunning = this.running;
    await this.stop();
    const { readModels } = this.options;
    const plans = await this.preparePartitions(names, partition.count, { join: true });
    const target = Math.min(...plans.map((p) => p.target));
    if (plans.some((p) => p.target !== target)) throw new Error('the plans of these read models differ in target');
    const stored = await loadCheckpoints(readModels.db);
    const own = projections.map((p) => stored.get(partitionCheckpointName(p.name, partition)));
    const resumedAfter = own.some((c) => c === undefined) ? null : Math.min(...(own as number[]));
    const started = performance.now();
    const sqlite = sqliteHandleOf(readModels);
    // SQLite has one writer: the partitions' transactions queue for it (the CPU of reading and evolving overlaps).
    // Partitions in one process may share the connection: its settings change only between transactions.
    const pragma = (text: string) => (sqlite && !sqlite.isTransaction ? sqlite.exec(text) : undefined);
    pragma('PRAGMA synchronous = OFF');
    pragma(`PRAGMA busy_timeout = ${PARTITION_BUSY_TIMEOUT_MS}`);
    let done: number;
    try {
      // What a replay carries between batches holds only for rows it wrote from the start: not after a restart.
      const memory: RebuildMemory | null = resumedAfter === null ? new Map() : null;
      done = await this.replay(
        (chunk) => this.applyPartitionBatch(chunk, projections, partition, memory),
        { from: resumedAfter, target, total: target },
        started,
        onProgress,
      );
    } finally {
      pragma('PRAGMA synchronous = NORMAL');
      pragma('PRAGMA busy_timeout = 5000');
    }
    const finished = await this.finishPartitions(names);
    const seconds = (performance.now() - started) / 1000;
    if (wasRunning) await this.start();
    return {
      projections: projections.map((p) => p.name),
      events: done,
      seconds,
      eventsPerSecond: seconds > 0 ? done / seconds : 0,
      partition,
      resumedAfter,
      finished,
    };
  }

  /**
   * Finishes a rebuild in partitions once every partition reached the target: the projections mend what the
   * partitions kept apart (`Projection.finishPartitions`), their checkpoints become the target (so a live runner
   * goes on from there), the partition checkpoints and the plan go, and the deferred indexes are built; in one
   * transaction, under the plan's lock. False when a partition is not done yet, or when there is nothing to finish
   * (another partition finished it).
   */
  async finishPartitions(names?: readonly string[]): Promise<boolean> {
    const projections = projectionsFor(names);
    const { readModels } = this.options;
    const { db, dialect } = readModels;
    const finished = await db.transaction().execute(async (trx) => {
      await lockPlans(trx, dialect);
      const plans = await loadPlans(
        trx,
        projections.map((p) => p.name),
      );
      if (plans.size < projections.length) return false;
      const stored = new Map(
        (await trx.selectFrom('projection_checkpoints').selectAll().execute()).map((r) => [r.name, Number(r.position)]),
      );
      for (const p of projections) {
        const plan = plans.get(p.name)!;
        for (let index = 0; index < plan.partitions; index++) {
          const name = partitionCheckpointName(p.name, { index, count: plan.partitions });
          if (stored.get(name) !== plan.target) return false;
        }
      }
      for (const p of projections) {
        await p.finishPartitions?.(trx);
        await trx.deleteFrom('projection_checkpoints').where('name', 'like', `${p.name}#%`).execute();
        await p.createTables(trx);
      }
      for (const p of projections) await saveCheckpoints(trx, [p.name], plans.get(p.name)!.target);
      await trx
        .deleteFrom('projection_rebuild_plan')
        .where(
          'name',
          'in',
          projections.map((p) => p.name),
        )
        .execute();
      return true;
    });
    const sqlite = sqliteHandleOf(readModels);
    if (finished && sqlite && !sqlite.isTransaction) sqlite.exec('PRAGMA wal_checkpoint(PASSIVE)');
    return finished;
  }

  /**
   * One transaction of a partition: for each projection, the events after the partition's checkpoint, applied when
   * the partition owns them (observed otherwise), the shared sums written last, and the partition's checkpoints
   * moved to the chunk's last position.
   */
  private async applyPartitionBatch(
    events: readonly RecordedEvent[],
    projections: readonly Projection[],
    partition: RebuildPartition,
    memory: RebuildMemory | null,
  ): Promise<void> {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    const { readModels } = this.options;
    const { db, dialect } = readModels;
    const owned = events.map((e) => partitionOf(e, partition.count) === partition.index);
    await db.transaction().execute(async (trx) => {
      const names = projections.map((p) => partitionCheckpointName(p.name, partition));
      if (dialect === 'postgres') await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      // SQLite: take the write lock before reading (a transaction that read first cannot wait for it).
      else
        await trx
          .updateTable('projection_checkpoints')
          .set((eb) => ({ position: eb.ref('position') }))
          .where('name', 'in', names)
          .execute();
      const rows = await trx
        .selectFrom('projection_checkpoints')
        .selectAll()
        .where('name', 'in', names)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate())
        .execute();
      const stored = new Map(rows.map((r) => [r.name, Number(r.position)]));
      const bulk = new PartitionBulkWriter(bulkWriterFor(readModels, trx, memory), partition);
      const moved: string[] = [];
      for (const p of projections) {
        const name = partitionCheckpointName(p.name, partition);
        const checkpoint = stored.get(name) ?? Number.MIN_SAFE_INTEGER;
        if (checkpoint >= last) continue;
        moved.push(name);
        const whole = p.partitioning === 'whole';
        if (whole && partition.index !== 0) continue;
        const batch = p.begin(trx, bulk);
        for (let i = 0; i < events.length; i++) {
          const e = events[i];
          if (e.position <= checkpoint) continue;
          if (whole || owned[i]) await batch.apply(e);
          else batch.observe?.(e);
        }
        await batch.flush();
      }
      await bulk.writeShared();
      await saveCheckpoints(trx, moved, last);
    });
  }

  /**
   * Reads the log after `from` (all of it when null) up to `target` (the end when null), `rebuildBatchSize` events a
   * chunk, and hands each chunk to `apply`; the events read.
   */
  private async replay(
    apply: (chunk: RecordedEvent[]) => Promise<void>,
    range: { from: number | null; target: number | null; total: number },
    started: number,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<number> {
    const { total, target } = range;
    const skipped = range.from ?? 0;
    let done = 0;
    const report = () => {
      const seconds = (performance.now() - started) / 1000;
      const eventsPerSecond = seconds > 0 ? done / seconds : 0;
      const shownTotal = Math.max(total, skipped + done);
      onProgress?.({
        done: skipped + done,
        total: shownTotal,
        eventsPerSecond,
        etaSeconds: eventsPerSecond > 0 ? (shownTotal - skipped - done) / eventsPerSecond : null,
      });
    };
    // Reading the next chunk overlaps writing the previous one (PostgreSQL round trips leave the CPU idle).
    let writing: Promise<void> = Promise.resolve();
    let failed: unknown = null;
    const write = (chunk: RecordedEvent[]) => {
      writing = writing.then(async () => {
        if (failed) return;
        await apply(chunk).catch((error: unknown) => void (failed = error));
        if (failed) return;
        done += chunk.length;
        report();
      });
    };
    let chunk: RecordedEvent[] = [];
    const events = this.options.store.readAll(range.from === null ? {} : { fromPosition: range.from + 1 });
    for await (const e of events) {
      if (target !== null && e.position > target) break;
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
