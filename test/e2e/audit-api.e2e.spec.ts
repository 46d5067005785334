/** `GET /v1/audit/...`: the audit replay over HTTP, for the auditor role only, in JSON, CSV and HTML. */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform } from '@compensa/application';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';

const OPERATOR = 'operator-key-for-the-audit-api-e2e';
const AUDITOR = 'auditor-key-for-the-audit-api-e2e';

describe('audit API (e2e)', () => {
  let dataDir: string;
  let app: NestExpressApplication;
  let url: string;
  const get = (path: string, key = AUDITOR) => fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-audit-api-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      COMPENSA_API_KEYS: `${OPERATOR}:operator,${AUDITOR}:auditor`,
      LOG_LEVEL: 'silent',
    });
    app = await createApp(config, { logDestination: { write: () => undefined } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${OPERATOR}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.status).toBe(201);
    };
    await post('/v1/ucs', {
      ucId: '777',
      distribuidora: 'copel',
      titular: { document: '52998224725', name: 'Ana' },
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2025-01-01',
    });
    await post('/v1/ucs/777/generation', {
      installedKw: '5',
      source: 'solar',
      dispatchable: false,
      modalidade: 'local',
      requestedAt: '2025-01-02',
      connectedAt: '2025-01-10',
    });
    await post('/v1/ucs/777/readings', {
      cycle: '2025-01',
      readingDate: '2025-01-20',
      postos: { unico: { consumed: '100', injected: '300' } },
    });
    await app.get(Platform).waitForIdle();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('audits everything, all three checks, for an auditor', async () => {
    const r = await get('/v1/audit/all');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-audit-passed')).toBe('true');
    const report = (await r.json()) as { summary: { passed: boolean; checks: { readModels: { ran: boolean } } } };
    expect(report.summary.passed).toBe(true);
    expect(report.summary.checks.readModels.ran).toBe(true);
  });

  it('renders one UC as HTML and CSV; as of a date it skips the read-model check', async () => {
    const html = await get('/v1/audit/ucs/777?format=html');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('200&nbsp;kWh'); // pt-BR: no ',000' on whole kWh
    const csv = await get('/v1/audit/ucs/777?format=csv&asOf=2025-01-31');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^uc,cycle,readingDate/);
  });

  it('refuses the operator (403), an unknown UC (404) and contradictory parameters (422)', async () => {
    expect((await get('/v1/audit/all', OPERATOR)).status).toBe(403);
    expect((await get('/v1/audit/ucs/999')).status).toBe(404);
    const both = await get('/v1/audit/all?asOf=2025-01-01&position=3');
    expect(both.status).toBe(422);
    expect(await both.json()).toMatchObject({
      title: 'Dados inválidos',
      errors: [{ field: 'asOf', message: 'informe uma data (asOf) ou uma posição (position), não as duas' }],
    });
    const pdf = await get('/v1/audit/all?format=pdf');
    expect(pdf.status).toBe(422);
    expect(((await pdf.json()) as { errors: unknown }).errors).toEqual([
      { field: 'format', message: 'format deve ser um destes valores: json, csv, html' },
    ]);
  });
});
