/**
 * API instances started in this process on one embedded log (`dir`/events.db, shared by path), each with a
 * DATA_DIR of its own (`dir`/<name>) for everything else: what the tests of shared platform state (PLATFORM_DB_URL)
 * run several instances on.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';

/** A started instance and its base URL. */
export interface Instance {
  app: NestExpressApplication;
  url: string;
}

/**
 * One instance for each entry of `envs`, started in order (the first `all` instance takes the lease), on a random
 * port; each entry's variables over silent logs on the embedded store.
 */
export async function startInstancesOnOneLog(
  dir: string,
  envs: readonly Record<string, string>[],
): Promise<Instance[]> {
  const out: Instance[] = [];
  for (const [i, env] of envs.entries()) {
    const dataDir = join(dir, `i${i}`);
    mkdirSync(dataDir, { recursive: true });
    const config = loadConfig({ DATA_DIR: dataDir, EVENT_STORE: 'sqlite', LOG_LEVEL: 'silent', ...env });
    const app = await createApp(
      { ...config, eventStore: { kind: 'sqlite', path: join(dir, 'events.db') } },
      { logDestination: { write: () => undefined } },
    );
    await app.listen(0, '127.0.0.1');
    out.push({ app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` });
  }
  return out;
}
