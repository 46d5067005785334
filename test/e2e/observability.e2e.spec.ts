/**
 * What operators watch: `/health` reports the event store and the projections' lag; `/metrics` (Prometheus text)
 * reports projection and process-manager lag in events behind the head. Both are public.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform } from '@compensa/application';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';

const OPERATOR_KEY = 'operator-key-for-the-observability-e2e';

describe('health and metrics (e2e)', () => {
  let dataDir: string;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-observability-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
      LOG_LEVEL: 'silent',
    });
    app = await createApp(config, { logDestination: { write: () => undefined } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${OPERATOR_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const answer = await post('/v1/ucs', {
      ucId: '4242',
      distribuidora: 'copel',
      titular: { document: '52998224725', name: 'Ana' },
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2025-01-01',
    });
    expect(answer.status).toBe(201);
    await app.get(Platform).waitForIdle();
    await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('/health reports the event store and each projection caught up (lag 0)', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      details: { readModels: { status: string; lag: Record<string, number> } };
    };
    expect(body.status).toBe('ok');
    expect(body.details.readModels.status).toBe('up');
    expect(Object.keys(body.details.readModels.lag).sort()).toEqual([
      'corrections',
      'generator_flows',
      'invoice_shares',
      'invoices',
      'titular_holdings',
      'uc_balance',
      'uc_statement',
    ]);
    expect(Object.values(body.details.readModels.lag).every((lag) => lag === 0)).toBe(true);
  });

  it('/metrics serves Prometheus text with projection and process-manager lag', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^compensa_projection_lag_events\{projection="uc_balance"\} 0$/m);
    expect(text).toMatch(/^compensa_process_manager_lag_events\{consumer="pm-excedente-delivery"\} 0$/m);
    expect(text).toMatch(/^compensa_process_cpu_user_seconds_total /m);
  });
});
