/** @compensa/event-store: the port, its errors, the hash chain, the adapters and the factory. */
export * from './event-store.port';
export * from './errors';
export * from './hash-chain';
export * from './as-read';
export * from './event-text';
export * from './sqlite';
export * from './open-event-store';
// The kurrentdb adapter is exported from ./kurrentdb (its own module, loaded lazily by openEventStore).
