/**
 * Idempotency keys shared by API instances through PLATFORM_DB_URL (PostgreSQL): a key used on one instance is
 * replayed by another, and reusing it for another request is refused there too. Two `api` processes on one
 * embedded log, each with a DATA_DIR of its own for everything else.
 */
import 'reflect-metadata';
import { openPlatformState, type PlatformState } from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';
import { startInstancesOnOneLog, type Instance } from '../support/instances-on-one-log';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OPERATOR_KEY = 'operator-key-for-the-shared-idempotency-e2e';

describe('idempotency keys across API instances (PLATFORM_DB_URL)', () => {
  let dir: string;
  let schema: string;
  const apps: Instance[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-idem-'));
    schema = `pi_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    apps.push(
      ...(await startInstancesOnOneLog(
        dir,
        Array.from({ length: 2 }, () => ({
          // One log for both (the embedded store, shared by path); platform state in PostgreSQL.
          PLATFORM_DB_URL: `${PG_URL}?schema=${schema}`,
          COMPENSA_ROLE: 'api',
          COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
        })),
      )),
    );
  });

  afterAll(async () => {
    for (const { app } of apps) await app.close();
    const state: PlatformState = await openPlatformState(PG_URL, { schema, poolSize: 1 });
    await state.close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const register = (on: number, ucId: string, key: string) =>
    fetch(`${apps[on].url}/v1/ucs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${OPERATOR_KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({
        ucId,
        distribuidora: 'copel',
        titular: { document: '52998224725', name: 'Ana' },
        group: 'B',
        connection: 'monofasico',
        postos: ['unico'],
        registeredAt: '2025-01-01',
      }),
    });

  it('a key used on one instance is replayed by the other; reused for another request, refused there', async () => {
    const first = await register(0, '7001', 'register-7001');
    expect(first.status).toBe(201);
    const body = await first.json();
    const replayed = await register(1, '7001', 'register-7001');
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await replayed.json()).toEqual(body);
    const reused = await register(1, '7002', 'register-7001');
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({
      type: 'urn:compensa:problem:idempotency-key-reused',
      title: 'Chave de idempotência reutilizada',
    });
    const events = [];
    for await (const e of apps[0].app.get<EventStore>(EVENT_STORE).readStream('uc-copel-7001')) events.push(e);
    expect(events).toHaveLength(1);
  });
});
