/**
 * A rebuild in partitions (issue 16), on SQLite (a temp file) and PostgreSQL (a fresh schema, dropped after): on a
 * store simulated from several examples (UC and titular streams, reallocations dated across streams), 2 and 3
 * partitions running at once give the read models of the unpartitioned rebuild, table by table, row by row; a
 * partition that dies resumes from its own checkpoint; a live runner waits while the partitions run and then goes
 * on from their common checkpoint.
 *
 * The partitions run as concurrent runners in this process: on PostgreSQL each with a pool of its own; on SQLite
 * sharing one connection (node:sqlite waits for a lock synchronously, so two connections in one thread would wait
 * on each other; separate processes each have their own, see bench:projections).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type RecordedEvent } from '@compensa/event-store';
// A test of the read models built by the simulation (the command side lives above this lib).
import { runSimulation } from '../../application/src/simulation/run-simulation';
import {
  ALL_PROJECTIONS,
  generatorFlowsProjection,
  loadCheckpoints,
  openReadModels,
  partitionOf,
  ProjectionRunner,
  type PartitionRebuildResult,
  type Partitioning,
  type ReadModelStore,
} from './index';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const SCENARIOS = ['06-troca-de-titularidade', '07-cooperativa-50-membros', '09-matriz-e-filiais-encerramento'];

const tmp = mkdtempSync(join(tmpdir(), 'compensa-partitions-'));
const whole = join(tmp, 'whole');

function lines(name: string): string[] {
  return readFileSync(join(EXAMPLES, `${name}.jsonl`), 'utf8').split('\n');
}

function openStore(dir: string): SqliteEventStore {
  return new SqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 5 });
}

async function readAll(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

/** Every projection table, rows sorted: what "the same read model" means. */
async function dump(rm: ReadModelStore): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ALL_PROJECTIONS.flatMap((p) => p.tables)) {
    const rows = await rm.db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

beforeAll(async () => {
  mkdirSync(whole);
  await runSimulation(SCENARIOS.flatMap(lines), { dataDir: whole });
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Dialect = 'sqlite' | 'postgres';

describe.each<Dialect>(['sqlite', 'postgres'])('rebuild in partitions on %s', (dialect) => {
  const opened: ReadModelStore[] = [];

  /** A fresh read-model database, and a way to open more connections to it (one per partition). */
  async function freshReadModels(): Promise<{ rm: ReadModelStore; another: () => Promise<ReadModelStore> }> {
    if (dialect === 'sqlite') {
      const rm = await openReadModels(`sqlite:${join(tmp, `rm-${randomUUID()}.db`)}`);
      opened.push(rm);
      return { rm, another: async () => rm };
    }
    const schema = `rm_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const open = async () => {
      const rm = await openReadModels(PG_URL, { schema, poolSize: 2 });
      opened.push(rm);
      return rm;
    };
    return { rm: await open(), another: open };
  }

  afterAll(async () => {
    // Each schema once; the other pools on it just close.
    const dropped = new Set<string | null>();
    for (const rm of opened.reverse()) {
      const drop = !dropped.has(rm.schema);
      dropped.add(rm.schema);
      await rm.close({ dropSchema: drop }).catch(() => undefined);
    }
  });

  async function unpartitioned(store: SqliteEventStore): Promise<Record<string, string[]>> {
    const { rm } = await freshReadModels();
    await new ProjectionRunner({ store, readModels: rm }).rebuild();
    return dump(rm);
  }

  it.each([2, 3])(
    'ISSUE16: %i partitions running at once equal the unpartitioned rebuild, table by table, row by row',
    async (count) => {
      const store = openStore(whole);
      try {
        const events = await readAll(store);
        const head = events.at(-1)!.position;
        // Every partition has streams of its own (else the test would show nothing).
        expect(new Set(events.map((e) => partitionOf(e, count))).size).toBe(count);
        expect(events.some((e) => e.type === 'HeldCreditsReceived')).toBe(true);
        const expected = await unpartitioned(store);

        const { rm, another } = await freshReadModels();
        const results = await Promise.all(
          Array.from({ length: count }, async (_, index) => {
            const readModels = index === 0 ? rm : await another();
            // Small batches: the partitions interleave many times, and carry state between batches.
            const runner = new ProjectionRunner({ store, readModels, rebuildBatchSize: 7 });
            return runner.rebuildPartition(undefined, { index, count });
          }),
        );
        expect(results.filter((r) => r.finished)).toHaveLength(1);
        expect(results.map((r) => r.events)).toEqual(results.map(() => events.length));

        const rebuilt = await dump(rm);
        for (const table of Object.keys(expected))
          expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: expected[table] });
        expect(rebuilt.uc_state.length).toBeGreaterThan(50);
        expect(rebuilt.credit_history.length).toBeGreaterThan(0);
        // One checkpoint per projection, at the head: a live runner goes on from there.
        expect(Object.fromEntries(await loadCheckpoints(rm.db))).toEqual(
          Object.fromEntries(ALL_PROJECTIONS.map((p) => [p.name, head])),
        );
        expect(await rm.db.selectFrom('projection_rebuild_plan').selectAll().execute()).toEqual([]);
      } finally {
        await store.close();
      }
    },
  );

  it.each([
    [3, [2, 1, 0]],
    [3, [0, 2, 1]],
  ])(
    'ISSUE16: %i partitions run one after another (order %j) equal it too: each dates its events from the whole log',
    async (count, order) => {
      const store = openStore(whole);
      try {
        const expected = await unpartitioned(store);
        const { rm } = await freshReadModels();
        const results: PartitionRebuildResult[] = [];
        for (const index of order)
          results.push(
            await new ProjectionRunner({ store, readModels: rm }).rebuildPartition(undefined, { index, count }),
          );
        expect(results.map((r) => r.finished)).toEqual([false, false, true]);
        expect(await dump(rm)).toEqual(expected);
      } finally {
        await store.close();
      }
    },
  );

  it('ISSUE16: a projection kept whole is applied by partition 0 alone, and equals it too', async () => {
    const store = openStore(whole);
    // No projection needs it today: generator_flows stands in for one whose rows would mix streams.
    const flows = generatorFlowsProjection as { partitioning: Partitioning };
    try {
      const expected = await unpartitioned(store);
      flows.partitioning = 'whole';
      const { rm } = await freshReadModels();
      const partition = (index: number) =>
        new ProjectionRunner({ store, readModels: rm, rebuildBatchSize: 7 }).rebuildPartition(['generator_flows'], {
          index,
          count: 2,
        });
      // Partition 1 first: it applies nothing of a whole projection (its checkpoint moves all the same).
      expect(await partition(1)).toMatchObject({ finished: false });
      expect((await dump(rm)).generator_flow).toEqual([]);
      expect(await partition(0)).toMatchObject({ finished: true });
      expect((await dump(rm)).generator_flow_part).toEqual(expected.generator_flow_part);
      expect((await dump(rm)).generator_flow).toEqual(expected.generator_flow);
      expect(expected.generator_flow.length).toBeGreaterThan(0);
    } finally {
      flows.partitioning = 'by-owner';
      await store.close();
    }
  });

  it('ISSUE16: a partition that dies resumes from its own checkpoint, and the rebuild then equals the unpartitioned one', async () => {
    const store = openStore(whole);
    try {
      const head = (await store.headPosition())!;
      const expected = await unpartitioned(store);
      const { rm, another } = await freshReadModels();
      const partition = (index: number) => ({ index, count: 2 });

      // Partition 1 dies after its third committed batch.
      let batches = 0;
      const dying = new ProjectionRunner({ store, readModels: await another(), rebuildBatchSize: 11 });
      await expect(
        dying.rebuildPartition(undefined, partition(1), () => {
          if (++batches === 3) throw new Error('killed');
        }),
      ).rejects.toThrow('killed');
      const stored = await loadCheckpoints(rm.db);
      const died = stored.get('uc_balance#1/2')!;
      expect(died).toBeGreaterThan(0);
      expect(died).toBeLessThan(head);
      for (const p of ALL_PROJECTIONS) expect(stored.get(`${p.name}#1/2`)).toBe(died);

      // Partition 0 runs to the end: it cannot finish alone.
      const first = await new ProjectionRunner({ store, readModels: rm, rebuildBatchSize: 11 }).rebuildPartition(
        undefined,
        partition(0),
      );
      expect(first).toMatchObject({ resumedAfter: null, finished: false, events: head });
      expect((await loadCheckpoints(rm.db)).has('uc_balance')).toBe(false);

      // Run again (a new process would be a new runner): from its checkpoint, and it finishes the rebuild.
      const again: PartitionRebuildResult = await new ProjectionRunner({
        store,
        readModels: await another(),
        rebuildBatchSize: 11,
      }).rebuildPartition(undefined, partition(1));
      expect(again).toMatchObject({ resumedAfter: died, finished: true, events: head - died });
      expect(await dump(rm)).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it('ISSUE16: a live runner waits while partitions rebuild, then goes on from their checkpoint with the new events', async () => {
    const dir = join(tmp, `live-${dialect}`);
    mkdirSync(dir);
    await runSimulation(lines('06-troca-de-titularidade'), { dataDir: dir });
    const store = openStore(dir);
    const { rm, another } = await freshReadModels();
    const live = new ProjectionRunner({ store, readModels: await another(), batchSize: 5 });
    try {
      const runners = [0, 1].map(async () => new ProjectionRunner({ store, readModels: await another() }));
      await (await runners[0]).preparePartitions(undefined, 2);
      await live.start();
      await expect(live.waitForIdle(300)).rejects.toThrow('rebuild in partitions under way');
      const results = await Promise.all(
        runners.map(async (r, index) => (await r).rebuildPartition(undefined, { index, count: 2 })),
      );
      expect(results.filter((r) => r.finished)).toHaveLength(1);
      // More commands after the rebuild (another writer on the same log): the live runner applies them on top of
      // the partitions' rows.
      await runSimulation(lines('07-cooperativa-50-membros'), { dataDir: dir });
      await live.waitForIdle(20_000);
      expect(await dump(rm)).toEqual(await unpartitioned(store));
    } finally {
      await live.stop();
      await store.close();
    }
  });
});
