import type { ImportSummary } from '@compensa/application';
import { SingleBar } from 'cli-progress';

/**
 * The import's progress on stderr: on a terminal a bar over the file's bytes (readings/s, ETA), redrawn at most every
 * 100 ms; otherwise nothing until the end (the summary is the one line).
 */
export class ImportProgress {
  private readonly bar: SingleBar;
  private last = 0;

  /** `unit`: what is counted (`leituras`; `UCs` for opening balances). */
  constructor(
    private readonly totalBytes: number,
    private readonly bytesRead: () => number,
    private readonly tty = process.stderr.isTTY === true,
    unit = 'leituras',
  ) {
    this.bar = new SingleBar({
      format: `importação |{bar}| {percentage}% | {readings} ${unit} | {rps} ${unit}/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    });
  }

  update(s: Pick<ImportSummary, 'readings' | 'readingsPerSecond'>): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    if (!this.bar.isActive) this.bar.start(Math.max(1, this.totalBytes), 0, { readings: 0, rps: 0 });
    this.bar.update(Math.min(this.bytesRead(), this.totalBytes), {
      readings: s.readings,
      rps: Math.round(s.readingsPerSecond),
    });
  }

  /** `complete`: the whole file was read (the bar ends at 100 %); an interrupted run leaves it where it got to. */
  stop(complete = true): void {
    if (!this.bar.isActive) return;
    if (complete) this.bar.update(this.totalBytes);
    this.bar.stop();
  }
}
