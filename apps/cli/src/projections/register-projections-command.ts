import type { Command } from 'commander';
import { READ_MODEL_NAMES } from '@compensa/projections';
import { rebuildCommand } from './rebuild-command';

/** Adds `compensa projections rebuild [name…]`. */
export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').description('the read models');
  projections
    .command('rebuild')
    .description(`drop and rebuild read models from the event log (${READ_MODEL_NAMES.join(', ')}; default: all)`)
    .argument('[names...]', 'read models to rebuild')
    .option('--data-dir <dir>', 'directory of events.db (and of read-models.db by default)', './data')
    .option(
      '--read-model-url <url>',
      'postgres://… or sqlite:<path> (default: READ_MODEL_URL, else DIR/read-models.db)',
    )
    .option('--partitions <n>', 'rebuild in N partitions, run as N processes at once (PostgreSQL read models gain)')
    .option('--partition <i/N>', 'rebuild only partition i of N (run the N at once; one that died resumes)')
    .action(
      (names: string[], options: { dataDir: string; readModelUrl?: string; partition?: string; partitions?: string }) =>
        rebuildCommand(names, options),
    );
}
