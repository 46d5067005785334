import type { Command } from 'commander';
import { importReadingsCommand, type ImportReadingsOptions } from './import-readings-command';

/** Adds `compensa import readings FILE`. */
export function registerImportCommand(program: Command): void {
  const imports = program.command('import').description('bulk imports through the same rules as the API');
  imports
    .command('readings')
    .description('import a month of readings: CSV (uc;cycle;reading_date;posto;consumed;injected) or JSON Lines')
    .argument(
      '<file>',
      '.csv (`;` or `,`, decimal comma accepted, one line per posto) or .jsonl (RecordReading bodies)',
    )
    .option('--data-dir <dir>', 'directory of events.db and platform.db (stop the API first)', './data')
    .option('--distribuidora <code>', 'refuse UCs of any other distribuidora')
    .option('--errors <file>', 'where refused readings go (default: FILE.erros.csv beside the file)')
    .option('--concurrency <n>', 'readings decided at once', '64')
    .action((file: string, options: ImportReadingsOptions) => importReadingsCommand(file, options));
}
