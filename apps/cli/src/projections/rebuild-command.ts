import {
  openReadModels,
  ProjectionRunner,
  projectionsFor,
  READ_MODEL_NAMES,
  type RebuildProgress,
} from '@compensa/projections';
import { SingleBar } from 'cli-progress';
import { join } from 'node:path';
import { openCliEventStore } from '../open-cli-event-store';

/** Options of `compensa projections rebuild`. */
export interface RebuildOptions {
  dataDir: string;
  readModelUrl?: string;
}

/**
 * `compensa projections rebuild [name…]`: drops the named read models (default: all), replays the whole log into
 * them and moves their checkpoints, with a progress bar (events/s, ETA) on stderr. Run it with the API stopped: a
 * running API keeps projecting from its own checkpoints.
 */
export async function rebuildCommand(names: string[], options: RebuildOptions): Promise<void> {
  const unknown = names.filter((n) => !(READ_MODEL_NAMES as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(`unknown read model ${unknown.join(', ')}; one of ${READ_MODEL_NAMES.join(', ')}`);
  const store = await openCliEventStore(options.dataDir);
  const url = options.readModelUrl ?? process.env.READ_MODEL_URL ?? `sqlite:${join(options.dataDir, 'read-models.db')}`;
  const readModels = await openReadModels(url);
  const tty = process.stderr.isTTY === true;
  const bar = new SingleBar({
    format: 'rebuild |{bar}| {percentage}% | {value}/{total} events | {eps} events/s | ETA {eta_formatted}',
    stream: process.stderr,
    noTTYOutput: false,
    hideCursor: true,
  });
  let lastLine = 0;
  const onProgress = (p: RebuildProgress) => {
    if (tty) {
      if (!bar.isActive) bar.start(p.total, 0, { eps: 0 });
      bar.setTotal(p.total);
      bar.update(p.done, { eps: Math.round(p.eventsPerSecond) });
    } else if (Date.now() - lastLine > 2000) {
      // Not a terminal (CI, a log file): a line every 2 s instead of a redrawn bar.
      lastLine = Date.now();
      process.stderr.write(
        `rebuild: ${p.done}/${p.total} events, ${Math.round(p.eventsPerSecond)} events/s, ETA ${p.etaSeconds === null ? '?' : Math.ceil(p.etaSeconds)} s\n`,
      );
    }
  };
  try {
    const runner = new ProjectionRunner({ store, readModels });
    const result = await runner.rebuild(names.length ? names : undefined, onProgress);
    if (bar.isActive) bar.stop();
    process.stderr.write(
      `rebuilt ${rebuiltNames(names, result.projections)} on ${readModels.dialect}: ${result.events} events in ${result.seconds.toFixed(1)} s (${Math.round(result.eventsPerSecond)} events/s)\n`,
    );
  } finally {
    if (bar.isActive) bar.stop();
    await readModels.close();
    await store.close();
  }
}

/**
 * What a rebuild rebuilt, by the names the user gave: "expiring_credits (with uc_balance, portfolio: the same
 * projection's tables)". A read model may be answered by another's projection; naming only that one puzzled.
 */
function rebuiltNames(asked: readonly string[], projections: readonly string[]): string {
  const all = READ_MODEL_NAMES.filter((n) => projections.includes(projectionsFor([n])[0].name));
  if (asked.length === 0) return `every read model (${all.join(', ')})`;
  const also = all.filter((n) => !asked.includes(n));
  return `${asked.join(', ')}${also.length ? ` (with ${also.join(', ')}: the same projection's tables)` : ''}`;
}
