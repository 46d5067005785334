/** What check 0 of the audit (the signed checkpoints of the whole log) found. */

/** How the log differs from what a signed checkpoint vouches for. */
export type CheckpointFindingKind =
  /** The log ends before a signed checkpoint's position: its tail was cut. */
  | 'truncated'
  /** Fewer events and fewer streams than signed: a whole stream (at least) was deleted. */
  | 'stream-deleted'
  /** Fewer events than signed (no stream wholly gone). */
  | 'events-missing'
  /** More events than signed: events were inserted into the signed part. */
  | 'events-added'
  /** As many events as signed, another digest: an event was rewritten (its hashes recomputed or not). */
  | 'rewritten'
  /** Not signed by the trusted key: another key (a swapped key) or altered content. */
  | 'bad-signature'
  /** In the log's checkpoint stream, not in the witness file (or a seq gap in the witness). */
  | 'missing-from-witness'
  /** In the witness file, not in the log's checkpoint stream. */
  | 'missing-from-log'
  /** The witness and the log hold different checkpoints under the same seq. */
  | 'witness-differs';

export interface CheckpointFinding {
  kind: CheckpointFindingKind;
  /** The checkpoint's seq. */
  seq: number;
  /** The signed position that no longer matches (for the digest kinds), else the checkpoint's position. */
  position: number | null;
  /** The digest kinds: the change lies after this position (the last checkpoint that still matches; null: the start). */
  after: number | null;
  detail: string;
}

/** The section of the report. */
export interface LogIntegrity {
  /** false: not verified (see `reason`). */
  ran: boolean;
  reason: string | null;
  /** The trusted key the signatures were checked with (PEM) and its id. */
  publicKey: string | null;
  keyId: string | null;
  witness: string | null;
  /** Checkpoints found (log and witness merged by seq), and how many matched the log as it is. */
  checkpoints: number;
  verified: number;
  /** The last signed position the log still matches (null: none). */
  verifiedUpTo: number | null;
  /** Events of the log read, and its last position. */
  events: number;
  head: number | null;
  /** Keys recorded in the log (SigningKeyRotated), in order. */
  keys: { keyId: string; previousKeyId: string | null; time: string }[];
  findings: CheckpointFinding[];
}
