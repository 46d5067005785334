/**
 * One partition of a rebuild, as its own process (bench:projections runs N of these at once):
 * `node --require ./test/support/swc-register.js bench/support/rebuild-partition.ts <events.db> <read-model url>
 * <schema or -> <i/N>`. Prints one JSON line: the events it read, when it started and ended (ms since the epoch,
 * after start-up), the CPU seconds it used, and whether it finished the rebuild.
 */
import { SqliteEventStore } from '@compensa/event-store';
import { openReadModels, parsePartition, ProjectionRunner } from '@compensa/projections';

async function main(): Promise<void> {
  const [eventsPath, url, schema, partitionText] = process.argv.slice(2);
  const store = new SqliteEventStore({ path: eventsPath });
  const readModels = await openReadModels(url, schema === '-' ? {} : { schema });
  try {
    const startedAt = Date.now();
    const cpu = process.cpuUsage();
    const result = await new ProjectionRunner({ store, readModels }).rebuildPartition(
      undefined,
      parsePartition(partitionText),
    );
    const used = process.cpuUsage(cpu);
    console.log(
      JSON.stringify({
        events: result.events,
        startedAt,
        endedAt: Date.now(),
        cpuSeconds: (used.user + used.system) / 1e6,
        finished: result.finished,
      }),
    );
  } finally {
    await readModels.close();
    await store.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
