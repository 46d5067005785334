/**
 * Parked events over HTTP: a delivery a decider refuses is parked; /health turns `degraded` and names it, /metrics
 * counts it; operators list, retry (after the fix: delivered exactly once) and resolve (with a reason) at
 * /v1/admin/parked; auditors may not; bad input is a 4xx problem+json.
 */
import 'reflect-metadata';
import type { RecordedEvent } from '@compensa/event-store';
import { appendPoisonAllocation } from '../support/poison-allocation';
import { AUDITOR_KEY, operatorHeaders, startApi, type RunningApi } from '../support/running-api';

const UC = (ucId: string) => ({
  ucId,
  distribuidora: 'copel',
  titular: { document: '52998224725', name: 'Ana' },
  group: 'B',
  connection: 'trifasico',
  postos: ['unico'],
  registeredAt: '2025-01-01',
});

describe('parked events (e2e)', () => {
  let api: RunningApi;
  const post = (path: string, body: unknown = {}, headers = operatorHeaders()) =>
    fetch(`${api.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const get = (path: string, headers: Record<string, string> = operatorHeaders()) =>
    fetch(`${api.url}${path}`, { headers });

  /** An ExcedenteAllocated no decider made: 42 kWh to `target`, which is not registered. */
  async function poison(target: string): Promise<RecordedEvent> {
    const e = await appendPoisonAllocation(api.store, '5000', [{ ucId: target, kwh: '42.000' }]);
    await api.platform.waitForIdle();
    return e;
  }

  beforeAll(async () => {
    api = await startApi({ COMPENSA_RETRY_INITIAL_MS: '5', COMPENSA_RETRY_MAX_MS: '100' });
    expect((await post('/v1/ucs', UC('5000'))).status).toBe(201);
  });
  afterAll(async () => api?.close());

  it('parks a refused delivery: /health degraded with the count, /metrics, list; retry after the fix delivers it once', async () => {
    const event = await poison('9999');
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as {
      status: string;
      details: {
        processManagers: {
          parked: number;
          degraded: boolean;
          consumers: Record<string, { parked: number; state: string }>;
        };
      };
    };
    expect(body.status).toBe('degraded');
    expect(body.details.processManagers).toMatchObject({ degraded: true, parked: 1 });
    expect(body.details.processManagers.consumers['pm-excedente-delivery']).toMatchObject({
      parked: 1,
      state: 'ok',
      lag: 0,
    });
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/^compensa_parked_events\{consumer="pm-excedente-delivery"\} 1$/m);
    expect(metrics).toMatch(/^compensa_consumer_lag_events\{consumer="pm-excedente-delivery"\} 0$/m);
    expect(metrics).toMatch(/^compensa_consumer_retries_total\{consumer="pm-excedente-delivery"\} \d+$/m);

    expect((await get('/v1/admin/parked', { Authorization: `Bearer ${AUDITOR_KEY}` })).status).toBe(403);
    const list = (await (await get('/v1/admin/parked')).json()) as {
      open: number;
      records: { parkedId: string; kwh: string; event: { id: string } }[];
    };
    expect(list.open).toBe(1);
    expect(list.records[0]).toMatchObject({
      kwh: '42.000',
      status: 'parked',
      error: { rule: 'UnknownUc' },
      event: { id: event.id, position: event.position },
    });
    const id = list.records[0].parkedId;

    const still = await post(`/v1/admin/parked/${id}/retry`);
    expect(still.status).toBe(200);
    expect(await still.json()).toMatchObject({ status: 'parked', retries: [{ outcome: 'still-parked' }] });
    expect((await post('/v1/ucs', UC('9999'))).status).toBe(201);
    const ok = await post(`/v1/admin/parked/${id}/retry`);
    expect(await ok.json()).toMatchObject({ status: 'retried-ok' });
    const again = await post(`/v1/admin/parked/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    let received = 0;
    for await (const e of api.store.readStream('uc-copel-9999')) if (e.type === 'ExcedenteReceived') received++;
    expect(received).toBe(1);
    expect(((await (await fetch(`${api.url}/health`)).json()) as { status: string }).status).toBe('ok');
  });

  it('resolves with a reason (required), keeps the record; unknown ids are 404 problem+json', async () => {
    await poison('8888');
    const { records } = (await (await get('/v1/admin/parked')).json()) as {
      records: { parkedId: string; status: string }[];
    };
    const id = records.find((r) => r.status === 'parked')!.parkedId;
    const blank = await post(`/v1/admin/parked/${id}/resolve`, { reason: '  ' });
    expect(blank.status).toBe(422);
    expect(blank.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await blank.json()) as { errors: unknown }).errors).toEqual([
      { field: 'reason', message: 'reason não pode ficar em branco' },
    ]);
    const resolved = await post(`/v1/admin/parked/${id}/resolve`, {
      reason: 'UC 8888 does not exist; corrected by hand',
    });
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({
      status: 'resolved',
      resolution: { reason: 'UC 8888 does not exist; corrected by hand' },
    });
    expect((await post(`/v1/admin/parked/${id}/resolve`, { reason: 'twice' })).status).toBe(409);
    const missing = await post('/v1/admin/parked/00000000-0000-0000-0000-000000000000/retry');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({
      title: 'Não encontrado',
      detail: 'Não há evento parado com o id 00000000-0000-0000-0000-000000000000.',
    });
    const all = (await (await get('/v1/admin/parked')).json()) as { open: number; records: unknown[] };
    expect(all).toMatchObject({ open: 0 });
    expect(all.records).toHaveLength(2);
  });
});
