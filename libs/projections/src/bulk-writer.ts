/**
 * Bulk writes for the projections' hot paths, one interface over both engines: the projections describe a table
 * once (`TableSpec`) and hand over plain row objects; no query is built per batch.
 *
 * - SQLite: statements prepared once per handle (node:sqlite `DatabaseSync`, the connection Kysely's transaction is
 *   running on, so the writes are part of it), multi-row for full chunks, run synchronously.
 * - PostgreSQL: one statement per call whatever the row count, the rows passed as one array per column and turned
 *   back into rows by `unnest` (the SQL text is fixed per table: prepared once by the server, no parameter limit).
 */
import { CompiledQuery } from 'kysely';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ReadModelTransaction } from './projection';
import type { ReadModelDatabase } from './read-model-database';
import type { RebuildPartition } from './rebuild-partitions';

/** A column's PostgreSQL type, for the `unnest` casts. */
export type ColumnType = 'text' | 'bigint' | 'integer';

/** A table as a bulk statement sees it. */
export interface TableSpec<Row> {
  readonly table: keyof ReadModelDatabase;
  /** Every column written, with its type. */
  readonly columns: readonly (readonly [name: keyof Row & string, type: ColumnType])[];
  /** The conflict target (primary key). */
  readonly key: readonly (keyof Row & string)[];
  /** On conflict: `nothing`, or the columns replaced by the new row's (`set`) and added to (`add`). */
  readonly onConflict:
    'nothing' | { readonly set?: readonly (keyof Row & string)[]; readonly add?: readonly (keyof Row & string)[] };
}

/** Defines a table spec (typed against its row). */
export function tableSpec<Row>(spec: TableSpec<Row>): TableSpec<Row> {
  return spec;
}

/** A lookup of rows by one column's values (optionally aggregated per group). */
export interface LookupSpec {
  readonly table: keyof ReadModelDatabase;
  /** The select list, e.g. `*` or `uc_id, SUM(wh) AS wh`. */
  readonly select: string;
  readonly column: string;
  readonly type: ColumnType;
  /** A GROUP BY list that includes `column` (so grouping per value equals grouping over all). */
  readonly groupBy?: string;
  /** An ORDER BY list applied per value on SQLite and overall on PostgreSQL (keep it led by `column`). */
  readonly orderBy?: string;
}

/**
 * What a projection may carry from one batch to the next during a rebuild: the read models are written by this
 * replay alone, so what a batch committed is known without reading it back. Null outside a rebuild.
 */
export type RebuildMemory = Map<string, unknown>;

/** The bulk operations a projection batch uses. */
export interface BulkWriter {
  /** The rebuild's memory (one per rebuild, shared by its batches); null for live batches. */
  readonly memory: RebuildMemory | null;
  /** The partition of a partitioned rebuild this batch writes for; null otherwise. */
  readonly partition: RebuildPartition | null;
  /** INSERT … ON CONFLICT of `rows`, applied in order (a later row of the same key sees the earlier one). */
  upsert<Row>(spec: TableSpec<Row>, rows: readonly Row[]): Promise<void>;
  /** Deletes the rows whose key columns (`spec.key`) equal those of `keys`. */
  deleteKeys<Row>(spec: TableSpec<Row>, keys: readonly Row[]): Promise<void>;
  /** The rows whose `lookup.column` is one of `values`. */
  select<T>(lookup: LookupSpec, values: readonly unknown[]): Promise<T[]>;
}

function conflictClause(spec: TableSpec<unknown>, quoted: (c: string) => string): string {
  const target = spec.key.map(quoted).join(', ');
  if (spec.onConflict === 'nothing') return `ON CONFLICT (${target}) DO NOTHING`;
  const sets = [
    ...(spec.onConflict.set ?? []).map((c) => `${quoted(c)} = excluded.${quoted(c)}`),
    ...(spec.onConflict.add ?? []).map(
      (c) => `${quoted(c)} = ${quoted(spec.table)}.${quoted(c)} + excluded.${quoted(c)}`,
    ),
  ];
  return `ON CONFLICT (${target}) DO UPDATE SET ${sets.join(', ')}`;
}

const quote = (c: string) => `"${c}"`;

/** Rows per multi-row statement on SQLite (under its 32,766 parameters for every table here). */
const SQLITE_ROWS_PER_STATEMENT = 64;

/** Bulk writes on the SQLite connection itself; statements are prepared once per handle and spec. */
export class SqliteBulkWriter implements BulkWriter {
  readonly partition = null;
  private static readonly cache = new WeakMap<DatabaseSync, WeakMap<object, Map<number | string, StatementSync>>>();
  private readonly statements: WeakMap<object, Map<number | string, StatementSync>>;

