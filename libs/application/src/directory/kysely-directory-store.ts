import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import type { Lease } from '../platform-state/consumer-leases';
import { assertLeaseHeld } from '../platform-state/lease-fence';
import type { PlatformStateDatabase } from '../platform-state/platform-state-database';
import type { DirectoryStore, DirectoryUc, PendingWindow } from './directory-store';
import type { DirectoryWindowsTable } from './directory-tables';

/** What the store reads and writes: the directory's tables, and the lease its writes are fenced by (the platform state). */
export type DirectoryStoreDatabase = PlatformStateDatabase;

const WINDOW_COLUMNS = ['stream', 'from_uc_id', 'distribuidora', 'titular_key', 'deadline', 'status'] as const;

const toWindow = (r: Omit<DirectoryWindowsTable, 'seq'>): PendingWindow => ({
  stream: r.stream,
  fromUcId: r.from_uc_id,
  distribuidora: r.distribuidora,
  titularKey: r.titular_key,
  deadline: r.deadline,
  status: r.status,
});

/**
 * The SQL of the queries every applied event runs, compiled by Kysely once per dialect (compiling cost more than
 * running them on SQLite); each call binds its own parameters, in the order the compiled query has them.
 */
const compiledSql = new Map<string, string>();

/** Runs compiled SQL on the SQLite handle Kysely's connection wraps (its rows; none for a statement without any). */
export interface DirectSqlite {
  all(sql: string, parameters: readonly unknown[]): unknown[];
}

/** A row of `uc_directory` as the directory's entry. */
function ucOfRow(r: {
  uc_id: string;
  stream: string;
  distribuidora: string;
  titular_key: string;
  status: DirectoryUc['status'];
  billed_as_group_b: number | boolean;
  registered_at: string;
  readings: string;
}): DirectoryUc {
  return {
    ucId: r.uc_id,
    stream: r.stream,
    distribuidora: r.distribuidora,
    titularKey: r.titular_key,
    status: r.status,
    billedAsGroupB: Number(r.billed_as_group_b) === 1,
    registeredAt: r.registered_at,
    readings: JSON.parse(r.readings) as DirectoryUc['readings'],
  };
}

const bySeq = (rows: { id: string; seq: number | string }[]): string[] =>
  rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map((r) => r.id);

/**
 * `DirectoryStore` on Kysely, one code path for SQLite (DATA_DIR/platform.db; the simulation's directory.db) and
 * PostgreSQL (PLATFORM_DB_URL: one directory for every instance). Its checkpoint is a row beside the directory's,
 * so a batch of events and the checkpoint it moves to commit together. With a fence, every transaction first checks
 * that the writer still holds its lease: a worker that lost it (paused, partitioned) cannot write after another took
 * over. Writes are made inside `transaction` (UcDirectory makes them so); a lone read needs none.
 */
export class KyselyDirectoryStore implements DirectoryStore {
  constructor(
    private readonly db: Kysely<DirectoryStoreDatabase>,
    private readonly dialect: 'sqlite' | 'postgres',
    /** The lease writes are made under (null: none held now, every write refused); omitted: unfenced. */
    private readonly fence?: () => Lease | null,
    private readonly inTransaction = false,
    /**
     * SQLite: the handle Kysely's connection is, for the compiled queries (`rows`) run inside a transaction (the
     * connection is then this store's alone), or while none is open: bound and run at once, without Kysely's executor
     * around each (a third of the cost of applying a reading's events, and of a cold UC's lookups). While one is open
     * (its statements awaited one by one), a lone query waits for it through Kysely, and so never reads its writes.
     */
    private readonly direct: DirectSqlite | null = null,
    /** This store's transactions open now (or waiting for the connection), shared with the stores they hand out. */
    private readonly open: { transactions: number } = { transactions: 0 },
  ) {}

  transaction<T>(fn: (store: DirectoryStore) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    this.open.transactions++;
    return this.transactionNow(fn).finally(() => this.open.transactions--);
  }

