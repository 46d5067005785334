import {
  KyselyDirectoryStore,
  openPlatformState,
  Platform,
  SystemClock,
  type ParkedRecord,
  type PlatformState,
} from '@compensa/application';
import type { CheckpointStore } from '@compensa/event-store';
import { openCliEventStore } from '../open-cli-event-store';
import { pluralPtBr } from '@compensa/domain';

/** Options every `compensa parked` subcommand takes. */
export interface ParkedOptions {
  dataDir: string;
  json?: boolean;
}

/** The CLI runs no process manager: nothing of its own to checkpoint. */
const NO_CHECKPOINTS: CheckpointStore = { load: async () => null, store: async () => undefined };

/**
 * A platform on the data directory's log with the process managers NOT started (a running API keeps its own). Its
 * directory: with PLATFORM_DB_URL, the shared one in PostgreSQL, read only (the worker holding the lease feeds it);
 * else one of its own rebuilt in memory from the log (never the API's platform.db, which the API caches).
 */
async function withPlatform<T>(options: ParkedOptions, run: (platform: Platform) => Promise<T>): Promise<T> {
  const store = await openCliEventStore(options.dataDir);
  const url = process.env.PLATFORM_DB_URL;
  let state: PlatformState | null = null;
  try {
    state = url && /^postgres(ql)?:\/\//.test(url) ? await openPlatformState(url, { poolSize: 2 }) : null;
    const platform = new Platform({
      store,
      checkpoints: NO_CHECKPOINTS,
      clock: new SystemClock(),
      ...(state ? { directory: new KyselyDirectoryStore(state.db, 'postgres'), directoryMode: 'shared' as const } : {}),
    });
    try {
      await platform.start({ processManagers: false, directory: state === null });
      return await run(platform);
    } finally {
      await platform.stop();
    }
  } finally {
    await state?.close();
    await store.close();
  }
}

function line(r: ParkedRecord): string {
  const e = r.event;
  return [
    r.parkedId,
    r.status,
    r.consumer,
    `${e.type} ${e.stream}@${e.revision} (posição ${e.position})`,
    `${r.kwh ?? '-'} kWh${r.targets.length ? ` → ${r.targets.join(', ')}` : ''}`,
    `${r.lastError.rule}: ${r.lastError.message}`,
    r.resolution ? `resolvido: ${r.resolution.reason}` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

function print(records: ParkedRecord[], json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  else for (const r of records) process.stdout.write(`${line(r)}\n`);
}

/** `compensa parked list`: every parked record (all statuses), oldest first; a count of those still parked on stderr. */
export async function listParked(options: ParkedOptions): Promise<void> {
  await withPlatform(options, async (platform) => {
    const records = await platform.parked.list();
    print(records, options.json);
    const parked = records.filter((r) => r.status === 'parked').length;
    process.stderr.write(
      `${pluralPtBr(parked, 'parado', 'parados')}, ${pluralPtBr(records.length, 'registrado', 'registrados')}\n`,
    );
  });
}

/** `compensa parked retry <id>`: runs the consumer's handler again; exit code 1 when it is still parked. */
export async function retryParked(id: string, options: ParkedOptions): Promise<void> {
  const record = await withPlatform(options, (platform) => platform.retryParked(id));
  print([record], options.json);
  if (record.status === 'parked') {
    process.stderr.write(`compensa: ${id} continua parado: ${record.lastError.rule}: ${record.lastError.message}\n`);
    process.exitCode = 1;
  }
}

/** `compensa parked resolve <id> --reason <text>`: settles it by hand; the reason is kept with the record. */
export async function resolveParked(id: string, options: ParkedOptions & { reason: string }): Promise<void> {
  if (!options.reason || !/\S/.test(options.reason))
    throw new Error('--reason é obrigatória: por que ele é resolvido à mão?');
  const record = await withPlatform(options, (platform) => platform.parked.resolve(id, options.reason.trim()));
  print([record], options.json);
}
