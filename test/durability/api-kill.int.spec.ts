/**
 * The API under load, SIGKILLed: the real app (a child process, apps/api/src/main.ts) takes readings for 200 UCs
 * cycle after cycle from 16 connections and is killed at a random moment, then started again on the same DATA_DIR,
 * several times. Afterwards: every reading answered 2xx is in the log (its ReadingRecorded, by UC and cycle), no
 * refused or never-sent reading is, and a reading whose request the kill cut is allowed either way; once the last
 * start has gone idle, every excedente allocated was received exactly once at each target, and `compensa audit
 * --all` (hash chains, every decision re-derived, the read models compared) passes.
 */
import { SqliteEventStore } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../apps/cli/src/audit/audit-command';
import { cycleReadings, setupPhases } from '../../bench/support/http-portfolio';
import { buildGroups, type Group } from '../../bench/support/synthetic-portfolio';
import { startApiApp, type ApiAppProcess } from '../support/api-app-process';
import { waitUntilCaughtUp } from '../support/consumer-lag';
import { runPool } from '../support/run-pool';
import { sendApiRequest } from '../support/send-api-request';

const KILLS = 5;
const GROUPS = 20; // 200 UCs
const CYCLES_PER_ROUND = 8;
const CONNECTIONS = 16;
const OPERATOR_KEY = 'api-kill-operator-key-0123456789abcdef';

/** What a reading's request got: a 2xx, a refusal, nothing (cut by the kill), or it was never sent. */
type Outcome = 'accepted' | 'refused' | 'unknown' | 'unsent';

/** A connection the kernel refused: the request never reached the app. */
function neverReached(error: unknown): boolean {
  return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
}

/**
 * Posts the readings of `cycles` until they are all answered or the app dies, noting the outcome of each by
 * UC|cycle; resolves with how many requests the kill cut.
 */
async function postReadings(
  app: ApiAppProcess,
  groups: Group[],
  cycles: number[],
  outcomes: Map<string, Outcome>,
): Promise<number> {
  let dead = false;
  let cut = 0;
  void app.exited.then(() => (dead = true));
  const readings = cycles.flatMap((c) => cycleReadings(groups, c));
  for (const { reading } of readings) outcomes.set(`${reading.ucId}|${reading.cycle}`, 'unsent');
  await runPool(
    readings,
    CONNECTIONS,
    async ({ reading, request }) => {
      const key = `${reading.ucId}|${reading.cycle}`;
      try {
        const { status } = await sendApiRequest(app.url, OPERATOR_KEY, request);
        outcomes.set(key, status >= 200 && status < 300 ? 'accepted' : 'refused');
      } catch (error) {
        // Refused at connect: never sent. Otherwise the kill cut it: it may or may not have been committed.
        if (!neverReached(error)) {
          outcomes.set(key, 'unknown');
          cut++;
        }
      }
    },
    () => dead,
  );
  return cut;
}

describe('the API under SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'compensa-api-kill-'));
  const logFile = join(dataDir, 'app.log');
  const start = () => startApiApp({ dataDir, operatorKey: OPERATOR_KEY, logFile, env: { LOG_LEVEL: 'warn' } });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged reading and delivers every excedente exactly once across ${KILLS} kills`, async () => {
    const groups = buildGroups(GROUPS, 9);
    const outcomes = new Map<string, Outcome>();
    let app = await start();
    for (const phase of setupPhases(groups)) {
      await runPool(phase, CONNECTIONS, async (request) => {
        const { status, text } = await sendApiRequest(app.url, OPERATOR_KEY, request);
        if (status >= 300) throw new Error(`set-up ${request.method} ${request.path}: ${status} ${text}`);
      });
    }

    let cutShort = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      if (kill > 0) app = await start();
      const cycles = Array.from({ length: CYCLES_PER_ROUND }, (_, i) => 1 + kill * CYCLES_PER_ROUND + i);
      const load = postReadings(app, groups, cycles, outcomes);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      const { signal } = await app.stop('SIGKILL');
      expect(signal).toBe('SIGKILL');
      if ((await load) > 0) cutShort++;
    }
    // The test means something only if kills landed while readings were in flight.
    expect(cutShort).toBeGreaterThan(0);

    // The last start: the process managers and projections resume from their checkpoints and go idle.
    app = await start();
    await waitUntilCaughtUp(app.url, 60_000);
    // Nest's shutdown hooks close the stores, then end the process by the same signal.
    const stopped = await app.stop('SIGTERM');
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);

    const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
    const recorded = new Map<string, number>();
    const allocated: { id: string; targets: Set<string> }[] = [];
    const received = new Map<string, number>();
    try {
      for await (const e of store.readAll({
        filter: { eventTypes: ['ReadingRecorded', 'ExcedenteAllocated', 'ExcedenteReceived'] },
      })) {
        const data = e.data as {
          ucId: string;
          cycle: string;
          allocations?: { ucId: string }[];
          sourceEventId?: string;
        };
        if (e.type === 'ReadingRecorded')
          recorded.set(`${data.ucId}|${data.cycle}`, (recorded.get(`${data.ucId}|${data.cycle}`) ?? 0) + 1);
        else if (e.type === 'ExcedenteAllocated')
          allocated.push({ id: e.id, targets: new Set(data.allocations!.map((a) => `uc-copel-${a.ucId}`)) });
        else
          received.set(
            `${data.sourceEventId}>${e.stream}`,
            (received.get(`${data.sourceEventId}>${e.stream}`) ?? 0) + 1,
          );
      }
    } finally {
      await store.close();
    }

    const counts = { accepted: 0, refused: 0, unknown: 0, unsent: 0 };
    const wrong: string[] = [];
    for (const [key, outcome] of outcomes) {
      counts[outcome]++;
      const present = recorded.get(key) ?? 0;
      if (present > 1) wrong.push(`${key} recorded ${present} times`);
      if (outcome === 'accepted' && present === 0) wrong.push(`${key} answered 2xx but is not in the log`);
      if ((outcome === 'refused' || outcome === 'unsent') && present > 0)
        wrong.push(`${key} ${outcome} but in the log`);
    }
    for (const key of recorded.keys()) if (!outcomes.has(key)) wrong.push(`${key} in the log but never posted`);
    expect(wrong).toEqual([]);
    expect(counts.accepted).toBeGreaterThan(0);

    // Exactly once: each allocation's every target received it once, and nothing else was received.
    expect(allocated.length).toBeGreaterThan(0);
    const missingOrDoubled: string[] = [];
    let expectedDeliveries = 0;
    for (const a of allocated) {
      for (const target of a.targets) {
        expectedDeliveries++;
        const n = received.get(`${a.id}>${target}`) ?? 0;
        if (n !== 1) missingOrDoubled.push(`${a.id}>${target}: ${n}`);
      }
    }
    expect(missingOrDoubled).toEqual([]);
    expect([...received.values()].reduce((x, y) => x + y, 0)).toBe(expectedDeliveries);

    // What `compensa audit --all` computes, with the read models the app left (check c): it must pass.
    const exitCode = await runAudit({ all: true, dataDir, format: 'json', out: join(dataDir, 'audit.json') });
    expect(exitCode).toBe(0);
    process.stdout.write(
      `api-kill: ${JSON.stringify(counts)}; ${allocated.length} allocations, ${expectedDeliveries} deliveries\n`,
    );
  }, 180_000);
});
