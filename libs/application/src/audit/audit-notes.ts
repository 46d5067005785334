/** Notes every report carries: how the replay reads dates and what it cannot re-derive. */
export const AUDIT_NOTES = [
  'As of a date: an event belongs to the date in its data (readingDate, date, requestedAt, registeredAt, allocatedOn, validFrom); HeldCreditsReceived takes the date of the CreditsReallocated that caused it; an event with neither takes the UTC day of metadata.recordedAt.',
  'Each decision is re-derived on the state folded from every event before it in its stream (what the decider saw), and compared with the recorded events as JSON; balances as of the date fold only the events within it.',
  'Check 3 (read models) runs only when a comparison is supplied (libs/projections).',
  'Money (R10, R22–R28): a reading that recorded its billing has its P10/P12 modes, the T and f of its R10 cap and its billing computed again from the distribuidora and national streams as of its position (check 2); each cycle shows its invoice re-derived from the event. Readings recorded before billing existed are not checked for money.',
] as const;

/** One of the notes (the pt-BR wording has one text for each: the compiler asks for a new one's). */
export type AuditNote = (typeof AUDIT_NOTES)[number];

/** The note of a whole-log audit whose check 0 could not run, before its (pt-BR) reason. */
export const CHECK_0_NOTE = 'Check 0 (signed checkpoints): ';
