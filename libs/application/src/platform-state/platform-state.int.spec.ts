/**
 * The platform state on SQLite (a temp file) and PostgreSQL (a fresh schema, dropped after): leases with fencing
 * tokens, checkpoints that refuse a stale holder's write, and a lease keeper that replaces a dead holder within its
 * fail-over setting.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointConflict } from '@compensa/event-store';
import { sql } from 'kysely';
import { silentLogger } from '../logger';
import { ConsumerLeases, type Lease } from './consumer-leases';
import { FencedOut } from './fenced-out';
import { KyselyCheckpointStore } from './kysely-checkpoint-store';
import { LeaseKeeper } from './lease-keeper';
import { openPlatformState, type PlatformState } from './open-platform-state';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(['sqlite', 'postgres'] as const)('platform state on %s', (dialect) => {
  let dir: string;
  let state: PlatformState;
  let leases: ConsumerLeases;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-platform-state-'));
    state =
      dialect === 'sqlite'
        ? await openPlatformState(`sqlite:${join(dir, 'platform.db')}`)
        : await openPlatformState(PG_URL, { schema: `ps_${randomUUID().replace(/-/g, '').slice(0, 16)}`, poolSize: 3 });
    leases = new ConsumerLeases(state);
  });

  afterEach(async () => {
    await state.close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('one holder at a time: renewing keeps the token, taking over an expired lease raises it', async () => {
    const a = await leases.acquire('pm', 'worker-a', 150);
    expect(a).toEqual({ name: 'pm', holder: 'worker-a', token: 1 });
    expect(await leases.acquire('pm', 'worker-b', 150)).toBeNull();
    expect(await leases.acquire('pm', 'worker-a', 150)).toEqual(a);
    await sleep(200);
    const b = await leases.acquire('pm', 'worker-b', 150);
    expect(b).toEqual({ name: 'pm', holder: 'worker-b', token: 2 });
    expect(await leases.acquire('pm', 'worker-a', 150)).toBeNull();
    // A clean hand-over: released, the next holder's token is higher still.
    await leases.release(b!);
    expect(await leases.acquire('pm', 'worker-a', 150)).toEqual({ name: 'pm', holder: 'worker-a', token: 3 });
  });

  it("a stale holder's checkpoint write is refused once another took over (FencedOut); the new holder's lands", async () => {
    let held: Lease | null = await leases.acquire('pm', 'worker-a', 100);
    const asA = new KyselyCheckpointStore(state, () => held);
    await asA.store('pm-excedente-delivery', null, 10);
    await sleep(150);
    const b = await leases.acquire('pm', 'worker-b', 10_000);
    const asB = new KyselyCheckpointStore(state, () => b);

    // A was paused through the takeover and still believes it holds token 1.
    await expect(asA.store('pm-excedente-delivery', 10, 20)).rejects.toBeInstanceOf(FencedOut);
    expect(await asB.load('pm-excedente-delivery')).toBe(10);
    await asB.store('pm-excedente-delivery', 10, 30);
    expect(await asA.load('pm-excedente-delivery')).toBe(30);
    // Compare-and-set still holds under the lease, and no lease at all writes nothing.
    await expect(asB.store('pm-excedente-delivery', 10, 40)).rejects.toBeInstanceOf(CheckpointConflict);
    held = null;
    await expect(asA.store('pm-held-credits', null, 5)).rejects.toBeInstanceOf(FencedOut);
    expect(await asA.load('pm-held-credits')).toBeNull();
  });

  it('two workers: the leader dies without a word, the other takes over within the fail-over setting', async () => {
    // Long enough that a loaded CI machine's timer lag (tens of ms) is small beside it: the lease runs 3/4 of it and
    // the other instance tries every 1/4, so the takeover is due within the setting; the margin is for scheduling only.
    const failoverMs = 1000;
    const events: string[] = [];
    const keeper = (holder: string) =>
      new LeaseKeeper(leases, 'process-managers', holder, { failoverMs }, silentLogger);
    const callbacks = (holder: string) => ({
      gained: async (lease: Lease) => void events.push(`${holder} gained ${lease.token}`),
      lost: async () => void events.push(`${holder} lost`),
    });
    const a = keeper('worker-a');
    const b = keeper('worker-b');
    await a.start(callbacks('worker-a'));
    await b.start(callbacks('worker-b'));
    await sleep(failoverMs); // B keeps trying while A renews
    expect(events).toEqual(['worker-a gained 1']);
    expect(b.current()).toBeNull();

    // A dies: it renews no more and releases nothing.
    await a.stop({ release: false });
    const died = Date.now();
    while (b.current() === null && Date.now() - died < 5 * failoverMs) await sleep(10);
    const takeoverMs = Date.now() - died;
    expect(b.current()).toMatchObject({ holder: 'worker-b', token: 2 });
    expect(takeoverMs).toBeLessThanOrEqual(failoverMs + 100);
    await b.stop();
    expect(events).toEqual(['worker-a gained 1', 'worker-a lost', 'worker-b gained 2', 'worker-b lost']);
    // Released on a clean stop: a new worker takes over at once, with a higher token.
    expect(await leases.acquire('process-managers', 'worker-c', 1000)).toMatchObject({ token: 3 });
  });

  it("a platform state made before import jobs kept their run's options gets the column when opened again", async () => {
    // The table as the version before it made it: no run_options.
    const source =
      dialect === 'sqlite'
        ? `sqlite:${join(dir, 'earlier.db')}`
        : `${PG_URL}?schema=pe_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const earlier = await openPlatformState(source);
    try {
      await sql`DROP TABLE import_jobs`.execute(earlier.db);
      await sql`CREATE TABLE import_jobs (id text PRIMARY KEY, kind text NOT NULL, format text NOT NULL,
        status text NOT NULL, received_bytes bigint NOT NULL, read_bytes bigint NOT NULL, eta_seconds bigint,
        started_at text NOT NULL, finished_at text, progress text NOT NULL, failure text, instance text NOT NULL,
        heartbeat_at bigint NOT NULL)`.execute(earlier.db);
      await sql`INSERT INTO import_jobs VALUES ('old-job', 'readings', 'csv', 'done', 1, 1, NULL,
        '2026-12-01T00:00:00.000Z', NULL, '{}', NULL, 'host-1', 0)`.execute(earlier.db);
    } finally {
      await earlier.close();
    }
    const again = await openPlatformState(source);
    try {
      const rows = await again.db.selectFrom('import_jobs').select(['id', 'run_options']).execute();
      expect(rows).toEqual([{ id: 'old-job', run_options: null }]);
      // Opened once more: the column is there already, nothing to add.
      await (await openPlatformState(source)).close();
    } finally {
      await again.close({ dropSchema: true });
    }
  });
});
