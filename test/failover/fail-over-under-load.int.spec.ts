/**
 * Past one process, under load: the KurrentDB double as a process, PostgreSQL for the platform state and the read
 * models, 3 `api` instances and 2 `worker`s (child processes). Readings of generators with beneficiaries go through
 * a round-robin client over the API instances, each with its Idempotency-Key (a request that died with its instance is
 * sent again, same key, to another one); in the middle the active worker and one API instance are SIGKILLed. Then:
 * every reading answered 2xx is stored once, every excedente allocated is delivered exactly once, a key answered by
 * one instance is replayed by another, the audit (read models compared with its replay) passes, and the fail-over
 * time is printed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  auditReplay,
  compareReadModelsWith,
  ConsumerLeases,
  openPlatformState,
  type PlatformState,
} from '@compensa/application';
import type { RecordedEvent } from '@compensa/event-store';
import { KurrentDbEventStore } from '@compensa/event-store/kurrentdb';
import { openReadModels } from '@compensa/projections';
import { startApiApp, type ApiAppProcess } from '../support/api-app-process';
import { startKurrentDbDoubleProcess, type KurrentDbDoubleProcess } from '../support/kurrentdb-double-process';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FAILOVER_MS = 2000;
const OPERATOR_KEY = 'operator-key-for-the-fail-over-under-load-test';
const ANA = { document: '529.982.247-25', name: 'Ana Souza' };
const GENERATORS = ['1001', '1002', '1003', '1004'];
const beneficiariesOf = (g: string) => [`2${g.slice(1)}1`, `2${g.slice(1)}2`];
const CYCLES = Array.from({ length: 8 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
/** After this share of the readings was answered, the active worker and one API instance are SIGKILLed. */
const KILL_AT = 0.4;
/** Longest a request is tried (across instances) before the test gives up on it. */
const REQUEST_DEADLINE_MS = 30_000;

// Measured 56–83 s on 2 shared cores at load 11–19 (most of it the 5 processes starting); the guard is above that.
jest.setTimeout(140_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  body: unknown;
  replayed: boolean;
  instance: number;
}

/** A small client: each request to the next live instance in turn; retried elsewhere (same key) if it failed. */
class RoundRobin {
  private next = 0;
  readonly dead = new Set<number>();
  constructor(private readonly urls: string[]) {}

  private pick(except?: number): number {
    for (let i = 0; i < this.urls.length; i++) {
      const at = this.next++ % this.urls.length;
      if (!this.dead.has(at) && at !== except) return at;
    }
    throw new Error('no API instance left');
  }

