import 'reflect-metadata';
import type { Server } from 'node:net';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { describeListenAddress } from './listen-address';

/** Starts the API from the environment (see config.ts for the variables). */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  const address = (app.getHttpServer() as Server).address();
  new Logger('Main').log(`Compensa API listening on ${describeListenAddress(address)} (docs at /docs)`);
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad configuration, event store unreachable): write to stderr directly.
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