  private transactionNow<T>(fn: (store: DirectoryStore) => Promise<T>): Promise<T> {
    const lease = this.fence?.();
    const body = async (trx: Kysely<DirectoryStoreDatabase>): Promise<T> => {
      if (lease !== undefined) await assertLeaseHeld(trx, this.dialect, lease, 'directory');
      return fn(new KyselyDirectoryStore(trx, this.dialect, this.fence, true, this.direct, this.open));
    };
    if (this.dialect === 'postgres') return this.db.transaction().execute(body);
    // SQLite: BEGIN IMMEDIATE takes the write lock first, so a transaction that reads then writes never fails to
    // upgrade while another connection writes (Kysely's own BEGIN is deferred).
    return this.db.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await body(conn);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (error) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Runs `query` (built with `parameters`, in that order) from its SQL compiled once under `name`: the first call
   * compiles it and checks that the compiled query binds exactly `parameters`.
   */
  private async rows<R>(name: string, query: () => Compilable<R>, parameters: readonly unknown[]): Promise<R[]> {
    const key = `${this.dialect}:${name}`;
    let text = compiledSql.get(key);
    if (text === undefined) {
      const compiled = query().compile();
      if (compiled.parameters.length !== parameters.length || compiled.parameters.some((p, i) => p !== parameters[i]))
        throw new Error(`directory query ${name}: parameters not in the order given`);
      compiledSql.set(key, (text = compiled.sql));
    }
    if (this.direct && (this.inTransaction || this.open.transactions === 0))
      return this.direct.all(text, parameters) as R[];
    return (await this.db.executeQuery(CompiledQuery.raw(text, [...parameters]))).rows as R[];
  }

  async checkpoint(): Promise<number | null> {
    const [row] = await this.rows(
      'checkpoint',
      () => this.db.selectFrom('uc_directory_checkpoint').select('position').where('id', '=', 1),
      [1],
    );
    return row ? Number(row.position) : null;
  }

  async setCheckpoint(position: number): Promise<void> {
    await this.rows(
      'setCheckpoint',
      () =>
        this.db
          .insertInto('uc_directory_checkpoint')
          .values({ id: 1, position })
          .onConflict((oc) => oc.column('id').doUpdateSet({ position })),
      [1, position, position],
    );
  }

  async appliedRevision(stream: string): Promise<number | null> {
    const [row] = await this.rows(
      'appliedRevision',
      () => this.db.selectFrom('uc_directory_applied').select('revision').where('stream', '=', stream),
      [stream],
    );
    return row ? Number(row.revision) : null;
  }

  async appliedRevisions(streams: readonly string[]): Promise<Map<string, number>> {
    if (streams.length === 0) return new Map();
    const names = this.listParameter(streams);
    const rows = await this.rows(
      'appliedRevisions',
      () =>
        this.db.selectFrom('uc_directory_applied').select(['stream', 'revision']).where(this.inList('stream', names)),
      [names],
    );
    return new Map(rows.map((r) => [r.stream, Number(r.revision)]));
  }

  /**
   * A list as one parameter whatever its length (the compiled SQL is kept): an array on PostgreSQL, JSON on SQLite.
   */
  private listParameter(values: readonly string[]): string[] | string {
    return this.dialect === 'postgres' ? [...values] : JSON.stringify(values);
  }

  /** `column` is one of the list `listParameter` made. */
  private inList(column: 'uc_id' | 'stream', list: string[] | string) {
    return this.dialect === 'postgres'
      ? sql<boolean>`${sql.ref(column)} = any(${list})`
      : sql<boolean>`${sql.ref(column)} in (select value from json_each(${list}))`;
  }

  async setAppliedRevision(stream: string, revision: number): Promise<void> {
    await this.rows(
      'setAppliedRevision',
      () =>
        this.db
          .insertInto('uc_directory_applied')
          .values({ stream, revision })
          .onConflict((oc) => oc.column('stream').doUpdateSet({ revision })),
      [stream, revision, revision],
    );
  }

  async setAppliedRevisions(revisions: ReadonlyMap<string, number>): Promise<void> {
    if (revisions.size === 0) return;
    // One statement whatever the number of streams (the compiled SQL is kept): two arrays on PostgreSQL, one JSON
    // array of [stream, revision] on SQLite (`WHERE true`: SQLite's upsert after a SELECT needs a WHERE).
    const [rows, revisionsList] =
      this.dialect === 'postgres'
        ? [[...revisions.keys()], [...revisions.values()]]
        : [JSON.stringify([...revisions]), null];
    await this.rows(
      'setAppliedRevisions',
      () =>
        this.db
          .insertInto('uc_directory_applied')
          .columns(['stream', 'revision'])
          .expression(
            this.dialect === 'postgres'
              ? sql`select * from unnest(${rows}::text[], ${revisionsList}::bigint[])`
              : sql`select value ->> 0, value ->> 1 from json_each(${rows}) where true`,
          )
          .onConflict((oc) => oc.column('stream').doUpdateSet({ revision: (eb) => eb.ref('excluded.revision') })),
      this.dialect === 'postgres' ? [rows, revisionsList] : [rows],
    );
  }

  async getUc(ucId: string): Promise<DirectoryUc | undefined> {
    const [r] = await this.rows('getUc', () => this.selectUcs().where('uc_id', '=', ucId), [ucId]);
    return r && ucOfRow(r);
  }

  async getUcs(ucIds: readonly string[]): Promise<DirectoryUc[]> {
    if (ucIds.length === 0) return [];
    const ids = this.listParameter(ucIds);
    const rows = await this.rows('getUcs', () => this.selectUcs().where(this.inList('uc_id', ids)), [ids]);
    return rows.map(ucOfRow);
  }

  private selectUcs() {
    return this.db
      .selectFrom('uc_directory')
      .select([
        'uc_id',
        'stream',
        'distribuidora',
        'titular_key',
        'status',
        'billed_as_group_b',
        'registered_at',
        'readings',
      ]);
  }

  private async nextTitularSeq(distribuidora: string, titularKey: string): Promise<number> {
    const row = await this.db
      .selectFrom('uc_directory')
      .select((eb) => eb.fn.max('titular_seq').as('seq'))
      .where('distribuidora', '=', distribuidora)
      .where('titular_key', '=', titularKey)
      .executeTakeFirst();
    return Number(row?.seq ?? 0) + 1;
  }

  putUc(uc: DirectoryUc): Promise<void> {
    return this.transaction(async (s) => (s as KyselyDirectoryStore).putUcNow(uc));
  }

  private async putUcNow(uc: DirectoryUc): Promise<void> {
    const old = await this.db
      .selectFrom('uc_directory')
      .select(['distribuidora', 'titular_key', 'titular_seq'])
      .where('uc_id', '=', uc.ucId)
      .executeTakeFirst();
    // A UC registered again under the same titular keeps its place among the titular's UCs.
    const titularSeq =
      old && old.distribuidora === uc.distribuidora && old.titular_key === uc.titularKey
        ? Number(old.titular_seq)
        : await this.nextTitularSeq(uc.distribuidora, uc.titularKey);
    const row = {
      stream: uc.stream,
      distribuidora: uc.distribuidora,
      titular_key: uc.titularKey,
      titular_seq: titularSeq,
      status: uc.status,
      billed_as_group_b: uc.billedAsGroupB ? 1 : 0,
      registered_at: uc.registeredAt,
      readings: JSON.stringify(uc.readings),
    };
    await this.db
      .insertInto('uc_directory')
      .values({ uc_id: uc.ucId, ...row })
      .onConflict((oc) => oc.column('uc_id').doUpdateSet(row))
      .execute();
  }

  async setReadings(ucId: string, readings: DirectoryUc['readings']): Promise<void> {
    const text = JSON.stringify(readings);
    await this.rows(
      'setReadings',
      () => this.db.updateTable('uc_directory').set({ readings: text }).where('uc_id', '=', ucId),
      [text, ucId],
    );
  }

  async setStatus(ucId: string, status: DirectoryUc['status']): Promise<void> {
    await this.db.updateTable('uc_directory').set({ status }).where('uc_id', '=', ucId).execute();
  }

  setTitular(ucId: string, titularKey: string): Promise<void> {
    return this.transaction(async (s) => (s as KyselyDirectoryStore).setTitularNow(ucId, titularKey));
  }

  private async setTitularNow(ucId: string, titularKey: string): Promise<void> {
    const row = await this.db
      .selectFrom('uc_directory')
      .select('distribuidora')
      .where('uc_id', '=', ucId)
      .executeTakeFirst();
    if (!row) return;
    const titularSeq = await this.nextTitularSeq(row.distribuidora, titularKey);
    await this.db
      .updateTable('uc_directory')
      .set({ titular_key: titularKey, titular_seq: titularSeq })
      .where('uc_id', '=', ucId)
      .execute();
  }

  async ucIdsOfTitular(distribuidora: string, titularKey: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('uc_directory')
      .select('uc_id')
      .where('distribuidora', '=', distribuidora)
      .where('titular_key', '=', titularKey)
      .orderBy('titular_seq')
      .execute();
    return rows.map((r) => r.uc_id);
  }

  async addUcExpiry(ucId: string, expiresOn: string): Promise<void> {
    await this.rows(
      'addUcExpiry',
      () =>
        this.db
          .insertInto('uc_directory_expiries')
          .values({ uc_id: ucId, expires_on: expiresOn })
          .onConflict((oc) => oc.doNothing()),
      [ucId, expiresOn],
    );
  }

  async clearUcExpiries(ucId: string): Promise<void> {
    await this.db.deleteFrom('uc_directory_expiries').where('uc_id', '=', ucId).execute();
  }

  takeUcExpiries(date: string): Promise<string[]> {
    return this.transaction(async (s) => {
      const db = (s as KyselyDirectoryStore).db;
      // Through the date index: the expiries due, joined to their UCs for the registration order.
      const rows = await db
        .selectFrom('uc_directory_expiries as e')
        .innerJoin('uc_directory as u', 'u.uc_id', 'e.uc_id')
        .select(['e.uc_id as id', 'u.seq as seq'])
        .distinct()
        .where('e.expires_on', '<=', date)
        .execute();
      await db.deleteFrom('uc_directory_expiries').where('expires_on', '<=', date).execute();
      return bySeq(rows);
    });
  }

  async putWindow(w: PendingWindow): Promise<void> {
    const row = { distribuidora: w.distribuidora, titular_key: w.titularKey, deadline: w.deadline, status: w.status };
    await this.db
      .insertInto('uc_directory_windows')
      .values({ stream: w.stream, from_uc_id: w.fromUcId, ...row })
      .onConflict((oc) => oc.columns(['stream', 'from_uc_id']).doUpdateSet(row))
      .execute();
  }

  async deleteWindow(stream: string, fromUcId: string): Promise<void> {
    await this.db
      .deleteFrom('uc_directory_windows')
      .where('stream', '=', stream)
      .where('from_uc_id', '=', fromUcId)
      .execute();
  }

  async setWindowStatus(stream: string, fromUcId: string, status: PendingWindow['status']): Promise<void> {
    await this.db
      .updateTable('uc_directory_windows')
      .set({ status })
      .where('stream', '=', stream)
      .where('from_uc_id', '=', fromUcId)
      .execute();
  }

  async openWindowsBefore(date: string): Promise<PendingWindow[]> {
    const rows = await this.db
      .selectFrom('uc_directory_windows')
      .select(WINDOW_COLUMNS)
      .where('status', '=', 'open')
      .where('deadline', '<', date)
      .orderBy('seq')
      .execute();
    return rows.map(toWindow);
  }

  async heldWindowsOf(distribuidora: string, titularKey: string): Promise<PendingWindow[]> {
    const rows = await this.db
      .selectFrom('uc_directory_windows')
      .select(WINDOW_COLUMNS)
      .where('distribuidora', '=', distribuidora)
      .where('titular_key', '=', titularKey)
      .where('status', '=', 'held')
      .orderBy('seq')
      .execute();
    return rows.map(toWindow);
  }

  addHeldExpiries(stream: string, expiries: string[]): Promise<void> {
    return this.transaction(async (s) => {
      const db = (s as KyselyDirectoryStore).db;
      await db
        .insertInto('uc_directory_titular_streams')
        .values({ stream })
        .onConflict((oc) => oc.column('stream').doNothing())
        .execute();
      if (expiries.length === 0) return;
      await db
        .insertInto('uc_directory_held_expiries')
        .values([...new Set(expiries)].map((expires_on) => ({ stream, expires_on })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    });
  }

  takeHeldExpiries(date: string): Promise<string[]> {
    return this.transaction(async (s) => {
      const db = (s as KyselyDirectoryStore).db;
      const rows = await db
        .selectFrom('uc_directory_held_expiries as e')
        .innerJoin('uc_directory_titular_streams as t', 't.stream', 'e.stream')
        .select(['e.stream as id', 't.seq as seq'])
        .distinct()
        .where('e.expires_on', '<=', date)
        .execute();
      await db.deleteFrom('uc_directory_held_expiries').where('expires_on', '<=', date).execute();
      return bySeq(rows);
    });
  }

  async titularStreams(): Promise<string[]> {
    const rows = await this.db.selectFrom('uc_directory_titular_streams').select('stream').orderBy('seq').execute();
    return rows.map((r) => r.stream);
  }
}
