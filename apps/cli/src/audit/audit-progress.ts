import { SingleBar } from 'cli-progress';
import type { AuditProgress } from '@compensa/application';

/** Between two progress lines when stderr is not a terminal (a log file, CI): a short audit prints none. */
export const PROGRESS_LINE_EVERY_MS = 10_000;
/** Between two redraws of the bar on a terminal. */
const REDRAW_MS = 100;

const PHASE = { streams: 'fluxos', log: 'log em ordem' } as const;

/**
 * Progress of a long audit on stderr. On a terminal a bar over the events both passes read (events/s, ETA); otherwise
 * a line every PROGRESS_LINE_EVERY_MS while it runs and one summary line at the end, so a short audit prints nothing.
 * Fed by the audit itself (which gives the event loop a turn every few milliseconds, so the output is written while
 * it runs, not after).
 */
export class AuditProgressReporter {
  private bar: SingleBar | null = null;
  private readonly started: number;
  private lastDraw = 0;
  private lastLine: number;
  private lines = 0;
  private last: AuditProgress | null = null;

  constructor(
    private readonly stderr: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr,
    private readonly everyMs = PROGRESS_LINE_EVERY_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = this.now();
    this.lastLine = this.started;
  }

  readonly onProgress = (p: AuditProgress): void => {
    this.last = p;
    const now = this.now();
    if (this.stderr.isTTY) {
      if (now - this.lastDraw < REDRAW_MS) return;
      this.lastDraw = now;
      const { value, total } = this.measure(p);
      if (!this.bar) {
        this.bar = new SingleBar({
          stream: this.stderr as NodeJS.WriteStream,
          format:
            'auditoria |{bar}| {percentage}% | {phase} {streamsDone}/{streamsTotal} | {events} eventos | {eps} eventos/s | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        });
        this.bar.start(total, 0, this.payload(p, now));
      }
      this.bar.setTotal(total);
      this.bar.update(value, this.payload(p, now));
      return;
    }
    if (now - this.lastLine < this.everyMs) return;
    this.lastLine = now;
    this.lines++;
    this.stderr.write(`auditoria: ${this.line(p, now)}\n`);
  };

  stop(): void {
    this.bar?.stop();
    this.bar = null;
    // The summary closes the lines of a long audit; a short one printed nothing and stays silent.
    if (!this.stderr.isTTY && this.lines > 0 && this.last) {
      const now = this.now();
      this.stderr.write(
        `auditoria concluída: ${this.line(this.last, now)}, ${((now - this.started) / 1000).toFixed(1)} s\n`,
      );
      this.lines = 0;
    }
  }

  private measure(p: AuditProgress): { value: number; total: number } {
    if (p.eventsTotal === null) return { value: p.streamsDone, total: Math.max(1, p.streamsTotal) };
    const total = Math.max(1, p.eventsTotal, p.eventsRead);
    return { value: Math.min(p.eventsRead, total), total };
  }

  private payload(p: AuditProgress, now: number): Record<string, string | number> {
    return {
      phase: PHASE[p.phase],
      streamsDone: p.streamsDone,
      streamsTotal: p.streamsTotal,
      events: p.eventsRead.toLocaleString('pt-BR'),
      eps: this.rate(p, now).toLocaleString('pt-BR'),
    };
  }

  private line(p: AuditProgress, now: number): string {
    const share = p.eventsTotal ? `, ${Math.min(100, Math.floor((100 * p.eventsRead) / p.eventsTotal))}%` : '';
    return `${PHASE[p.phase]}, ${p.streamsDone.toLocaleString('pt-BR')}/${p.streamsTotal.toLocaleString('pt-BR')} fluxos, ${p.eventsRead.toLocaleString('pt-BR')} eventos lidos${share}, ${this.rate(p, now).toLocaleString('pt-BR')} eventos/s`;
  }

  private rate(p: AuditProgress, now: number): number {
    const s = (now - this.started) / 1000;
    return s > 0 ? Math.round(p.eventsRead / s) : 0;
  }
}
