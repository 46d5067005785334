/**
 * The money commands over HTTP (issue 12): tariffs in R$ per subgrupo (R22), the distribuidora's policy (P10, P12,
 * R13, R27, R28), bandeiras (R26) and SCEE rates (R23); a reading records what it was billed at; bad input is a 422
 * problem that appends nothing; distribuidora codes are case-insensitive.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, SettableClock } from '@compensa/application';
import { invoiceOfCycle, type BusinessDate, type UcEvent } from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';

const KEY = 'operator-key-for-the-money-e2e';
const ANA = { document: '529.982.247-25', name: 'Ana Souza' };
const COMPONENTS = { fioB: '0.25', fioA: '0.06', ped: '0.0085', tfsee: '0.0009' };

describe('money commands (e2e)', () => {
  let dataDir: string;
  let app: NestExpressApplication;
  let url: string;
  let platform: Platform;
  let store: EventStore;

  const send = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : {},
    };
  };
  const ok = async (method: string, path: string, body: unknown) => {
    const answer = await send(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { stream: string; events: { type: string; data: Record<string, unknown> }[] };
  };
  const refused = async (method: string, path: string, body: unknown, status = 422) => {
    await platform.waitForIdle();
    const before = await store.headPosition();
    const answer = await send(method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(await store.headPosition()).toBe(before);
    return answer.body as { detail?: string; errors?: unknown };
  };
  const streamEvents = async (stream: string): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const e of store.readStream(stream)) events.push(e);
    return events;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-money-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      COMPENSA_API_KEYS: `${KEY}:operator`,
    });
    app = await createApp(config, {
      clock: new SettableClock('2026-01-01' as BusinessDate),
      logDestination: { write: () => undefined },
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    platform = app.get(Platform);
    store = app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R22 PUT /v1/tariffs/{distribuidora} takes the R$ tariffs per subgrupo; COPEL is copel', async () => {
    const answer = await ok('PUT', '/v1/tariffs/COPEL', {
      validFrom: '2026-01-01',
      te: { unico: '0.33' },
      subgrupos: { B1: { unico: { te: '0.33', tusd: '0.67', ...COMPONENTS } } },
    });
    expect(answer.stream).toBe('tariff-copel');
    expect(answer.events[0].data).toMatchObject({
      distribuidora: 'copel',
      subgrupos: { B1: { unico: { te: '0.33' } } },
    });
  });

  it('R22 refuses an unknown subgrupo, a negative or non-numeric component (422, nothing appended)', async () => {
    const table = (unico: Record<string, unknown>, subgrupo = 'B1') => ({
      validFrom: '2026-02-01',
      te: { unico: '0.33' },
      subgrupos: { [subgrupo]: { unico } },
    });
    await refused('PUT', '/v1/tariffs/copel', table({ te: '0.33', tusd: '0.67', ...COMPONENTS }, 'B9'));
    await refused('PUT', '/v1/tariffs/copel', table({ te: '-0.33', tusd: '0.67', ...COMPONENTS }));
    await refused('PUT', '/v1/tariffs/copel', table({ te: 'abc', tusd: '0.67', ...COMPONENTS }));
  });

  it('P10 PUT /v1/distribuidoras/{distribuidora}/policy sets the policy from a date; bad fields are 422', async () => {
    const answer = await ok('PUT', '/v1/distribuidoras/Copel/policy', {
      validFrom: '2026-01-01',
      p10: 'cap',
      rounding: 'abnt',
      taxes: { icms: '0.19', pis: '0.011', cofins: '0.05' },
    });
    expect(answer.events).toEqual([
      expect.objectContaining({
        type: 'DistribuidoraPolicySet',
        data: expect.objectContaining({ distribuidora: 'copel', p10: 'cap' }),
      }),
    ]);
    await refused('PUT', '/v1/distribuidoras/copel/policy', { validFrom: '2026-02-01', p10: 'sometimes' });
    await refused('PUT', '/v1/distribuidoras/copel/policy', { validFrom: '2026-02-01', p11: 'cap' });
    await refused('PUT', '/v1/distribuidoras/copel/policy', {
      validFrom: '2026-02-01',
      taxes: { icms: '-0.1', pis: '0', cofins: '0' },
    });
    await refused('PUT', '/v1/distribuidoras/copel/policy', {
      validFrom: '2026-02-01',
      taxes: { icms: '18', pis: '0', cofins: '0' },
    });
    await refused('PUT', '/v1/distribuidoras/copel/policy', { validFrom: '2026-02-01', rounding: 'up' });
  });

  it('R26 and R23 PUT /v1/bandeiras/{month} and /v1/scce-rates/{year}; an unknown flag or a year before 2029 is 422', async () => {
    for (const month of ['2026-01', '2026-02', '2026-03'])
      await ok('PUT', `/v1/bandeiras/${month}`, { flag: 'amarela', rate: '0.01885' });
    expect((await ok('PUT', '/v1/scce-rates/2029', { share: '0.95' })).stream).toBe('national-scce-rates');
    await refused('PUT', '/v1/bandeiras/2026-04', { flag: 'roxa', rate: '0.01' });
    await refused('PUT', '/v1/bandeiras/2026-04', { flag: 'verde', rate: '-1' });
    await refused('PUT', '/v1/scce-rates/2027', { share: '0.5' });
    await refused('PUT', '/v1/scce-rates/2030', { share: '1.5' });
  });

  it('R10 a GD II beneficiary near its minimum is capped in R$; its reading records what it was billed at', async () => {
    for (const ucId of ['1001', '1002'])
      await ok('POST', '/v1/ucs', {
        ucId,
        distribuidora: 'COPEL',
        titular: ANA,
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2026-01-01',
      });
    await ok('POST', '/v1/ucs/1001/generation', {
      installedKw: '10',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2025-01-05',
      connectedAt: '2026-01-02',
    });
    await ok('PUT', '/v1/ucs/1001/rateio', {
      requestedAt: '2026-01-02',
      mode: 'percentage',
      shares: [{ ucId: '1002', percent: '100' }],
    });
    const reading = (ucId: string, cycle: string, readingDate: string, consumed: string, injected: string) =>
      ok('POST', `/v1/ucs/${ucId}/readings`, { cycle, readingDate, postos: { unico: { consumed, injected } } });
    await reading('1001', '2026-01', '2026-01-31', '0', '0');
    await reading('1002', '2026-01', '2026-01-31', '0', '0');
    await reading('1001', '2026-02', '2026-03-02', '0', '500');
    await platform.waitForIdle();
    const answer = await reading('1002', '2026-02', '2026-03-03', '150', '0');
    const compensated = answer.events.find((e) => e.type === 'CycleCompensated')!.data as Extract<
      UcEvent,
      { type: 'CycleCompensated' }
    >['data'];
    // T = 0.33 + 0.67 = 1.00; f GD II 2026 = 60% × 0.25 = 0.15; E = 50 × 1.00 / 0.85 = 58.823 kWh (rounded down).
    expect(compensated.p10).toBe('cap');
    expect(compensated.compensatedKwh).toBe('58.823');
    expect(compensated.billing?.pricing.T.unico).toBe('1');
    expect(compensated.billing?.taxes).toMatchObject({ icms: '0.19' });
    const invoice = invoiceOfCycle(compensated);
    expect(invoice.energyParcel).toBe('100.00');
    expect(invoice.minimumBinding).toBe(false);
    expect((await streamEvents('uc-copel-1002')).at(-1)?.type).toBeDefined();
  });
});
