/**
 * Exactly once across crashes: the platform is SIGKILLed at random moments while its process managers deliver
 * excedente; started again on the same files, every ExcedenteAllocated reaches each of its targets exactly once.
 */
import { Platform, SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore, type RecordedEvent } from '@compensa/event-store';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROUNDS = 5;
const GENERATORS = 12;
const REGISTER = join(__dirname, '..', 'support', 'swc-register.js');
const CHILD = join(__dirname, 'platform-kill.child.ts');
const CPF = '52998224725';

function open(dir: string) {
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  const platform = new Platform({ store, checkpoints, clock: new SettableClock('2025-01-01' as BusinessDate) });
  return {
    platform,
    store,
    close: async () => {
      await platform.stop();
      checkpoints.close();
      await store.close();
    },
  };
}

/** Generators 1000, 1010, …; each with beneficiaries +1..+4 at 20% each and 20% kept. */
async function setUp(dir: string): Promise<void> {
  const { platform, close } = open(dir);
  await platform.start();
  const c = platform.commands;
  // R10: no tariff in R$ here; the distribuidora reads the minimum as `greater-of` (P10).
  await c.execute('SetDistribuidoraPolicy', { distribuidora: 'copel', validFrom: '2000-01-01', p10: 'greater-of' });
  for (let g = 0; g < GENERATORS; g++) {
    const gen = 1000 + g * 10;
    for (let i = 0; i <= 4; i++) {
      await c.execute('RegisterUc', {
        ucId: String(gen + i),
        distribuidora: 'copel',
        titular: { document: CPF, name: 'Ana' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2025-01-01',
      });
    }
    await c.execute('RegisterGeneration', {
      ucId: String(gen),
      installedKw: '50',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2025-01-02',
      connectedAt: '2025-01-10',
    });
    await c.execute('ChangeRateio', {
      ucId: String(gen),
      requestedAt: '2025-01-10',
      mode: 'percentage',
      shares: [0, 1, 2, 3, 4].map((i) => ({ ucId: String(gen + i), percent: '20' })),
    });
    await c.execute('RecordReading', {
      ucId: String(gen),
      cycle: '2025-01',
      readingDate: '2025-01-15',
      postos: { unico: { consumed: '0', injected: '0' } },
    });
  }
  await platform.waitForIdle();
  await close();
}

/** How many (allocation, target) deliveries the log still lacks. */
async function pendingDeliveries(dir: string): Promise<number> {
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  let wanted = 0;
  const done = new Set<string>();
  for await (const e of store.readAll({ filter: { eventTypes: ['ExcedenteAllocated', 'ExcedenteReceived'] } })) {
    if (e.type === 'ExcedenteAllocated')
      wanted += new Set((e.data as { allocations: { ucId: string }[] }).allocations.map((a) => a.ucId)).size;
    else done.add(`${(e.data as { sourceEventId: string }).sourceEventId}>${e.stream}`);
  }
  await store.close();
  return wanted - done.size;
}

/**
 * Runs the child and kills it `delayMs` after it says it recorded `month`. A delay from its start instead ("ready")
 * let a fast machine finish every delivery before the kill, so no crash interrupted anything.
 */
function runAndKill(dir: string, round: number, month: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', REGISTER, CHILD, dir, String(round), String(GENERATORS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    let armed = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!armed && stdout.includes(`month ${month}\n`)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' || code === 0 ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
}

describe('process managers under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-platform-kill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`deliver every excedente exactly once after ${ROUNDS} crashes`, async () => {
    await setUp(dir);
    let interrupted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await runAndKill(dir, round, 1 + Math.floor(Math.random() * 12), Math.floor(Math.random() * 10));
      if ((await pendingDeliveries(dir)) > 0) interrupted++;
    }
    // The test means something only if some crash left deliveries undone.
    expect(interrupted).toBeGreaterThan(0);
    // Start again: the process managers resume from their checkpoints and finish what the crashes interrupted.
    const { platform, store, close } = open(dir);
    await platform.start();
    await platform.waitForIdle();
    const allocated: RecordedEvent[] = [];
    const received = new Map<string, number>();
    for await (const e of store.readAll()) {
      if (e.type === 'ExcedenteAllocated') allocated.push(e);
      if (e.type === 'ExcedenteReceived') {
        const d = e.data as { sourceEventId: string };
        const k = `${d.sourceEventId}>${e.stream}`;
        received.set(k, (received.get(k) ?? 0) + 1);
      }
    }
    await close();
    expect(allocated.length).toBeGreaterThan(0);
    let expectedDeliveries = 0;
    for (const a of allocated) {
      const targets = new Set((a.data as { allocations: { ucId: string }[] }).allocations.map((x) => x.ucId));
      for (const t of targets) {
        expectedDeliveries++;
        expect(received.get(`${a.id}>uc-copel-${t}`)).toBe(1);
      }
    }
    expect([...received.values()].reduce((x, y) => x + y, 0)).toBe(expectedDeliveries);
  }, 120_000);
});
