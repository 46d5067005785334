/**
 * A read model written in an older shape of its tables (before a column or a key changed) is dropped and replayed at
 * the next start, by itself: tables are only ever created when missing, so without this an upgraded data directory
 * would keep the old table and every write of the new shape would fail.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateReadModels } from './migrations';
import { loadCheckpoints } from './projection-checkpoints';
import { PROJECTION_SCHEMA_VERSIONS } from './projection-schema-versions';
import { openReadModels, type ReadModelStore } from './read-model-store';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe.each(['sqlite', 'postgres'] as const)('read models in an older shape, on %s', (dialect) => {
  const tmp = mkdtempSync(join(tmpdir(), 'compensa-schema-versions-'));
  let rm: ReadModelStore;
  let schema: string | undefined;

  beforeEach(async () => {
    schema = dialect === 'sqlite' ? undefined : `sv_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    rm =
      dialect === 'sqlite'
        ? await openReadModels(`sqlite:${join(tmp, `rm-${randomUUID()}.db`)}`)
        : await openReadModels(PG_URL, { schema, poolSize: 2 });
    await migrateReadModels(rm.db);
    // Every projection has been fed up to position 40.
    await rm.db
      .insertInto('projection_checkpoints')
      .values(Object.keys(PROJECTION_SCHEMA_VERSIONS).map((name) => ({ name, position: 40 })))
      .execute();
  });
  afterEach(() => rm.close(dialect === 'postgres' ? { dropSchema: true } : {}));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  // Introspection lists every schema of the database: another test's (or a killed run's) tables must not answer.
  const columnsOf = async (table: string) =>
    (await rm.db.introspection.getTables())
      .find((t) => t.name === table && t.schema === schema)
      ?.columns.map((c) => c.name) ?? [];

  it('R23 a directory from before the version table: every projection whose shape changed since (uc_balance, uc_statement, titular_holdings, invoices) starts again from the log, the rest keep their place', async () => {
    // As the previous landing left it: no version table, and uc_credit without its cohort column.
    await rm.db.schema.dropTable('projection_schema').execute();
    await rm.db.schema.dropTable('uc_credit').execute();
    await sql`CREATE TABLE uc_credit (uc_id text NOT NULL, vintage text NOT NULL, posto text NOT NULL,
      gd_class text NOT NULL, source_uc_id text NOT NULL, wh bigint NOT NULL)`.execute(rm.db);
    expect(await columnsOf('uc_credit')).not.toContain('cohort');

    expect((await migrateReadModels(rm.db)).sort()).toEqual([
      'invoices',
      'titular_holdings',
      'uc_balance',
      'uc_statement',
    ]);

    expect(await columnsOf('uc_credit')).toContain('cohort');
    const checkpoints = await loadCheckpoints(rm.db);
    expect(checkpoints.has('uc_balance')).toBe(false);
    expect(checkpoints.has('uc_statement')).toBe(false);
    expect(checkpoints.has('titular_holdings')).toBe(false);
    expect(checkpoints.has('invoices')).toBe(false);
    for (const name of ['generator_flows', 'invoice_shares']) expect(checkpoints.get(name)).toBe(40);
    const versions = await rm.db.selectFrom('projection_schema').selectAll().execute();
    expect(Object.fromEntries(versions.map((v) => [v.name, Number(v.version)]))).toEqual(PROJECTION_SCHEMA_VERSIONS);
  });

  it('a read model in its current shape is left as it is, start after start', async () => {
    expect(await migrateReadModels(rm.db)).toEqual([]);
    expect(await migrateReadModels(rm.db)).toEqual([]);
    const checkpoints = await loadCheckpoints(rm.db);
    for (const name of Object.keys(PROJECTION_SCHEMA_VERSIONS)) expect(checkpoints.get(name)).toBe(40);
  });

  it('a projection whose version went up is replayed, and only its partitions checkpoints go with it', async () => {
    await rm.db.insertInto('projection_checkpoints').values({ name: 'invoices#0/2', position: 30 }).execute();
    await rm.db.updateTable('projection_schema').set({ version: 0 }).where('name', '=', 'invoices').execute();
    await migrateReadModels(rm.db);
    const checkpoints = await loadCheckpoints(rm.db);
    expect(checkpoints.has('invoices')).toBe(false);
    expect(checkpoints.has('invoices#0/2')).toBe(false);
    expect(checkpoints.get('invoice_shares')).toBe(40);
    expect(checkpoints.get('uc_balance')).toBe(40);
  });
});

describe.each(['sqlite', 'postgres'] as const)(
  'read models in an older shape that fed nothing yet, on %s',
  (dialect) => {
    it('R23 an empty uc_credit without the cohort column is recreated too (no checkpoint does not mean no tables)', async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'compensa-schema-empty-'));
      const schema = dialect === 'sqlite' ? undefined : `sv_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const rm =
        dialect === 'sqlite'
          ? await openReadModels(`sqlite:${join(tmp, 'rm.db')}`)
          : await openReadModels(PG_URL, { schema, poolSize: 2 });
      try {
        await migrateReadModels(rm.db);
        await rm.db.schema.dropTable('projection_schema').execute();
        await rm.db.schema.dropTable('uc_credit').execute();
        await sql`CREATE TABLE uc_credit (uc_id text NOT NULL, vintage text NOT NULL, posto text NOT NULL,
        gd_class text NOT NULL, source_uc_id text NOT NULL, wh bigint NOT NULL)`.execute(rm.db);
        await migrateReadModels(rm.db);
        const columns = (await rm.db.introspection.getTables()).filter(
          (t) => t.name === 'uc_credit' && t.schema === schema,
        );
        expect(columns).toHaveLength(1);
        expect(columns.some((t) => t.columns.some((c) => c.name === 'cohort'))).toBe(true);
      } finally {
        await rm.close(dialect === 'postgres' ? { dropSchema: true } : {});
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  },
);

describe('instances starting at once on a fresh PostgreSQL schema', () => {
  it('five migrations at once, each its own pool: every one succeeds and the tables exist once', async () => {
    const schema = `sv_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const stores = await Promise.all(Array.from({ length: 5 }, () => openReadModels(PG_URL, { schema, poolSize: 1 })));
    try {
      await Promise.all(stores.map((rm) => migrateReadModels(rm.db)));
      const versions = await stores[0].db.selectFrom('projection_schema').selectAll().execute();
      expect(Object.fromEntries(versions.map((v) => [v.name, Number(v.version)]))).toEqual(PROJECTION_SCHEMA_VERSIONS);
    } finally {
      await stores[0].close({ dropSchema: true });
      await Promise.all(stores.slice(1).map((rm) => rm.close()));
    }
  });
});
