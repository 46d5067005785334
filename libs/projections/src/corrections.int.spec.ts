/**
 * The corrections read model on SQLite and PostgreSQL (a fresh schema, dropped after): the retificações of examples
 * 16–20 are projected, one row per ReadingCorrected; the list is newest first, pages by cursor without losing or
 * repeating one, and filters by distribuidora and by the correction's date.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@compensa/event-store';
import type { UcEvent } from '@compensa/domain';
// A test of the read models built by the simulation (the command side lives above this lib).
import { runSimulation } from '../../application/src/simulation/run-simulation';
import { domainEventOf } from './domain-event';
import {
  ALL_PROJECTIONS,
  correctionsPage,
  openReadModels,
  ProjectionRunner,
  type CorrectionFilter,
  type CorrectionListItem,
  type ReadModelStore,
} from './index';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EXAMPLES = [
  '16-retificacao-leitura',
  '17-retificacao-gerador-prioridade',
  '18-retificacao-creditos-mantidos',
  '19-retificacao-creditos-movidos',
  '20-retificacao-prazo-encerrado',
].map((name) => join(__dirname, '..', '..', '..', 'examples', `${name}.jsonl`));

const tmp = mkdtempSync(join(tmpdir(), 'compensa-corrections-'));
/** Every ReadingCorrected of the log, as the list should give it. */
const recorded: CorrectionListItem[] = [];

beforeAll(async () => {
  for (const file of EXAMPLES) await runSimulation(readFileSync(file, 'utf8').split('\n'), { dataDir: tmp });
  const store = new SqliteEventStore({ path: join(tmp, 'events.db'), pollIntervalMs: 5 });
  for await (const e of store.readAll()) {
    if (e.type !== 'ReadingCorrected') continue;
    const d = domainEventOf<Extract<UcEvent, { type: 'ReadingCorrected' }>>(e).data;
    recorded.push({
      id: d.correctionId,
      ucId: d.ucId,
      distribuidora: 'light',
      cycle: d.cycle,
      readingDate: d.readingDate,
      date: d.date,
      reason: d.reason,
      reference: d.reference,
    });
  }
  await store.close();
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Newest first: by date, then id, both descending. */
const newestFirst = (items: CorrectionListItem[]) =>
  [...items].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.id < b.id ? 1 : -1));

describe.each(['sqlite', 'postgres'] as const)('corrections read model on %s', (dialect) => {
  let rm: ReadModelStore;
  let store: SqliteEventStore;

  const opened: ReadModelStore[] = [];
  const open = async () => {
    const store =
      dialect === 'sqlite'
        ? await openReadModels(`sqlite:${join(tmp, `rm-${randomUUID()}.db`)}`)
        : await openReadModels(PG_URL, { schema: `cor_${randomUUID().replace(/-/g, '').slice(0, 16)}`, poolSize: 2 });
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    rm = await open();
    store = new SqliteEventStore({ path: join(tmp, 'events.db'), pollIntervalMs: 5 });
    await new ProjectionRunner({ store, readModels: rm, rebuildBatchSize: 4 }).rebuild();
  });

  afterAll(async () => {
    await store.close();
    for (const o of opened) await o.close({ dropSchema: true });
  });

  /** Every page of a filter, followed by its cursor. */
  async function all(filter: CorrectionFilter, limit: number): Promise<CorrectionListItem[]> {
    const items: CorrectionListItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await correctionsPage(rm.db, { ...filter, limit, cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }

  it('one row per ReadingCorrected, newest first; pages of 3 give the same list, none lost or repeated', async () => {
    // Examples 16–20 record 12 corrections (16's repeated one appends nothing, and its 2026-02 one is refused).
    expect(recorded).toHaveLength(12);
    const first = await correctionsPage(rm.db, {});
    expect(first).toEqual({ items: newestFirst(recorded), nextCursor: null });
    expect(await all({}, 3)).toEqual(newestFirst(recorded));
  });

  it("filters by distribuidora (any case the API passes is lower-cased there) and by the correction's date", async () => {
    expect(await all({ distribuidora: 'light' }, 100)).toEqual(newestFirst(recorded));
    expect(await all({ distribuidora: 'copel' }, 100)).toEqual([]);
    const june = newestFirst(recorded.filter((c) => c.date >= '2026-06-02' && c.date <= '2026-06-05'));
    expect(june.length).toBeGreaterThan(0);
    expect(june.length).toBeLessThan(recorded.length);
    expect(await all({ from: '2026-06-02', to: '2026-06-05' }, 2)).toEqual(june);
    expect(await all({ from: '2026-07-03' }, 100)).toEqual(newestFirst(recorded.filter((c) => c.date >= '2026-07-03')));
  });

  it('a cursor that is not one of its pages is a RangeError (the API answers 422)', async () => {
    await expect(correctionsPage(rm.db, { cursor: 'bm9wZQ' })).rejects.toThrow(RangeError);
  });

  it('read models built before corrections existed: the runner fills it from the log, as a rebuild does', async () => {
    const older = await open();
    const before = ALL_PROJECTIONS.filter((p) => p.name !== 'corrections').map((p) => p.name);
    await new ProjectionRunner({ store, readModels: older }).rebuild(before);
    expect(await older.db.selectFrom('correction').selectAll().execute()).toEqual([]);
    const runner = new ProjectionRunner({ store, readModels: older, batchSize: 5 });
    await runner.start();
    await runner.waitForIdle();
    await runner.stop();
    expect((await correctionsPage(older.db, {})).items).toEqual(newestFirst(recorded));
  });
});
