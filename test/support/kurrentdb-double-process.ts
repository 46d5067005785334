/**
 * The KurrentDB double as a child process (test/support/kurrentdb-double/server.js) on a data directory: what the
 * multi-process tests point their API and worker processes at.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const SERVER = join(__dirname, 'kurrentdb-double', 'server.js');
const READY_TIMEOUT_MS = 30_000;

/** A running double: its connection string, and how to stop it. */
export interface KurrentDbDoubleProcess {
  readonly connectionString: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Sends `signal` (SIGKILL: a crash) and waits for the exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Starts the double on `port` (0: any free one) over the log in `dataDir`; resolves once it listens. */
export async function startKurrentDbDoubleProcess(dataDir: string, port = 0): Promise<KurrentDbDoubleProcess> {
  const child = spawn(process.execPath, [SERVER, '--port', String(port), '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const connectionString = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the double did not start:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /^listening (\S+)/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the double exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return {
    connectionString,
    port: Number(new URL(connectionString.replace('kurrentdb://', 'http://')).port),
    child,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
