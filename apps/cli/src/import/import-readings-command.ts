import {
  ERROR_FILE_HEADER,
  errorFileLine,
  importFormatOf,
  importReadings,
  Platform,
  platformImportTarget,
  readingGroupsOf,
  SqliteDirectoryStore,
  SqliteSnapshotStore,
  SystemClock,
  type ImportSummary,
} from '@compensa/application';
import { SqliteCheckpointStore } from '@compensa/event-store';
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { openCliEventStore } from '../open-cli-event-store';
import { openPlatformDb } from './open-platform-db';
import { ImportProgress } from './import-progress';

/** Options of `compensa import readings`. */
export interface ImportReadingsOptions {
  dataDir: string;
  distribuidora?: string;
  errors?: string;
  batchSize?: string;
}

/**
 * `compensa import readings FILE`: a CSV (one line per posto) or JSON Lines (RecordReading bodies) file of readings,
 * through the platform's command path with its process managers, on the data directory the API uses (stop the API
 * first, or post the file to `POST /v1/imports/readings`). Refused readings go to an error file a spreadsheet opens.
 */
export async function importReadingsCommand(file: string, options: ImportReadingsOptions): Promise<void> {
  const size = statSync(file).size;
  const store = await openCliEventStore(options.dataDir);
  const db = openPlatformDb(options.dataDir);
  const platform = new Platform({
    store,
    checkpoints: new SqliteCheckpointStore(db),
    directory: new SqliteDirectoryStore(db),
    snapshots: new SqliteSnapshotStore(db),
    clock: new SystemClock(),
  });
  const errorsPath = options.errors ?? join(dirname(file), `${basename(file, extname(file))}.erros.csv`);
  // Created at the first refusal: a clean import leaves no file behind.
  let errors: WriteStream | null = null;
  const input = createReadStream(file);
  let bytes = 0;
  input.on('data', (chunk) => (bytes += chunk.length));
  const progress = new ImportProgress(size, () => bytes);
  try {
    await platform.start();
    const summary = await importReadings(
      readingGroupsOf(input, importFormatOf(file)),
      platformImportTarget(platform, store),
      {
        batchSize: options.batchSize ? Number(options.batchSize) : undefined,
        distribuidora: options.distribuidora,
        source: basename(file),
        onOutcome: (o) => {
          if (o.outcome !== 'refused') return;
          if (!errors) {
            errors = createWriteStream(errorsPath);
            errors.write(`\uFEFF${ERROR_FILE_HEADER}\n`);
          }
          errors.write(`${errorFileLine(o)}\n`);
        },
        onProgress: (s) => progress.update(s),
      },
    );
    progress.stop();
    process.stderr.write('aguardando os processos (entrega de excedente)…\n');
    await platform.waitForIdle();
    process.stdout.write(summaryText(summary, summary.refused ? errorsPath : null));
  } finally {
    progress.stop();
    const open = errors as WriteStream | null;
    if (open) await new Promise((r) => open.end(r));
    await platform.stop();
    db.close();
    await store.close();
  }
}

/** The end-of-run summary a billing clerk reads. */
export function summaryText(s: ImportSummary, errorsPath: string | null): string {
  const n = (x: number) => x.toLocaleString('pt-BR');
  const by = Object.entries(s.refusedBy)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${/^\d+$/.test(k) ? `HTTP ${k}` : k}: ${n(v)}`)
    .join(', ');
  return [
    `${n(s.readings)} leituras (${n(s.rows)} linhas) em ${s.seconds.toFixed(1).replace('.', ',')} s (${n(Math.round(s.readingsPerSecond))} leituras/s)`,
    `  aceitas:    ${n(s.accepted)}`,
    `  duplicadas: ${n(s.duplicates)} (já registradas com os mesmos valores; nada gravado)`,
    `  recusadas:  ${n(s.refused)}${by ? ` (${by})` : ''}`,
    ...(errorsPath ? [`  erros em ${errorsPath}`] : []),
    '',
  ].join('\n');
}
