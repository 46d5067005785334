import {
  BALANCE_ERROR_FILE_HEADER,
  balanceErrorFileLine,
  balanceGroupsOf,
  importBalances,
  importFormatOf,
  Platform,
  platformBalanceTarget,
  SqliteDirectoryStore,
  SqliteSnapshotStore,
  SystemClock,
} from '@compensa/application';
import { parseBusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore } from '@compensa/event-store';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { openCliEventStore } from '../open-cli-event-store';
import { balanceSummaryText } from './balance-summary-text';
import { ImportProgress } from './import-progress';
import { openPlatformDb } from './open-platform-db';

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
 * Lines), UC by UC through the platform's verbs, on the data directory the API uses (stop the API first). Prints the
 * reconciliation of the file against what the platform holds; refused UCs go to an error file a spreadsheet opens.
 */
export async function importBalancesCommand(file: string, options: ImportBalancesOptions): Promise<void> {
  const size = statSync(file).size;
  const sha256 = await sha256Of(file);
  const clock = new SystemClock();
  const date = options.date ? parseBusinessDate(options.date, '--date') : clock.today();
  const store = await openCliEventStore(options.dataDir);
  const db = openPlatformDb(options.dataDir);
  const platform = new Platform({
    store,
    checkpoints: new SqliteCheckpointStore(db),
    directory: new SqliteDirectoryStore(db),
    snapshots: new SqliteSnapshotStore(db),
    clock,
  });
  const stem = join(dirname(file), basename(file, extname(file)));
  const errorsPath = options.errors ?? `${stem}.erros.csv`;
  const reconciliationPath = options.reconciliation ?? `${stem}.reconciliacao.csv`;
  let errors: WriteStream | null = null;
  const input = createReadStream(file);
  let bytes = 0;
  input.on('data', (chunk) => (bytes += chunk.length));
  const progress = new ImportProgress(size, () => bytes, undefined, 'UCs');
  try {
    await platform.start();
    const { summary, reconciliation } = await importBalances(
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
      },
    );
    progress.stop();
    process.stderr.write('aguardando os processos (regra dos 30 dias)…\n');
    await platform.waitForIdle();
    writeFileSync(reconciliationPath, `\uFEFF${reconciliation.csv()}`);
    process.stdout.write(
      `arquivo ${basename(file)} (SHA-256 ${sha256}), importação em ${date.split('-').reverse().join('/')}\n` +
        balanceSummaryText(summary, reconciliation, {
          errors: summary.refused ? errorsPath : null,
          reconciliation: reconciliationPath,
        }),
    );
  } finally {
    progress.stop();
    const open = errors as WriteStream | null;
    if (open) await new Promise((r) => open.end(r));
    await platform.stop();
    db.close();
    await store.close();
  }
}
