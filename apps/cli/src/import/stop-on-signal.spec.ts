import { EventEmitter } from 'node:events';
import { interruptedText, stopOnSignal, type SignalTarget } from './stop-on-signal';

/** A process that only records: the signals are emitted by the test, `exit` and stderr are kept. */
function fakeProcess() {
  const events = new EventEmitter();
  const exits: number[] = [];
  const stderr: string[] = [];
  const proc = {
    on: (name: string, f: (...a: unknown[]) => void) => events.on(name, f),
    off: (name: string, f: (...a: unknown[]) => void) => events.off(name, f),
    exit: (code: number) => exits.push(code),
    stderr: { write: (text: string) => stderr.push(text) },
  } as unknown as SignalTarget;
  return { proc, events, exits, stderr };
}

describe('compensa import: stopping on Ctrl-C or SIGTERM', () => {
  it('the first signal aborts and says where the run stops; a second exits at once with 130', () => {
    const { proc, events, exits, stderr } = fakeProcess();
    let stopped = 0;
    const stop = stopOnSignal('ao fim do lote em andamento', () => stopped++, proc);
    expect(stop.signal.aborted).toBe(false);

    events.emit('SIGINT', 'SIGINT');
    expect(stop.signal.aborted).toBe(true);
    expect(stopped).toBe(1);
    expect(exits).toEqual([]);
    expect(stderr).toEqual(['Ctrl-C: a importação para ao fim do lote em andamento (Ctrl-C de novo para parar já)\n']);

    events.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([130]);
    expect(stopped).toBe(1);
    stop.release();
  });

  it('names SIGTERM as such, and once released leaves the signals alone', () => {
    const { proc, events, stderr } = fakeProcess();
    const stop = stopOnSignal('quando as UCs em andamento terminarem', () => undefined, proc);
    events.emit('SIGTERM', 'SIGTERM');
    expect(stderr).toEqual([
      'SIGTERM: a importação para quando as UCs em andamento terminarem (SIGTERM de novo para parar já)\n',
    ]);
    stop.release();
    expect(events.listenerCount('SIGINT') + events.listenerCount('SIGTERM')).toBe(0);
  });

  it('the last line of an interrupted run: how far it got, and that the same file again records the rest', () => {
    expect(interruptedText(1234, 'UCs')).toBe(
      'interrompida depois de 1.234 UCs: rode o mesmo arquivo de novo para gravar o resto (as já gravadas contam ' +
        'como duplicadas)\n',
    );
  });
});
