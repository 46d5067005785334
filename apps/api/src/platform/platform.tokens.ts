/** Injection token of the platform's `Clock` (SystemClock in production, a SettableClock in tests). */
export const PLATFORM_CLOCK = Symbol('PLATFORM_CLOCK');

/** Injection token of the local SQLite handle on DATA_DIR/platform.db (checkpoints, idempotency keys). */
export const PLATFORM_DATABASE = Symbol('PLATFORM_DATABASE');

/** Injection token of the DueRunner: the deadline scheduler's timer (R20 defaults, R9 sweeps). */
export const DUE_RUNNER = Symbol('DUE_RUNNER');

/** Injection token of the platform state (Kysely: DATA_DIR/platform.db, or PostgreSQL at PLATFORM_DB_URL). */
export const PLATFORM_STATE = Symbol('PLATFORM_STATE');

/** Injection token of the worker's LeaseKeeper (the process-managers lease; idle outside the `worker` role). */
export const WORKER_LEASE = Symbol('WORKER_LEASE');