  /** Sends once to instance `at`. */
  async sendTo(at: number, method: string, path: string, body: unknown, key?: string): Promise<Answer> {
    const response = await fetch(`${this.urls[at]}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${OPERATOR_KEY}`,
        'Content-Type': 'application/json',
        ...(key ? { 'Idempotency-Key': key } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : null,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      instance: at,
    };
  }

  /**
   * Sends until answered: a connection that fails (the instance died) is tried again on the next instance with the
   * same key; so are a 5xx and a 409 (a lost race, or the key still in progress where the request died).
   */
  async send(method: string, path: string, body: unknown, key?: string): Promise<Answer> {
    const deadline = Date.now() + REQUEST_DEADLINE_MS;
    for (;;) {
      const at = this.pick();
      let answer: Answer | null = null;
      try {
        answer = await this.sendTo(at, method, path, body, key);
      } catch {
        this.dead.add(at);
      }
      if (answer && answer.status < 500 && answer.status !== 409) return answer;
      if (Date.now() > deadline)
        throw new Error(`${method} ${path}: no answer within ${REQUEST_DEADLINE_MS} ms (${JSON.stringify(answer)})`);
      await sleep(answer?.status === 409 ? 200 : 50);
    }
  }

  /** An instance other than `at` still alive. */
  other(at: number): number {
    return this.pick(at);
  }
}

describe('fail-over under load (the double, PostgreSQL, 3 api instances, 2 workers)', () => {
  let dir: string;
  let double: KurrentDbDoubleProcess;
  let state: PlatformState;
  let platformSchema: string;
  let readModelsSchema: string;
  const processes: ApiAppProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-failover-load-'));
    double = await startKurrentDbDoubleProcess(join(dir, 'kurrentdb'));
    const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
    platformSchema = `pl_${suffix}`;
    readModelsSchema = `rl_${suffix}`;
    state = await openPlatformState(PG_URL, { schema: platformSchema, poolSize: 2 });
  });

  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL').catch(() => undefined);
    await double?.stop('SIGTERM');
    await state?.close({ dropSchema: true });
    const readModels = await openPlatformState(PG_URL, { schema: readModelsSchema, poolSize: 1 });
    await readModels.close({ dropSchema: true });
    // KEEP_FAILOVER_LOGS=1 keeps the processes' logs.
    if (process.env.KEEP_FAILOVER_LOGS) process.stdout.write(`logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  });

  const start = (name: string, role: 'api' | 'worker') =>
    startApiApp({
      dataDir: join(dir, name),
      operatorKey: OPERATOR_KEY,
      logFile: join(dir, `${name}.log`),
      env: {
        COMPENSA_ROLE: role,
        EVENT_STORE: 'kurrentdb',
        KURRENTDB_CONNECTION_STRING: double.connectionString,
        PLATFORM_DB_URL: `${PG_URL}?schema=${platformSchema}`,
        READ_MODEL_URL: `${PG_URL}?schema=${readModelsSchema}`,
        COMPENSA_FAILOVER_MS: String(FAILOVER_MS),
        // A request that died with its instance runs again elsewhere after 3 s (not the default 30 s).
        COMPENSA_IDEMPOTENCY_CLAIM_MS: '3000',
        // An api instance waits for the shared directory through a fail-over.
        COMPENSA_DIRECTORY_WAIT_MS: String(3 * FAILOVER_MS),
        LOG_LEVEL: 'warn',
      },
    });

  it('every 2xx reading stored once, every excedente delivered once, keys honoured across instances, audit passes', async () => {
    const t0 = Date.now();
    const started = await Promise.all([
      start('worker-a', 'worker'),
      start('worker-b', 'worker'),
      start('api-0', 'api'),
      start('api-1', 'api'),
      start('api-2', 'api'),
    ]);
    processes.push(...started);
    const [workerA, workerB, ...apis] = started;
    process.stdout.write(`5 processes started in ${Date.now() - t0} ms\n`);
    const client = new RoundRobin(apis.map((a) => a.url));
    const ok = async (method: string, path: string, body: unknown) => {
      const t = Date.now();
      const answer = await client.send(method, path, body, `setup-${randomUUID()}`);
      if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      if (Date.now() - t > 500) process.stdout.write(`slow setup ${method} ${path}: ${Date.now() - t} ms\n`);
    };

    // The portfolio, through the round-robin (a UC registered on one instance is used at once on the next).
    await ok('PUT', '/v1/distribuidoras/copel/policy', { validFrom: '2000-01-01', p10: 'greater-of' });
    const uc = (ucId: string) => ({
      ucId,
      distribuidora: 'copel',
      titular: ANA,
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2025-01-02',
    });
    for (const g of GENERATORS) {
      for (const id of [g, ...beneficiariesOf(g)]) await ok('POST', '/v1/ucs', uc(id));
      await ok('POST', `/v1/ucs/${g}/generation`, {
        installedKw: '8.2',
        source: 'solar',
        dispatchable: false,
        modalidade: 'autoconsumo_remoto',
        requestedAt: '2025-01-05',
        connectedAt: '2025-01-10',
      });
      const [b1, b2] = beneficiariesOf(g);
      await ok('PUT', `/v1/ucs/${g}/rateio`, {
        requestedAt: '2025-01-10',
        mode: 'percentage',
        shares: [
          { ucId: g, percent: '40' },
          { ucId: b1, percent: '30' },
          { ucId: b2, percent: '30' },
        ],
      });
    }

    // The load: one lane per UC (its cycles in order), every lane at once, each reading with its own key.
    const leases = new ConsumerLeases(state);
    const holderPid = async () => Number((await leases.current('process-managers'))?.holder.split('-').at(-2));
    const lanes = GENERATORS.flatMap((g) => [g, ...beneficiariesOf(g)]);
    const total = lanes.length * CYCLES.length;
    const answered: { ucId: string; cycle: string; key: string; body: unknown; answer: Answer }[] = [];
    let kill: Promise<{ failoverMs: number; killedWorker: ApiAppProcess }> | null = null;
    const killInTheMiddle = async () => {
      // The worker holding the lease now (it may have changed hands under load: read until it names one of them).
      let pid = await holderPid();
      while (pid !== workerA.child.pid && pid !== workerB.child.pid) pid = (await sleep(10), await holderPid());
      const active = workerA.child.pid === pid ? workerA : workerB;
      const standby = active === workerA ? workerB : workerA;
      const before = (await leases.current('process-managers'))!.token;
      const killedAt = Date.now();
      await Promise.all([active.stop('SIGKILL'), apis[0].stop('SIGKILL')]);
      while ((await holderPid()) !== standby.child.pid && Date.now() - killedAt < 5 * FAILOVER_MS) await sleep(20);
      expect((await leases.current('process-managers'))!.token).toBeGreaterThan(before);
      return { failoverMs: Date.now() - killedAt, killedWorker: active };
    };
    const loadStarted = Date.now();
    await Promise.all(
      lanes.map(async (ucId) => {
        const generator = GENERATORS.includes(ucId);
        for (const cycle of CYCLES) {
          const injected = generator && cycle !== CYCLES[0] ? '400' : '0';
          const consumed = generator && cycle !== CYCLES[0] ? '250' : '100';
          const body = { cycle, readingDate: `${cycle}-20`, postos: { unico: { consumed, injected } } };
          const key = `reading-${ucId}-${cycle}`;
          const answer = await client.send('POST', `/v1/ucs/${ucId}/readings`, body, key);
          answered.push({ ucId, cycle, key, body, answer });
          if (!kill && answered.length >= total * KILL_AT) kill = killInTheMiddle();
        }
      }),
    );
    const loadMs = Date.now() - loadStarted;
    const { failoverMs, killedWorker } = await kill!;
    const survivor = killedWorker === workerA ? workerB : workerA;
    process.stdout.write(
      `fail-over under load: ${total} readings through ${apis.length} api instances in ${loadMs} ms; ` +
        `worker fail-over ${failoverMs} ms (COMPENSA_FAILOVER_MS=${FAILOVER_MS}); ` +
        `answered by instance: ${[0, 1, 2].map((i) => answered.filter((a) => a.answer.instance === i).length).join('/')}\n`,
    );
    expect(failoverMs).toBeLessThanOrEqual(FAILOVER_MS + 500);
    expect(answered.filter((a) => a.answer.status >= 300)).toEqual([]);

    // Keys honoured across instances: a key answered by one instance is replayed, as it was, by another.
    const sample = answered.filter((_, i) => i % 17 === 0);
    for (const a of sample) {
      const at = client.dead.has(a.answer.instance) ? client.other(a.answer.instance) : a.answer.instance;
      const again = await client.sendTo(client.other(at), 'POST', `/v1/ucs/${a.ucId}/readings`, a.body, a.key);
      expect({ status: again.status, body: again.body, replayed: again.replayed }).toEqual({
        status: a.answer.status,
        body: a.answer.body,
        replayed: true,
      });
    }

    // The survivor catches up: process managers and projections with no lag.
    const idleSince = Date.now();
    for (;;) {
      const health = (await (await fetch(`${survivor.url}/health`)).json()) as {
        details: { processManagers?: { consumers?: Record<string, { lag: number }> }; readModels?: { lag?: unknown } };
      };
      const pmLag = Object.values(health.details.processManagers?.consumers ?? {}).map((c) => c.lag);
      const rmLag = JSON.stringify(health.details.readModels?.lag ?? null);
      const idle = pmLag.length === 2 && pmLag.every((l) => l === 0) && !/[1-9]/.test(rmLag);
      if (idle) break;
      if (Date.now() - idleSince > 30_000) throw new Error(`the survivor did not catch up: ${JSON.stringify(health)}`);
      await sleep(100);
    }

    const log = new KurrentDbEventStore(double.connectionString);
    const readModels = await openReadModels(`${PG_URL}?schema=${readModelsSchema}`);
    try {
      const events: RecordedEvent[] = [];
      for await (const e of log.readAll()) events.push(e);
      // Every reading answered 2xx is stored once.
      const readings = new Map<string, number>();
      for (const e of events.filter((x) => x.type === 'ReadingRecorded')) {
        const d = e.data as { ucId: string; cycle: string };
        readings.set(`${d.ucId}|${d.cycle}`, (readings.get(`${d.ucId}|${d.cycle}`) ?? 0) + 1);
      }
      expect(answered.filter((a) => readings.get(`${a.ucId}|${a.cycle}`) !== 1)).toEqual([]);
      expect(readings.size).toBe(total);
      // Every excedente allocated is delivered exactly once to each of its targets.
      const allocated = events.filter((e) => e.type === 'ExcedenteAllocated');
      expect(allocated).toHaveLength(GENERATORS.length * (CYCLES.length - 1));
      const received = new Map<string, number>();
      for (const e of events.filter((x) => x.type === 'ExcedenteReceived')) {
        const d = e.data as { sourceEventId: string };
        const k = `${d.sourceEventId}|${e.stream}`;
        received.set(k, (received.get(k) ?? 0) + 1);
      }
      const expected = allocated.flatMap((e) =>
        [...new Set((e.data as { allocations: { ucId: string }[] }).allocations.map((a) => a.ucId))].map(
          (ucId) => `${e.id}|uc-copel-${ucId}`,
        ),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.filter((k) => received.get(k) !== 1)).toEqual([]);
      expect([...received.keys()].sort()).toEqual([...expected].sort());

      // The read models the two workers fed equal the audit's replay (and every other check passes).
      const report = await auditReplay(log, { all: true }, { compareReadModels: compareReadModelsWith(readModels.db) });
      expect(report.mismatches.slice(0, 5)).toEqual([]);
      expect(report.summary.checks.readModels).toMatchObject({ ran: true, failed: 0 });
      expect(report.summary.passed).toBe(true);
    } finally {
      await readModels.close();
      await log.close();
    }
  });
});
