import {
  BALANCE_ERROR_FILE_HEADER,
  balanceErrorFileLine,
  balanceGroupsOf,
  BalanceImportInterrupted,
  importBalances,
  importFormatOf,
  platformBalanceTarget,
  SystemClock,
} from '@compensa/application';
import { parseBusinessDate } from '@compensa/domain';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { balanceCountsText, balanceSummaryText } from './balance-summary-text';
import { ImportProgress } from './import-progress';
import { openImportPlatform } from './open-import-platform';
import { interruptedText, INTERRUPTED_EXIT_CODE, stopOnSignal } from './stop-on-signal';

/** Options of `compensa import balances`. */
export interface ImportBalancesOptions {
  dataDir: string;
  date?: string;
  distribuidora?: string;
  errors?: string;
  reconciliation?: string;
  concurrency?: string;
}

/** The file's SHA-256, read once before the import (the events carry it: the same file appends nothing twice). */
async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `compensa import balances FILE`: a legacy billing system's opening balances (CSV, one line per lot, or JSON
 * Lines), UC by UC through the platform's deciders. Embedded (no PLATFORM_DB_URL): on the data directory the API
 * uses (stop the API first); with PLATFORM_DB_URL, as an `api` instance while the API runs (openImportPlatform).
 * Prints the reconciliation of the file against what the platform holds; refused UCs go to an error file a
 * spreadsheet opens.
 */
export async function importBalancesCommand(file: string, options: ImportBalancesOptions): Promise<void> {
  const size = statSync(file).size;
  const sha256 = await sha256Of(file);
  const clock = new SystemClock();
  const date = options.date ? parseBusinessDate(options.date, '--date') : clock.today();
  const opened = await openImportPlatform(options.dataDir);
  const { platform, store } = opened;
  const stem = join(dirname(file), basename(file, extname(file)));
  const errorsPath = options.errors ?? `${stem}.erros.csv`;
  const reconciliationPath = options.reconciliation ?? `${stem}.reconciliacao.csv`;
  let errors: WriteStream | null = null;
  const input = createReadStream(file);
  let bytes = 0;
  input.on('data', (chunk) => (bytes += chunk.length));
  const progress = new ImportProgress(size, () => bytes, undefined, 'UCs');
  // Ctrl-C (or SIGTERM) starts no new UC and lets those in flight finish: each is opened whole or not at all.
  const stop = stopOnSignal('quando as UCs em andamento terminarem', () => progress.stop(false));
  try {
    const outcome = await importBalances(
      balanceGroupsOf(input, importFormatOf(file), date),
      platformBalanceTarget(platform, store),
      {
        file: basename(file),
        sha256,
        date,
        distribuidora: options.distribuidora?.toLowerCase(),
        concurrency: options.concurrency ? Number(options.concurrency) : undefined,
        onOutcome: (o) => {
          if (o.outcome !== 'refused') return;
          if (!errors) {
            errors = createWriteStream(errorsPath);
            errors.write(`\uFEFF${BALANCE_ERROR_FILE_HEADER}\n`);
          }
          errors.write(`${balanceErrorFileLine(o)}\n`);
        },
        onProgress: (s) => progress.update({ readings: s.ucs, readingsPerSecond: s.ucsPerSecond }),
        signal: stop.signal,
      },
    ).catch((error: unknown) => {
      if (error instanceof BalanceImportInterrupted) return error;
      throw error;
    });
    progress.stop();
    // After an interruption too: the process managers only follow the log, so they deliver what the UCs opened call
    // for (the 30 days of their held credits) and nothing of the UCs not started. Skipped, nothing breaks either: they
    // resume from their checkpoints at the next start (a second Ctrl-C here exits at once).
    await opened.settle('regra dos 30 dias');
    const head =
      (await opened.modeText()) +
      `arquivo ${basename(file)} (SHA-256 ${sha256}), importação em ${date.split('-').reverse().join('/')}\n`;
    if (outcome instanceof BalanceImportInterrupted) {
      // The counts only: the reconciliation sets the file against what the platform holds from it, so it is written
      // by the run that reaches the end of the file (which reads back the UCs opened before as duplicates). A
      // reconciliation file of an earlier complete run is left as it is.
      const { summary } = outcome;
      process.stdout.write(
        head +
          balanceCountsText(summary, summary.refused ? errorsPath : null) +
          interruptedText(summary.ucs, 'UCs') +
          `a reconciliação (${reconciliationPath}) é escrita quando uma execução chega ao fim do arquivo\n`,
      );
      process.exitCode = INTERRUPTED_EXIT_CODE;
      return;
    }
    const { summary, reconciliation } = outcome;
    writeFileSync(reconciliationPath, `\uFEFF${reconciliation.csv()}`);
    process.stdout.write(
      head +
        balanceSummaryText(summary, reconciliation, {
          errors: summary.refused ? errorsPath : null,
          reconciliation: reconciliationPath,
        }),
    );
  } finally {
    stop.release();
    progress.stop();
    const open = errors as WriteStream | null;
    if (open) await new Promise((r) => open.end(r));
    await opened.close();
  }
}
