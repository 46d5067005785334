/** Injection token of the application's `EventStore` (from `@compensa/event-store`). */
export const EVENT_STORE = Symbol('EVENT_STORE');