  constructor(
    private readonly database: DatabaseSync,
    readonly memory: RebuildMemory | null = null,
  ) {
    let statements = SqliteBulkWriter.cache.get(database);
    if (!statements) SqliteBulkWriter.cache.set(database, (statements = new WeakMap()));
    this.statements = statements;
  }

  private prepared(owner: object, variant: number | string, sql: () => string): StatementSync {
    let byVariant = this.statements.get(owner);
    if (!byVariant) this.statements.set(owner, (byVariant = new Map()));
    let statement = byVariant.get(variant);
    if (!statement) byVariant.set(variant, (statement = this.database.prepare(sql())));
    return statement;
  }

  async upsert<Row>(spec: TableSpec<Row>, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = spec.columns.map(([c]) => c);
    const width = columns.length;
    const insert = (n: number) => () => {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      return `INSERT INTO ${quote(spec.table)} (${columns.map(quote).join(', ')}) VALUES ${Array.from({ length: n }, () => tuple).join(', ')} ${conflictClause(spec as TableSpec<unknown>, quote)}`;
    };
    const values: unknown[] = new Array(width * SQLITE_ROWS_PER_STATEMENT);
    let i = 0;
    if (rows.length >= SQLITE_ROWS_PER_STATEMENT) {
      const many = this.prepared(spec, SQLITE_ROWS_PER_STATEMENT, insert(SQLITE_ROWS_PER_STATEMENT));
      for (; i + SQLITE_ROWS_PER_STATEMENT <= rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
        let v = 0;
        for (let r = i; r < i + SQLITE_ROWS_PER_STATEMENT; r++) {
          const row = rows[r] as Record<string, unknown>;
          for (let c = 0; c < width; c++) values[v++] = row[columns[c]];
        }
        many.run(...(values as SqliteBindable[]));
      }
    }
    if (i < rows.length) {
      const one = this.prepared(spec, 1, insert(1));
      const single: unknown[] = new Array(width);
      for (; i < rows.length; i++) {
        const row = rows[i] as Record<string, unknown>;
        for (let c = 0; c < width; c++) single[c] = row[columns[c]];
        one.run(...(single as SqliteBindable[]));
      }
    }
  }

  async deleteKeys<Row>(spec: TableSpec<Row>, keys: readonly Row[]): Promise<void> {
    if (keys.length === 0) return;
    const statement = this.prepared(
      spec,
      'delete',
      () => `DELETE FROM ${quote(spec.table)} WHERE ${spec.key.map((c) => `${quote(c)} = ?`).join(' AND ')}`,
    );
    const values: unknown[] = new Array(spec.key.length);
    for (const key of keys) {
      const row = key as Record<string, unknown>;
      for (let c = 0; c < spec.key.length; c++) values[c] = row[spec.key[c]];
      statement.run(...(values as SqliteBindable[]));
    }
  }

  async select<T>(lookup: LookupSpec, values: readonly unknown[]): Promise<T[]> {
    const statement = this.prepared(
      lookup,
      'select',
      () =>
        `SELECT ${lookup.select} FROM ${quote(lookup.table)} WHERE ${quote(lookup.column)} = ?` +
        (lookup.groupBy ? ` GROUP BY ${lookup.groupBy}` : '') +
        (lookup.orderBy ? ` ORDER BY ${lookup.orderBy}` : ''),
    );
    const out: T[] = [];
    for (const value of values) for (const row of statement.all(value as SqliteBindable)) out.push(row as T);
    return out;
  }
}

type SqliteBindable = null | number | bigint | string | Uint8Array;

/** The SQL of a spec's statements on PostgreSQL, built once per spec. */
const pgSql = new WeakMap<object, string>();

function pgText(owner: object, build: () => string): string {
  let text = pgSql.get(owner);
  if (text === undefined) pgSql.set(owner, (text = build()));
  return text;
}

/** Bulk writes on PostgreSQL through the transaction's connection: one `unnest` statement per call. */
export class PostgresBulkWriter implements BulkWriter {
  readonly partition = null;
  constructor(
    private readonly trx: ReadModelTransaction,
    readonly memory: RebuildMemory | null = null,
  ) {}

  async upsert<Row>(spec: TableSpec<Row>, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const text = pgText(spec, () => {
      const columns = spec.columns.map(([c]) => quote(c)).join(', ');
      const arrays = spec.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
      return `INSERT INTO ${quote(spec.table)} (${columns}) SELECT * FROM unnest(${arrays}) ${conflictClause(spec as TableSpec<unknown>, quote)}`;
    });
    // One statement may not touch a key twice (ON CONFLICT DO UPDATE): rows are split where a key repeats, so
    // that they apply in order as they would one by one.
    for (const part of withDistinctKeys(spec, rows))
      await this.trx.executeQuery(CompiledQuery.raw(text, columnArrays(spec.columns, part)));
  }

