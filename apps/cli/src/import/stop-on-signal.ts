/** The exit code of an import stopped by Ctrl-C or SIGTERM (128 + SIGINT, as a shell reports it). */
export const INTERRUPTED_EXIT_CODE = 130;

/** The handlers of a running import: `signal` aborts at the first Ctrl-C; `release` removes them. */
export interface SignalStop {
  readonly signal: AbortSignal;
  release(): void;
}

/** What the handlers need of the process (a test hands in its own). */
export type SignalTarget = Pick<NodeJS.Process, 'on' | 'off' | 'exit'> & {
  readonly stderr: Pick<NodeJS.WriteStream, 'write'>;
};

/**
 * Ctrl-C (or SIGTERM) during `compensa import`: the first asks the run to stop where nothing is left half done (its
 * AbortSignal; `where` says where, in pt-BR) so that the summary says how far it got; a second exits at once, as a
 * kill does: SQLite undoes the transaction in flight, and the same file again skips what was recorded.
 * `onStop` runs at the first (the progress bar stops where it got to, before the message).
 */
export function stopOnSignal(where: string, onStop: () => void, proc: SignalTarget = process): SignalStop {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) return proc.exit(INTERRUPTED_EXIT_CODE);
    stop.abort();
    onStop();
    const what = signal === 'SIGINT' ? 'Ctrl-C' : signal;
    proc.stderr.write(`${what}: a importação para ${where} (${what} de novo para parar já)\n`);
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  return {
    signal: stop.signal,
    release: () => {
      proc.off('SIGINT', onSignal);
      proc.off('SIGTERM', onSignal);
    },
  };
}

/**
 * The interrupted run's last line: how far it got, and that the same file again records the rest (imports are
 * idempotent: what was recorded comes back as a duplicate).
 */
export function interruptedText(count: number, unit: 'leituras' | 'UCs'): string {
  return (
    `interrompida depois de ${count.toLocaleString('pt-BR')} ${unit}: rode o mesmo arquivo de novo para gravar o ` +
    'resto (as já gravadas contam como duplicadas)\n'
  );
}
