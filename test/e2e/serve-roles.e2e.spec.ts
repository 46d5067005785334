/**
 * Roles on one embedded store (one DATA_DIR): an `api` process serves the HTTP API and runs no process manager,
 * scheduler or projection; a `worker` runs them and serves /health and /metrics only. The generator's excedente,
 * recorded through the api, is delivered by the worker, once; the api's queries read what the worker projected.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig, type ServeRole } from '../../apps/api/src/config';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';

const OPERATOR_KEY = 'operator-key-for-the-serve-roles-e2e';
const ANA = { document: '529.982.247-25', name: 'Ana Souza' };

interface Running {
  app: NestExpressApplication;
  url: string;
}

describe('compensa serve --role api | worker (e2e, embedded store)', () => {
  let dataDir: string;
  let api: Running;
  let worker: Running;

  const start = async (role: ServeRole): Promise<Running> => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      COMPENSA_ROLE: role,
      COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
    });
    const app = await createApp(config, {
      clock: new SettableClock('2025-03-01' as BusinessDate),
      logDestination: { write: () => undefined },
    });
    await app.listen(0, '127.0.0.1');
    return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
  };
  const post = (path: string, body: unknown, on: Running = api) =>
    fetch(`${on.url}${path}`, {
      method: path.endsWith('/rateio') ? 'PUT' : 'POST',
      headers: { Authorization: `Bearer ${OPERATOR_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const created = async (path: string, body: unknown): Promise<void> => {
    const response = await post(path, body);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  const streamEvents = async (stream: string): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const e of api.app.get<EventStore>(EVENT_STORE).readStream(stream)) events.push(e);
    return events;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-roles-'));
    worker = await start('worker');
    api = await start('api');
  });

  afterAll(async () => {
    await api?.app.close();
    await worker?.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a worker serves /health and /metrics only, and reports its process managers', async () => {
    expect((await post('/v1/ucs', { ucId: '1' }, worker)).status).toBe(404);
    expect((await fetch(`${worker.url}/docs`)).status).toBe(404);
    const health = (await (await fetch(`${worker.url}/health`)).json()) as {
      status: string;
      details: { processManagers: { consumers: Record<string, unknown> } };
    };
    expect(health.status).toBe('ok');
    expect(Object.keys(health.details.processManagers.consumers).sort()).toEqual([
      'pm-excedente-delivery',
      'pm-held-credits',
    ]);
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(/^compensa_process_manager_lag_events\{consumer="pm-excedente-delivery"\} \d+$/m);
  });

  it('the api runs no process manager; the excedente it records is delivered by the worker, once', async () => {
    const platform = api.app.get(Platform);
    await platform.commands.execute('SetDistribuidoraPolicy', {
      distribuidora: 'copel',
      validFrom: '2000-01-01',
      p10: 'greater-of',
    });
    const uc = (ucId: string) => ({
      ucId,
      distribuidora: 'copel',
      titular: ANA,
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2025-01-02',
    });
    const reading = (cycle: string, readingDate: string, consumed: string, injected = '0') => ({
      cycle,
      readingDate,
      postos: { unico: { consumed, injected } },
    });
    await created('/v1/ucs', uc('1001'));
    await created('/v1/ucs', uc('1002'));
    await created('/v1/ucs/1001/generation', {
      installedKw: '8.2',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2025-01-05',
      connectedAt: '2025-01-10',
    });
    await created('/v1/ucs/1001/rateio', {
      requestedAt: '2025-01-10',
      mode: 'percentage',
      shares: [
        { ucId: '1001', percent: '40' },
        { ucId: '1002', percent: '60' },
      ],
    });
    await created('/v1/ucs/1001/readings', reading('2025-01', '2025-01-20', '100'));
    await created('/v1/ucs/1002/readings', reading('2025-01', '2025-01-22', '100'));
    await created('/v1/ucs/1001/readings', reading('2025-02', '2025-02-20', '250', '400'));

    // The api neither runs nor reports the process managers; the worker delivers.
    expect(Object.keys(await platform.consumerReports())).toEqual([]);
    expect(await (await fetch(`${api.url}/metrics`)).text()).not.toMatch(/consumer="pm-excedente-delivery"/);
    await worker.app.get(Platform).waitForIdle();
    const received = (await streamEvents('uc-copel-1002')).filter((e) => e.type === 'ExcedenteReceived');
    expect(received).toHaveLength(1);
    expect(received[0].data).toMatchObject({ sourceUcId: '1001', parts: [expect.objectContaining({ kwh: '90.000' })] });

    // The api's queries read what the worker projected: its runner follows the stored checkpoints.
    await api.app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle(10_000);
    const balance = await fetch(`${api.url}/v1/ucs/1002`, { headers: { Authorization: `Bearer ${OPERATOR_KEY}` } });
    expect(balance.status).toBe(200);
    expect(balance.headers.get('x-projection-lag')).toBe('0');
  });
});
