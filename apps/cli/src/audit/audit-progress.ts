import { SingleBar } from 'cli-progress';
import type { AuditProgress } from '@compensa/application';

/** Streams between two progress lines when stderr is not a terminal (a log file, CI). */
export const PROGRESS_EVERY = 100;

/** Progress of a long replay on stderr: a bar on a terminal, else a line every PROGRESS_EVERY streams. */
export class AuditProgressReporter {
  private bar: SingleBar | null = null;

  constructor(private readonly stderr: NodeJS.WriteStream = process.stderr) {}

  readonly onProgress = (p: AuditProgress): void => {
    if (this.stderr.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar({
          stream: this.stderr,
          format: 'audit [{bar}] {value}/{total} streams {stream}',
          hideCursor: true,
          clearOnComplete: true,
        });
        this.bar.start(p.streamsTotal, 0, { stream: '' });
      }
      this.bar.update(p.streamsDone, { stream: p.stream });
      return;
    }
    if (
      p.streamsDone % PROGRESS_EVERY === 0 ||
      (p.streamsDone === p.streamsTotal && p.streamsTotal >= PROGRESS_EVERY)
    ) {
      this.stderr.write(`audit: ${p.streamsDone}/${p.streamsTotal} streams\n`);
    }
  };

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
