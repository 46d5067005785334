/**
 * Two `all` processes on one embedded store (one DATA_DIR): both serve the API, only the holder of the
 * process-managers lease runs the directory, the process managers, the scheduler and the projections. When it stops,
 * the other takes over, and an excedente recorded through the standby is delivered once.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';

const OPERATOR_KEY = 'operator-key-for-the-all-role-lease-e2e';
const ANA = { document: '529.982.247-25', name: 'Ana Souza' };
const FAILOVER_MS = 1000;

interface Running {
  app: NestExpressApplication;
  url: string;
}

describe('two `all` processes on one store: one lease, one runner of the consumers (e2e)', () => {
  let dataDir: string;
  const running: Running[] = [];

  const start = async (): Promise<Running> => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
      COMPENSA_FAILOVER_MS: String(FAILOVER_MS),
    });
    const app = await createApp(config, {
      clock: new SettableClock('2025-03-01' as BusinessDate),
      logDestination: { write: () => undefined },
    });
    await app.listen(0, '127.0.0.1');
    return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
  };
  const created = async (on: Running, path: string, body: unknown): Promise<void> => {
    const response = await fetch(`${on.url}${path}`, {
      method: path.endsWith('/rateio') ? 'PUT' : 'POST',
      headers: { Authorization: `Bearer ${OPERATOR_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  const consumers = async (on: Running) => Object.keys(await on.app.get(Platform).consumerReports()).sort();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-all-lease-'));
    running.push(await start(), await start());
  });

  afterAll(async () => {
    for (const r of running) await r.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the first runs the consumers, the second stands by; stop the first and the second takes over', async () => {
    const [first, second] = running;
    expect(await consumers(first)).toEqual(['pm-excedente-delivery', 'pm-held-credits']);
    expect(await consumers(second)).toEqual([]);

    // Both serve the API: the standby reads the shared directory the holder feeds.
    await second.app.get(Platform).commands.execute('SetDistribuidoraPolicy', {
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
    await created(second, '/v1/ucs', uc('1001'));
    await created(first, '/v1/ucs', uc('1002'));
    await created(second, '/v1/ucs/1001/generation', {
      installedKw: '8.2',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2025-01-05',
      connectedAt: '2025-01-10',
    });
    await created(first, '/v1/ucs/1001/rateio', {
      requestedAt: '2025-01-10',
      mode: 'percentage',
      shares: [
        { ucId: '1001', percent: '40' },
        { ucId: '1002', percent: '60' },
      ],
    });
    const reading = (cycle: string, readingDate: string, consumed: string, injected = '0') => ({
      cycle,
      readingDate,
      postos: { unico: { consumed, injected } },
    });
    await created(second, '/v1/ucs/1001/readings', reading('2025-01', '2025-01-20', '100'));
    await created(first, '/v1/ucs/1002/readings', reading('2025-01', '2025-01-22', '100'));

    // The holder stops (a clean shutdown hands the lease over); the standby takes over within the setting.
    await first.app.close();
    running.shift();
    const stopped = Date.now();
    while ((await consumers(second)).length === 0 && Date.now() - stopped < 5 * FAILOVER_MS)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.now() - stopped).toBeLessThanOrEqual(FAILOVER_MS + 500);
    expect(await consumers(second)).toEqual(['pm-excedente-delivery', 'pm-held-credits']);

    await created(second, '/v1/ucs/1001/readings', reading('2025-02', '2025-02-20', '250', '400'));
    await second.app.get(Platform).waitForIdle();
    const events: RecordedEvent[] = [];
    for await (const e of second.app.get<EventStore>(EVENT_STORE).readStream('uc-copel-1002')) events.push(e);
    const received = events.filter((e) => e.type === 'ExcedenteReceived');
    expect(received).toHaveLength(1);
    expect(received[0].data).toMatchObject({ sourceUcId: '1001', parts: [expect.objectContaining({ kwh: '90.000' })] });
  });
});
