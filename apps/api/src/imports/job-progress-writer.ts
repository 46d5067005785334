import type { ImportOutcome } from '@compensa/application';
import type { ImportJob } from './import-job';
import { IMPORT_JOB_HEARTBEAT_MS, JobTakenOver, type ImportJobRecords } from './import-job-records';

/** A running job's progress is written at most this often (GET shows it this fresh, on any instance). */
export const PROGRESS_SAVE_MS = 250;
/** Refused readings held before they are written, whatever the time (memory flat in the file's refusals). */
export const REFUSED_HELD = 1_000;
/**
 * Saves that fail in a row before the job is stopped. One failure is retried by the next save (a platform state
 * busy for a moment: another process's write on a shared DATA_DIR, a PostgreSQL fail-over); this many is not a moment.
 */
export const FAILED_SAVES_TOLERATED = 3;

/**
 * What the writer reports: a save that failed (retried), the failure it gave up on, and another instance's taking the
 * job over (this one was silent too long): either way this instance must stop running the job.
 */
export interface ProgressWriterEvents {
  failedSave(error: unknown, inARow: number): void;
  gaveUp(error: unknown): void;
  takenOver(): void;
}

/**
 * Writes a running import job to the platform state as it goes: its progress at most every PROGRESS_SAVE_MS, on a
 * heartbeat, and its refused readings, one save after another. A failed save keeps its refused readings for the next
 * one, so the error file loses none; FAILED_SAVES_TOLERATED failures in a row give up (the job's record would no
 * longer say what happened).
 */
export class JobProgressWriter {
  private refused: ImportOutcome[] = [];
  private savedAt: number;
  private saving: Promise<boolean> = Promise.resolve(true);
  private failedInARow = 0;
  /** The failure the writer gave up on, or null. */
  gaveUpOn: unknown = null;
  /** Another instance runs the job now: nothing more is written by this one. */
  takenOver = false;

  constructor(
    private readonly job: ImportJob,
    private readonly records: Pick<ImportJobRecords, 'save'>,
    /** The instance that runs the job (the lease holder's name): a save by any other is refused. */
    private readonly instance: string,
    private readonly events: ProgressWriterEvents,
    private readonly now: () => number = () => performance.now(),
    /** How often the job must say it is alive (heartbeatOf COMPENSA_IMPORT_JOB_SILENT_MS). */
    private readonly heartbeatMs: number = IMPORT_JOB_HEARTBEAT_MS,
  ) {
    this.savedAt = this.now();
  }

  /** A refused reading, written with the next save. */
  refusedOne(outcome: ImportOutcome): void {
    this.refused.push(outcome);
    if (this.refused.length >= REFUSED_HELD) void this.save();
  }

  /** The job's counts moved: saved if the last save is PROGRESS_SAVE_MS old. */
  progressed(): void {
    if (this.now() - this.savedAt >= PROGRESS_SAVE_MS) void this.save();
  }

  /** The heartbeat: saved if nothing was for a heartbeat (alive through a long batch's silence). */
  beat(): void {
    if (this.now() - this.savedAt >= this.heartbeatMs) void this.save();
  }

  /**
   * Writes the job as it stands then, after the saves before it; true once written. `letGo` (a shutdown): the job is
   * left, still running, to the first instance that looks for one.
   */
  save(options: { letGo?: boolean } = {}): Promise<boolean> {
    this.savedAt = this.now();
    this.saving = this.saving.then(async () => {
      if (this.takenOver) return false;
      const refused = this.refused;
      this.refused = [];
      try {
        await this.records.save({ ...this.job }, refused, this.instance, options);
        this.failedInARow = 0;
        return true;
      } catch (error) {
        if (error instanceof JobTakenOver) {
          this.takenOver = true;
          this.events.takenOver();
          return false;
        }
        this.refused = [...refused, ...this.refused];
        this.failedInARow += 1;
        this.events.failedSave(error, this.failedInARow);
        if (this.failedInARow >= FAILED_SAVES_TOLERATED && this.gaveUpOn === null) {
          this.gaveUpOn = error;
          this.events.gaveUp(error);
        }
        return false;
      }
    });
    return this.saving;
  }
}
