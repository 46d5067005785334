/**
 * Two worker processes (`COMPENSA_ROLE=worker`) on one log (the KurrentDB double as a process) and one platform
 * state and read-model database (PostgreSQL): one holds the process-managers lease and runs the process managers,
 * the other stands by; SIGKILL the leader and the other takes over within COMPENSA_FAILOVER_MS, from the shared
 * checkpoints. The fail-over time is printed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsumerLeases, openPlatformState, type PlatformState } from '@compensa/application';
import { startApiApp, type ApiAppProcess } from '../support/api-app-process';
import { startKurrentDbDoubleProcess, type KurrentDbDoubleProcess } from '../support/kurrentdb-double-process';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FAILOVER_MS = 2000;

jest.setTimeout(120_000);

describe('worker fail-over (two worker processes, the KurrentDB double, PostgreSQL)', () => {
  let dir: string;
  let double: KurrentDbDoubleProcess;
  let state: PlatformState;
  let platformSchema: string;
  let readModelsSchema: string;
  const workers: ApiAppProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-failover-'));
    double = await startKurrentDbDoubleProcess(join(dir, 'kurrentdb'));
    const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
    platformSchema = `pf_${suffix}`;
    state = await openPlatformState(PG_URL, { schema: platformSchema, poolSize: 2 });
    readModelsSchema = `rf_${suffix}`;
  });

  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await double?.stop('SIGTERM');
    await state?.close({ dropSchema: true });
    const readModels = await openPlatformState(PG_URL, { schema: readModelsSchema, poolSize: 1 });
    await readModels.close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const startWorker = (name: string) =>
    startApiApp({
      dataDir: join(dir, name),
      operatorKey: 'unused-by-a-worker',
      logFile: join(dir, `${name}.log`),
      env: {
        COMPENSA_ROLE: 'worker',
        EVENT_STORE: 'kurrentdb',
        KURRENTDB_CONNECTION_STRING: double.connectionString,
        PLATFORM_DB_URL: `${PG_URL}?schema=${platformSchema}`,
        READ_MODEL_URL: `${PG_URL}?schema=${readModelsSchema}`,
        COMPENSA_FAILOVER_MS: String(FAILOVER_MS),
        LOG_LEVEL: 'info',
      },
    });
  const consumersOf = async (worker: ApiAppProcess): Promise<string[]> => {
    const health = (await (await fetch(`${worker.url}/health`)).json()) as {
      details: { processManagers: { consumers: Record<string, unknown> } };
    };
    return Object.keys(health.details.processManagers.consumers).sort();
  };

  it('one worker runs the process managers; SIGKILL it and the other takes over within the setting', async () => {
    workers.push(...(await Promise.all([startWorker('worker-a'), startWorker('worker-b')])));
    const leases = new ConsumerLeases(state);
    const holderPid = async () => Number((await leases.current('process-managers'))?.holder.split('-').at(-2));
    const pid = await holderPid();
    const [active, standby] = workers[0].child.pid === pid ? workers : [workers[1], workers[0]];
    expect(active.child.pid).toBe(pid);
    expect(await consumersOf(active)).toEqual(['pm-excedente-delivery', 'pm-held-credits']);
    expect(await consumersOf(standby)).toEqual([]);
    const before = await leases.current('process-managers');

    await active.stop('SIGKILL');
    const killed = Date.now();
    while ((await holderPid()) !== standby.child.pid && Date.now() - killed < 5 * FAILOVER_MS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const failoverMs = Date.now() - killed;
    process.stdout.write(`worker fail-over: ${failoverMs} ms (COMPENSA_FAILOVER_MS=${FAILOVER_MS})\n`);
    const after = await leases.current('process-managers');
    expect(after?.token).toBeGreaterThan(before!.token);
    expect(failoverMs).toBeLessThanOrEqual(FAILOVER_MS + 250);
    // The survivor now runs them (its /health says so once its consumers started).
    const started = Date.now();
    while ((await consumersOf(standby)).length === 0 && Date.now() - started < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await consumersOf(standby)).toEqual(['pm-excedente-delivery', 'pm-held-credits']);
  });
});
