/**
 * SIGKILL during a retry loop: a platform whose store refuses deliveries is killed while its excedente consumer
 * retries (some deliveries of the event made, the rest not, the checkpoint before the event); started again on the
 * same files, every excedente is delivered exactly once. FAULT_RUNS repeats it (default 1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliveryLedger, expectExactlyOnce, openPlatform, registerGroups } from './fault-scenario';

const RUNS = Math.max(1, Number(process.env.FAULT_RUNS ?? 1));
const GENERATORS = 3;
const REGISTER = join(__dirname, '..', 'support', 'swc-register.js');
const CHILD = join(__dirname, 'retry-kill.child.ts');

/** Runs the child until it says it is retrying, then SIGKILLs it. */
function killWhileRetrying(dir: string, cycle: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', REGISTER, CHILD, dir, String(GENERATORS), cycle], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('retrying') && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' && killed ? resolve() : reject(new Error(`child exited ${code ?? signal}: ${stderr}`)),
    );
  });
}

for (let run = 1; run <= RUNS; run++) {
  describe(`SIGKILL during a retry loop (run ${run}/${RUNS})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'compensa-retry-kill-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('delivers every excedente exactly once after the restart', async () => {
      const setUp = openPlatform(dir);
      await setUp.platform.start();
      await registerGroups(setUp.platform, GENERATORS);
      await setUp.platform.waitForIdle();
      await setUp.close();

      await killWhileRetrying(dir, '2025-02');
      const after = openPlatform(dir);
      try {
        // The kill left deliveries undone (the test means something only then), and two made.
        const { wanted, received } = await deliveryLedger(after.sqlite);
        expect(received.size).toBe(2);
        expect(wanted.length).toBe(GENERATORS * 4);
        await after.platform.start();
        await after.platform.waitForIdle();
        expect(await expectExactlyOnce(after.sqlite)).toBe(GENERATORS * 4);
        expect((await after.platform.consumerReports())['pm-excedente-delivery']).toMatchObject({
          state: 'ok',
          parked: 0,
          lag: 0,
        });
      } finally {
        await after.close();
      }
    }, 30_000);
  });
}
