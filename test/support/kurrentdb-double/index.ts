export { KurrentDbDouble } from './kurrentdb-double';
export { EventLog } from './event-log';
export type { StoredEvent, ProposedEvent, ExpectedState, AppendOutcome } from './event-log';
export { DoubleJournalAppender } from './journal-appender';
