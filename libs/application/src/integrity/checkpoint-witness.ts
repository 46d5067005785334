import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { LogCheckpointSignedData } from './log-checkpoint';

/**
 * The witness: one signed checkpoint per line (JSON Lines, the event's data as is), appended and fsynced after the
 * checkpoint event is stored. The operator keeps it outside DATA_DIR (another disk, host or WORM bucket): whoever
 * truncates the log then has to reach the witness too.
 */
export class CheckpointWitness {
  constructor(readonly path: string) {}

  append(c: LogCheckpointSignedData): void {
    const fd = openSync(this.path, 'a', 0o644);
    try {
      writeSync(fd, `${JSON.stringify(c)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Every checkpoint in the file; a line that is not JSON is an error (the witness was damaged). */
  read(): LogCheckpointSignedData[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l, i) => {
        try {
          return JSON.parse(l) as LogCheckpointSignedData;
        } catch {
          throw new Error(`${this.path}:${i + 1}: not a checkpoint (invalid JSON)`);
        }
      });
  }

  /** The highest seq in the file (0 when empty). */
  lastSeq(): number {
    return this.read().reduce((m, c) => Math.max(m, c.seq), 0);
  }
}
