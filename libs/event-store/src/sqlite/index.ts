/** The embedded sqlite adapter. */
export * from './sqlite-event-store';
export * from './sqlite-checkpoint-store';
export { openSqliteDatabase, type SqliteOpenOptions, type SqliteSynchronous } from './sqlite-database';
export { recordedEventOfArray, type EventArray } from './event-row';
