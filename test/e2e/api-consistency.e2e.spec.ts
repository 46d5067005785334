/**
 * The API answers like one API: one problem type for validation errors, one message per field and a cap on how
 * many, 415 for a body that is not JSON, 405 (with Allow) for a known route asked with another method, and HTTP
 * request metrics (count and latency by route and status) on /metrics.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { MAX_FIELD_ERRORS } from '../../apps/api/src/problems/request-validation.error';

const KEY = 'operator-key-for-the-api-consistency-test';

describe('API consistency (e2e)', () => {
  let dataDir: string;
  let app: NestExpressApplication;
  let url: string;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { Authorization: `Bearer ${KEY}`, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-consistency-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      COMPENSA_API_KEYS: `${KEY}:operator`,
    });
    app = await createApp(config, {
      clock: new SettableClock('2025-01-10' as BusinessDate),
      logDestination: { write: () => undefined },
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a 100,000-element array body: 422, one problem type, at most the capped number of field messages', async () => {
    const response = await call('/v1/ucs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(new Array<number>(100_000).fill(0)),
    });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { type: string; detail: string; errors: { field: string }[] };
    expect(problem.type).toBe('urn:compensa:problem:validation-failed');
    expect(problem.detail).toMatch(/^o campo 0 não é permitido; .* e mais \d+ campos inválidos$/);
    expect(problem.errors.length).toBeLessThanOrEqual(MAX_FIELD_ERRORS);
    expect(new Set(problem.errors.map((e) => e.field)).size).toBe(problem.errors.length);
  });

  it('415 for a body that is not JSON', async () => {
    const response = await call('/v1/ucs', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'ucId=1001',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: 'about:blank',
      title: 'Tipo de conteúdo não suportado',
      detail: 'O corpo da requisição deve ser JSON (Content-Type: application/json).',
    });
  });

  it('405 with Allow for a known route asked with another method; 404 stays for an unknown one', async () => {
    const response = await call('/v1/portfolio', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('GET');
    expect(await response.json()).toMatchObject({
      type: 'about:blank',
      title: 'Método não permitido',
      detail: expect.stringMatching(
        /^O método DELETE não é aceito em \/v1\/portfolio; métodos aceitos: .*GET/,
      ) as unknown,
    });
    expect((await call('/v1/nothing-here')).status).toBe(404);
  });

  it('/metrics counts HTTP requests and their latency by route pattern and status', async () => {
    await call('/v1/portfolio');
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/compensa_http_requests_total\{method="GET",route="\/v1\/portfolio",status="200"\} [1-9]/);
    expect(text).toMatch(/compensa_http_requests_total\{method="POST",route="[^"]*",status="415"\} 1/);
    expect(text).toContain('compensa_http_request_duration_seconds_bucket{');
  });
});
