import type { Command } from 'commander';
import { importBalancesCommand, type ImportBalancesOptions } from './import-balances-command';
import { importReadingsCommand, type ImportReadingsOptions } from './import-readings-command';

/**
 * The data directory, as the server's DATA_DIR: with PLATFORM_DB_URL the import runs beside the API as an `api`
 * instance (openImportPlatform); without it, on the directory's files, the API stopped.
 */
const DATA_DIR_HELP =
  'DATA_DIR: events.db and platform.db; stop the API first unless PLATFORM_DB_URL is set (then it runs as an api instance, EVENT_STORE as the server)';

/** Adds `compensa import readings FILE` and `compensa import balances FILE`. */
export function registerImportCommand(program: Command): void {
  const imports = program.command('import').description('bulk imports through the same rules as the API');
  imports
    .command('readings')
    .description('import a month of readings: CSV (uc;cycle;reading_date;posto;consumed;injected) or JSON Lines')
    .argument(
      '<file>',
      '.csv (`;` or `,`, decimal comma accepted, one line per posto) or .jsonl (RecordReading bodies)',
    )
    .option('--data-dir <dir>', DATA_DIR_HELP, './data')
    .option('--distribuidora <code>', 'refuse UCs of any other distribuidora')
    .option('--errors <file>', 'where refused readings go (default: FILE.erros.csv beside the file)')
    .option('--batch-size <n>', 'readings decided and appended together (one transaction)', '1000')
    .action((file: string, options: ImportReadingsOptions) => importReadingsCommand(file, options));
  imports
    .command('balances')
    .description(
      'import opening balances from the legacy billing system: CSV (uc;kind;vintage;posto;kwh;gd_class;origin_uc;…) or JSON Lines',
    )
    .argument('<file>', '.csv (`;` or `,`, decimal comma accepted, one line per lot) or .jsonl (the same keys)')
    .option('--data-dir <dir>', DATA_DIR_HELP, './data')
    .option('--date <YYYY-MM-DD>', 'the import date (R9: vintages 60 months before it are refused); default today')
    .option('--distribuidora <code>', 'distribuidora of held credits whose UC the platform does not know')
    .option('--errors <file>', 'where refused UCs go (default: FILE.erros.csv beside the file)')
    .option('--reconciliation <file>', 'the full reconciliation (default: FILE.reconciliacao.csv beside the file)')
    .option('--concurrency <n>', 'UCs imported at once', '64')
    .action((file: string, options: ImportBalancesOptions) => importBalancesCommand(file, options));
}
