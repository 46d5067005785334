import {
  ERROR_FILE_HEADER,
  errorFileLine,
  importFormatOf,
  ImportInterrupted,
  importReadings,
  platformImportTarget,
  readingGroupsOf,
  type ImportSummary,
} from '@compensa/application';
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ImportProgress } from './import-progress';
import { openImportPlatform } from './open-import-platform';
import { interruptedText, INTERRUPTED_EXIT_CODE, stopOnSignal } from './stop-on-signal';

/** Options of `compensa import readings`. */
export interface ImportReadingsOptions {
  dataDir: string;
  distribuidora?: string;
  errors?: string;
  batchSize?: string;
}

/**
 * `compensa import readings FILE`: a CSV (one line per posto) or JSON Lines (RecordReading bodies) file of readings,
 * through the platform's command path. Embedded (no PLATFORM_DB_URL): on the data directory the API uses, with its
 * process managers (stop the API first, or post the file to `POST /v1/imports/readings`); with PLATFORM_DB_URL, as
 * an `api` instance while the API runs (openImportPlatform). Refused readings go to an error file a spreadsheet opens.
 */
export async function importReadingsCommand(file: string, options: ImportReadingsOptions): Promise<void> {
  const size = statSync(file).size;
  const opened = await openImportPlatform(options.dataDir);
  const { platform, store } = opened;
  const errorsPath = options.errors ?? join(dirname(file), `${basename(file, extname(file))}.erros.csv`);
  // Created at the first refusal: a clean import leaves no file behind.
  let errors: WriteStream | null = null;
  const input = createReadStream(file);
  let bytes = 0;
  input.on('data', (chunk) => (bytes += chunk.length));
  const progress = new ImportProgress(size, () => bytes);
  // Ctrl-C (or SIGTERM) stops after the batch in flight: what was decided stays recorded, and the summary says how far
  // it got. A second one stops at once, as a kill does: SQLite undoes the batch in flight.
  const stop = stopOnSignal('ao fim do lote em andamento', () => progress.stop(false));
  try {
    const outcome = await importReadings(
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
        signal: stop.signal,
      },
    ).catch((error: unknown) => {
      if (error instanceof ImportInterrupted) return error;
      throw error;
    });
    progress.stop();
    await opened.settle('entrega de excedente');
    const interrupted = outcome instanceof ImportInterrupted;
    const summary = interrupted ? outcome.summary : outcome;
    process.stdout.write((await opened.modeText()) + summaryText(summary, summary.refused ? errorsPath : null));
    if (interrupted) {
      process.stdout.write(interruptedText(summary.readings, 'leituras'));
      process.exitCode = INTERRUPTED_EXIT_CODE;
    }
  } finally {
    stop.release();
    progress.stop();
    const open = errors as WriteStream | null;
    if (open) await new Promise((r) => open.end(r));
    await opened.close();
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