  async deleteKeys<Row>(spec: TableSpec<Row>, keys: readonly Row[]): Promise<void> {
    if (keys.length === 0) return;
    const keyColumns = spec.key.map((k) => spec.columns.find(([c]) => c === k)!);
    const text = pgText(keyColumns, () => {
      const arrays = keyColumns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
      const names = keyColumns.map(([c]) => quote(c));
      return `DELETE FROM ${quote(spec.table)} AS t USING unnest(${arrays}) AS k(${names.join(', ')}) WHERE ${names.map((c) => `t.${c} = k.${c}`).join(' AND ')}`;
    });
    await this.trx.executeQuery(CompiledQuery.raw(text, columnArrays(keyColumns, keys)));
  }

  async select<T>(lookup: LookupSpec, values: readonly unknown[]): Promise<T[]> {
    if (values.length === 0) return [];
    const text = pgText(
      lookup,
      () =>
        `SELECT ${lookup.select} FROM ${quote(lookup.table)} WHERE ${quote(lookup.column)} = ANY($1::${lookup.type}[])` +
        (lookup.groupBy ? ` GROUP BY ${lookup.groupBy}` : '') +
        (lookup.orderBy ? ` ORDER BY ${lookup.orderBy}` : ''),
    );
    return (await this.trx.executeQuery<T>(CompiledQuery.raw(text, [values]))).rows as T[];
  }
}

/** Column-major copies of the rows: one array per column. */
function columnArrays<Row>(
  columns: readonly (readonly [keyof Row & string, ColumnType])[],
  rows: readonly Row[],
): unknown[][] {
  const out: unknown[][] = columns.map(() => new Array(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    for (let c = 0; c < columns.length; c++) out[c][r] = row[columns[c][0]];
  }
  return out;
}

/** The rows cut into runs in which no key appears twice (one run when keys are distinct, the usual case). */
function withDistinctKeys<Row>(spec: TableSpec<Row>, rows: readonly Row[]): (readonly Row[])[] {
  const parts: (readonly Row[])[] = [];
  let seen = new Set<string>();
  let start = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    let key = '';
    for (const k of spec.key) key += `${String(row[k])}\u0000`;
    if (seen.has(key)) {
      parts.push(rows.slice(start, r));
      start = r;
      seen = new Set();
    }
    seen.add(key);
  }
  parts.push(start === 0 ? rows : rows.slice(start));
  return parts;
}

/** True for a table every writer only adds to (`add` alone): rows partitions share. */
function additiveOnly(spec: TableSpec<unknown>): boolean {
  return spec.onConflict !== 'nothing' && !spec.onConflict.set?.length && (spec.onConflict.add?.length ?? 0) > 0;
}

/**
 * A partition's writes: as `inner`'s, except the rows every partition adds to (per-distribuidora totals and
 * monthly history), which are summed per key over the batch and written last, table by table in name order and
 * key by key in key order (`writeShared`). So a partition holds those shared rows only from its last statements to
 * its commit (the others wait on them that long, not the whole batch), and concurrent partitions take their locks
 * in one order (no deadlock).
 */
export class PartitionBulkWriter implements BulkWriter {
  private readonly shared = new Map<TableSpec<unknown>, Map<string, Record<string, unknown>>>();

  constructor(
    private readonly inner: BulkWriter,
    readonly partition: RebuildPartition,
  ) {}

  get memory(): RebuildMemory | null {
    return this.inner.memory;
  }

  async upsert<Row>(spec: TableSpec<Row>, rows: readonly Row[]): Promise<void> {
    const s = spec as TableSpec<unknown>;
    if (!additiveOnly(s)) return this.inner.upsert(spec, rows);
    let byKey = this.shared.get(s);
    if (!byKey) this.shared.set(s, (byKey = new Map()));
    const add = (s.onConflict as { add: readonly string[] }).add;
    for (const row of rows as readonly Record<string, unknown>[]) {
      let key = '';
      for (const k of s.key) key += `${String(row[k])}\u0000`;
      const summed = byKey.get(key);
      if (!summed) byKey.set(key, { ...row });
      else for (const c of add) summed[c] = (summed[c] as number) + (row[c] as number);
    }
  }

  deleteKeys<Row>(spec: TableSpec<Row>, keys: readonly Row[]): Promise<void> {
    return this.inner.deleteKeys(spec, keys);
  }

  select<T>(lookup: LookupSpec, values: readonly unknown[]): Promise<T[]> {
    return this.inner.select(lookup, values);
  }

  /** Writes the summed shared rows (call once, after every projection of the batch has flushed). */
  async writeShared(): Promise<void> {
    const specs = [...this.shared.keys()].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
    for (const spec of specs) {
      const byKey = this.shared.get(spec)!;
      const keys = [...byKey.keys()].sort();
      await this.inner.upsert(
        spec,
        keys.map((k) => byKey.get(k)!),
      );
    }
    this.shared.clear();
  }
}
