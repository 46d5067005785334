/**
 * Child of platform-kill.int.spec.ts: starts the platform on an existing data dir and records generator readings
 * (each allocates excedente to 4 beneficiaries) as fast as it can, while the process managers deliver; it says each
 * month it recorded, and the parent kills it with SIGKILL at a random moment after one of them.
 */
import { Platform, SettableClock } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore } from '@compensa/event-store';
import { join } from 'node:path';

async function main(): Promise<void> {
  const [dir, roundArg, generatorsArg] = process.argv.slice(2);
  const round = Number(roundArg);
  const generators = Number(generatorsArg);
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  const platform = new Platform({ store, checkpoints, clock: new SettableClock('2025-01-01' as BusinessDate) });
  await platform.start();
  process.stdout.write('ready\n');
  // Round r records cycles of year 2030 + r, so every round adds new readings on top of the previous ones.
  for (let month = 1; month <= 12; month++) {
    const cycle = `${2030 + round}-${String(month).padStart(2, '0')}`;
    await Promise.all(
      Array.from({ length: generators }, (_, g) =>
        platform.commands.execute('RecordReading', {
          ucId: String(1000 + g * 10),
          cycle,
          readingDate: `${cycle}-15`,
          postos: { unico: { consumed: '100', injected: '1000.001' } },
        }),
      ),
    );
    // The parent kills after a month it chose: while the process managers still deliver this month's excedente.
    process.stdout.write(`month ${month}\n`);
  }
  process.stdout.write('done\n');
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
