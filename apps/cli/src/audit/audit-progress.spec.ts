import type { AuditProgress } from '@compensa/application';
import { AuditProgressReporter } from './audit-progress';

/** A stderr that keeps what is written, on a terminal or not, with a clock the test moves. */
function watched(isTTY: boolean) {
  const written: string[] = [];
  const stderr = { isTTY, columns: 200, write: (chunk: string) => (written.push(chunk), true) };
  let now = 0;
  const clock = { set: (ms: number) => (now = ms) };
  const reporter = new AuditProgressReporter(stderr as unknown as NodeJS.WriteStream, 10_000, () => now);
  return { written, clock, reporter };
}

const at = (p: Partial<AuditProgress>): AuditProgress => ({
  phase: 'streams',
  streamsDone: 1,
  streamsTotal: 10,
  stream: 'uc-copel-1',
  eventsRead: 0,
  eventsTotal: 200_000,
  ...p,
});

describe('compensa audit progress on stderr', () => {
  it('not a terminal: a short audit prints nothing', () => {
    const { written, clock, reporter } = watched(false);
    clock.set(2_000);
    reporter.onProgress(at({ streamsDone: 10, eventsRead: 100_000 }));
    reporter.stop();
    expect(written).toEqual([]);
  });

  it('not a terminal: a line every 10 s with the phase, events read and events/s, then one summary', () => {
    const { written, clock, reporter } = watched(false);
    clock.set(10_000);
    reporter.onProgress(at({ streamsDone: 5, eventsRead: 50_000 }));
    clock.set(15_000);
    reporter.onProgress(at({ phase: 'log', streamsDone: 10, eventsRead: 110_000 }));
    clock.set(20_000);
    reporter.onProgress(at({ phase: 'log', streamsDone: 10, eventsRead: 150_000 }));
    clock.set(25_000);
    reporter.stop();
    expect(written).toEqual([
      'auditoria: fluxos, 5/10 fluxos, 50.000 eventos lidos, 25%, 5.000 eventos/s\n',
      'auditoria: log em ordem, 10/10 fluxos, 150.000 eventos lidos, 75%, 7.500 eventos/s\n',
      'auditoria concluída: log em ordem, 10/10 fluxos, 150.000 eventos lidos, 75%, 6.000 eventos/s, 25.0 s\n',
    ]);
  });

  it('on a terminal: a bar over the events of both passes, with events/s', () => {
    const { written, clock, reporter } = watched(true);
    clock.set(1_000);
    reporter.onProgress(at({ streamsDone: 3, eventsRead: 20_000 }));
    reporter.stop();
    const out = written.join('');
    expect(out).toContain('auditoria |');
    expect(out).toContain('fluxos 3/10 | 20.000 eventos | 20.000 eventos/s | ETA');
  });
});
