import type { Command } from 'commander';
import { listCorrections, showCorrection } from './corrections-commands';

/** Adds `compensa corrections list|show`: the re-billing reports of the retificações in a store. */
export function registerCorrectionsCommand(program: Command): void {
  const corrections = program
    .command('corrections')
    .description('retificações: what each corrected reading changed on whose bill');
  const dataDir = ['--data-dir <dir>', 'directory of events.db (or EVENT_STORE=kurrentdb)', './data'] as const;
  corrections
    .command('list')
    .description("every correction's re-billing report, oldest first (pt-BR text, or --json)")
    .option('--uc <ucId>', "only this UC's corrections")
    .option(...dataDir)
    .option('--json', 'print JSON')
    .action((options: { dataDir: string; uc?: string; json?: boolean }) => listCorrections(options));
  corrections
    .command('show')
    .description("one correction's re-billing report (exit 1 when there is none with this id)")
    .argument('<id>', 'the correction id (retif-<uc>-<cycle>-…), as the correction answered')
    .option(...dataDir)
    .option('--json', 'print JSON')
    .action((id: string, options: { dataDir: string; json?: boolean }) => showCorrection(id, options));
}
