import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import type { ApiConfig } from './config';
import { setupOpenApi } from './openapi/setup-openapi';
import { securityHeaders } from './security/security-headers';

/**
 * Builds and initialises the API (event store opened, keys loaded, routes mounted) without listening:
 * `main.ts` then listens on the configured port, tests on port 0.
 */
export async function createApp(config: ApiConfig, options: AppModuleOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    // The JSON parser is AppModule's middleware (size limit, problem+json errors).
    bodyParser: false,
    bufferLogs: true,
    // Throw instead of exiting the process: tests and main.ts decide what a failed start means.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // First middleware: every answer carries the headers, /docs and problem documents included.
  app.use(securityHeaders());
  // SIGTERM/SIGINT run onApplicationShutdown hooks: the event store is closed cleanly.
  app.enableShutdownHooks();
  // A worker serves /health and /metrics only: nothing to document.
  if (config.role !== 'worker') setupOpenApi(app);
  await app.init();
  return app;
}
