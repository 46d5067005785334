import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { EventStore } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';

/** The operator key of every RunningApi. */
export const OPERATOR_KEY = 'operator-key-of-the-reliability-tests-0123';
/** The auditor key of every RunningApi. */
export const AUDITOR_KEY = 'auditor-key-of-the-reliability-tests-4567';

/** The real API on a temp DATA_DIR and a random port, with what tests reach into. */
export interface RunningApi {
  app: NestExpressApplication;
  url: string;
  store: EventStore;
  platform: Platform;
  /** Every log line written, in order. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts the API (SQLite, an operator and an auditor key, a settable clock at 2025-01-01); `env` adds variables. */
export async function startApi(env: Record<string, string> = {}): Promise<RunningApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'compensa-reliability-'));
  const logs: string[] = [];
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator,${AUDITOR_KEY}:auditor`,
    ...env,
  });
  const app = await createApp(config, {
    clock: new SettableClock('2025-01-01' as BusinessDate),
    logDestination: { write: (line: string) => void logs.push(line) },
  });
  // Node's default accept queue (511) overflows when a test opens 1,000 connections at once: the kernel then resets
  // some. Nest passes the first argument through to server.listen, which also takes an options object.
  await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 } as unknown as number);
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return {
    app,
    url,
    store: app.get<EventStore>(EVENT_STORE),
    platform: app.get(Platform),
    logs,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headers of an operator's JSON command. */
export function operatorHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${OPERATOR_KEY}`, 'Content-Type': 'application/json', ...extra };
}
