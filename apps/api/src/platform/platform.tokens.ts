/** Injection token of the platform's `Clock` (SystemClock in production, a SettableClock in tests). */
export const PLATFORM_CLOCK = Symbol('PLATFORM_CLOCK');

/** Injection token of the local SQLite handle on DATA_DIR/platform.db (checkpoints, idempotency keys). */
export const PLATFORM_DATABASE = Symbol('PLATFORM_DATABASE');

/** Injection token of the DueRunner: the deadline scheduler's timer (R20 defaults, R9 sweeps). */
export const DUE_RUNNER = Symbol('DUE_RUNNER');
