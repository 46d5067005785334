import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { serve } from './serve';

/** Starts the API from the environment (see config.ts for the variables; COMPENSA_ROLE picks what runs). */
function main(): Promise<void> {
  // loadConfig inside the promise: a bad configuration is reported as the list of its problems, not as a stack trace.
  return Promise.resolve().then(() => serve(loadConfig()));
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration, event store unreachable): write to stderr directly.
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
