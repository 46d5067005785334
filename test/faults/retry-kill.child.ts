/**
 * Child of retry-kill.int.spec.ts: starts the platform on an existing data dir behind a store that lets the first
 * two deliveries through and then refuses every delivery append, records each generator's reading of `cycle`, and
 * prints `retrying` once the excedente consumer is in its retry loop; the parent then SIGKILLs it.
 */
import { join } from 'node:path';
import { SqliteEventStore } from '@compensa/event-store';
import { openPlatform, recordCycle } from './fault-scenario';
import { deliveries, FlakyEventStore } from './flaky-event-store';

async function main(): Promise<void> {
  const [dir, generators, cycle] = process.argv.slice(2);
  const flaky = new FlakyEventStore(new SqliteEventStore({ path: join(dir, 'events.db') }));
  let through = 2;
  flaky.failAppends(Infinity, (stream, events) => deliveries(stream, events) && through-- <= 0);
  const { platform } = openPlatform(dir, { store: flaky });
  await platform.start();
  await recordCycle(platform, Number(generators), cycle);
  for (;;) {
    const r = (await platform.consumerReports())['pm-excedente-delivery'];
    if (r.state === 'retrying' && r.attempts >= 3) break;
    await new Promise((res) => setTimeout(res, 5));
  }
  process.stdout.write('retrying\n');
  await new Promise(() => undefined); // killed here, in the middle of the retry loop
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
