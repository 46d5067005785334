import type { PermissionariaMap } from '@compensa/domain';
import type { CheckpointTrust } from '../integrity/verify-log-checkpoints';
import type { AuditReplay } from './audit-replay-state';
import type { ComparedStream } from './compare-read-models';
import type { Mismatch } from './audit-report';

/** What to audit: one UC (optionally of one distribuidora), one titular (CPF or CNPJ), or everything. */
export type AuditSelection = { uc: string; distribuidora?: string } | { titular: string } | { all: true };

/** Progress of a replay: after each stream of the first pass, then every few milliseconds of the pass in log order. */
export interface AuditProgress {
  /** `streams`: each stream read and replayed on its own; `log`: the log in global order (trail, checks 0 and 4). */
  phase: 'streams' | 'log';
  streamsDone: number;
  streamsTotal: number;
  /** The last stream replayed (`streams`), or the stream of the last event read (`log`). */
  stream: string;
  /** Events read so far, both passes together. */
  eventsRead: number;
  /** The events both passes will read, estimated from the head of the log before starting (null: unknown). */
  eventsTotal: number | null;
}

/** How far and with what the replay runs. `asOf` and `position` exclude each other. */
export interface AuditOptions {
  /** Business date `YYYY-MM-DD`: events whose business date is on or before it (see event-business-date.ts). */
  asOf?: string;
  /** Global position: events at or before it (a prefix of the log). */
  position?: number;
  onProgress?: (progress: AuditProgress) => void;
  /**
   * R13 (L art. 15): the permissionária map the platform ran with. It is a setting, not recorded in the events,
   * so the auditor supplies it (default: none) for rateios and allocations to be re-derived.
   */
  permissionarias?: PermissionariaMap;
  /** Check 3: the read models agree with the replay. Implemented by libs/projections; not run when absent. */
  compareReadModels?: (replay: AuditReplay) => Promise<Mismatch[]>;
  /**
   * Check 3 as `streamAudit` runs it, holding no replay: batches of the UC and titular streams just replayed (in
   * replay order), the mismatches of each batch in its order.
   */
  compareStreams?: (batch: readonly ComparedStream[]) => Promise<Mismatch[]>;
  /**
   * Check 0 (whole-log audits only): the trusted public key and the witness file the signed checkpoints are verified
   * with. Absent: the check reports that it did not run.
   */
  checkpoints?: CheckpointTrust;
  /**
   * The first pass on the embedded store: from how many streams a worker thread reads them and verifies their chains
   * ahead of the replay (default `READER_THREAD_MIN_STREAMS`; below it, and on other stores, the replay does both).
   */
  readerThreadMinStreams?: number;
}
