import { sql, type Generated, type Kysely } from 'kysely';

/**
 * The UC directory's tables, in the platform state (DATA_DIR/platform.db, or PostgreSQL with PLATFORM_DB_URL, shared by
 * every instance). `seq` columns give the orders the directory answers in (UCs and titular streams in the order first
 * seen, windows in the order opened); `titular_seq` orders the UCs of a titular key as they joined it.
 */
export interface DirectoryUcsTable {
  seq: Generated<number>;
  uc_id: string;
  stream: string;
  distribuidora: string;
  titular_key: string;
  titular_seq: number;
  status: 'active' | 'closed';
  /** 1 or 0 (SQLite has no boolean). */
  billed_as_group_b: number;
  registered_at: string;
  /** JSON: the last few readings. */
  readings: string;
}

export interface DirectoryUcExpiriesTable {
  uc_id: string;
  expires_on: string;
}

export interface DirectoryWindowsTable {
  seq: Generated<number>;
  stream: string;
  from_uc_id: string;
  distribuidora: string;
  titular_key: string;
  deadline: string;
  status: 'open' | 'held';
}

export interface DirectoryTitularStreamsTable {
  seq: Generated<number>;
  stream: string;
}

export interface DirectoryHeldExpiriesTable {
  stream: string;
  expires_on: string;
}

export interface DirectoryAppliedTable {
  stream: string;
  revision: number;
}

/** The one row of the directory consumer's checkpoint (id = 1), written with the rows it covers. */
export interface DirectoryCheckpointTable {
  id: number;
  position: number;
}

/** The directory's tables. Named `uc_directory*`: the SQLite-only tables before them (`directory_*`) are left as they were. */
export interface DirectoryDatabase {
  uc_directory: DirectoryUcsTable;
  uc_directory_expiries: DirectoryUcExpiriesTable;
  uc_directory_windows: DirectoryWindowsTable;
  uc_directory_titular_streams: DirectoryTitularStreamsTable;
  uc_directory_held_expiries: DirectoryHeldExpiriesTable;
  uc_directory_applied: DirectoryAppliedTable;
  uc_directory_checkpoint: DirectoryCheckpointTable;
}

/** The statements that make the tables (if missing), for either dialect: run, or compiled to run synchronously. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- built for any database holding these tables
export function directoryTableStatements(db: Kysely<any>, dialect: 'sqlite' | 'postgres') {
  const seq = (table: string) =>
    db.schema
      .createTable(table)
      .ifNotExists()
      .$call((t) =>
        dialect === 'postgres'
          ? t.addColumn('seq', 'bigserial', (c) => c.primaryKey())
          : t.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement()),
      );
  return [
    seq('uc_directory')
      .addColumn('uc_id', 'text', (c) => c.notNull().unique())
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('titular_key', 'text', (c) => c.notNull())
      .addColumn('titular_seq', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('active', 'closed')`))
      .addColumn('billed_as_group_b', 'integer', (c) => c.notNull())
      .addColumn('registered_at', 'text', (c) => c.notNull())
      .addColumn('readings', 'text', (c) => c.notNull()),
    db.schema
      .createIndex('uc_directory_by_titular')
      .ifNotExists()
      .on('uc_directory')
      .columns(['distribuidora', 'titular_key', 'titular_seq']),
    db.schema
      .createTable('uc_directory_expiries')
      .ifNotExists()
      .addColumn('uc_id', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('uc_directory_expiries_pk', ['uc_id', 'expires_on']),
    db.schema
      .createIndex('uc_directory_expiries_by_date')
      .ifNotExists()
      .on('uc_directory_expiries')
      .columns(['expires_on', 'uc_id']),
    seq('uc_directory_windows')
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('from_uc_id', 'text', (c) => c.notNull())
      .addColumn('distribuidora', 'text', (c) => c.notNull())
      .addColumn('titular_key', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('open', 'held')`))
      .addUniqueConstraint('uc_directory_windows_key', ['stream', 'from_uc_id']),
    db.schema
      .createIndex('uc_directory_windows_by_deadline')
      .ifNotExists()
      .on('uc_directory_windows')
      .columns(['status', 'deadline']),
    db.schema
      .createIndex('uc_directory_windows_by_titular')
      .ifNotExists()
      .on('uc_directory_windows')
      .columns(['distribuidora', 'titular_key', 'status']),
    seq('uc_directory_titular_streams').addColumn('stream', 'text', (c) => c.notNull().unique()),
    db.schema
      .createTable('uc_directory_held_expiries')
      .ifNotExists()
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('expires_on', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('uc_directory_held_expiries_pk', ['stream', 'expires_on']),
    db.schema
      .createIndex('uc_directory_held_expiries_by_date')
      .ifNotExists()
      .on('uc_directory_held_expiries')
      .columns(['expires_on', 'stream']),
    db.schema
      .createTable('uc_directory_applied')
      .ifNotExists()
      .addColumn('stream', 'text', (c) => c.primaryKey())
      .addColumn('revision', 'bigint', (c) => c.notNull()),
    db.schema
      .createTable('uc_directory_checkpoint')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('position', 'bigint', (c) => c.notNull()),
  ];
}
