/**
 * The real API app in a child process (apps/api/src/main.ts through swc-register, as the durability tests run their
 * children) on a data directory, on a free port: what the load benchmark and the API kill test drive over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'support', 'swc-register.js');
const MAIN = join(ROOT, 'apps', 'api', 'src', 'main.ts');
const READY_TIMEOUT_MS = 120_000;

/** How to start the app. */
export interface ApiAppOptions {
  dataDir: string;
  /** Given the operator role through COMPENSA_API_KEYS. */
  operatorKey: string;
  /** Where the child's stdout and stderr go (appended). */
  logFile: string;
  /** Extra node flags and preloads (after swc-register), e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Extra environment (LOG_LEVEL…). */
  env?: Record<string, string>;
}

/** A started app: its base URL, and how it ended. */
export interface ApiAppProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited, with its code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the exit. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the app and resolves once `/metrics` answers (event store open, directory and projections started). */
export async function startApiApp(options: ApiAppOptions): Promise<ApiAppProcess> {
  const port = await freePort();
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, ['--require', REGISTER, ...(options.nodeArgs ?? []), MAIN], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: options.dataDir,
      EVENT_STORE: 'sqlite',
      COMPENSA_API_KEYS: `${options.operatorKey}:operator`,
      // The rate limiter (when the app has one) must not shape a load test.
      COMPENSA_RATE_LIMIT: '100000000',
      ...options.env,
    },
  });
  closeSync(log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (gone) throw new Error(`the app exited before it was ready (see ${options.logFile})`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app was not ready within ${READY_TIMEOUT_MS} ms (see ${options.logFile})`);
    }
    try {
      if ((await fetch(`${url}/metrics`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    exited,
    stop: (signal) => {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
}
