/** Response header of every query: events between the log's head and the read models that answered. */
export const PROJECTION_LAG_HEADER = 'X-Projection-Lag';

/** Metadata key: the read models an endpoint reads (the header reports the largest of their lags). */
export const READS_PROJECTIONS = 'compensa:reads-projections';
