/** Injection token of the open read-model store (`ReadModelStore`: Kysely over SQLite or PostgreSQL). */
export const READ_MODELS = Symbol('READ_MODELS');

/** Injection token of the `ProjectionRunner` feeding the read models from the event log. */
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
