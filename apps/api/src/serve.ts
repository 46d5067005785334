import 'reflect-metadata';
import type { Server } from 'node:net';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import type { ApiConfig } from './config';
import { describeListenAddress } from './listen-address';

/** What each role serves over HTTP, for the start-up line. */
const SERVES: Record<ApiConfig['role'], string> = {
  all: 'the API and the workers (docs at /docs)',
  api: 'the API only (docs at /docs)',
  worker: 'process managers, scheduler and projections; /health and /metrics only',
};

/** Builds the app for `config.role` and listens on `config.port`: `npm start`, `compensa serve`. */
export async function serve(config: ApiConfig): Promise<void> {
  const app = await createApp(config);
  await app.listen(config.port);
  const address = (app.getHttpServer() as Server).address();
  new Logger('Main').log(
    `Compensa (role ${config.role}) listening on ${describeListenAddress(address)}: ${SERVES[config.role]}`,
  );
}
