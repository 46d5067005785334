import type { Command } from 'commander';
import { listCorrections, showCorrection } from './corrections-commands';

/** Adds `compensa corrections list|show`: the re-billing reports of the retificações in a store. */
export function registerCorrectionsCommand(program: Command): void {
  const corrections = program
    .command('corrections')
    .description('retificações: o que cada leitura retificada mudou, e na fatura de quem');
  const dataDir = ['--data-dir <dir>', 'diretório do events.db (ou EVENT_STORE=kurrentdb)', './data'] as const;
  corrections
    .command('list')
    .description('o relatório de refaturamento de cada retificação, da mais antiga à mais recente (texto, ou --json)')
    .option('--uc <ucId>', 'só as retificações desta UC')
    .option(...dataDir)
    .option('--json', 'imprime JSON')
    .action((options: { dataDir: string; uc?: string; json?: boolean }) => listCorrections(options));
  corrections
    .command('show')
    .description('o relatório de refaturamento de uma retificação (sai com código 1 se não houver nenhuma com este id)')
    .argument('<id>', 'o id da retificação (retif-<uc>-<ciclo>-…), como veio na resposta da retificação')
    .option(...dataDir)
    .option('--json', 'imprime JSON')
    .action((id: string, options: { dataDir: string; json?: boolean }) => showCorrection(id, options));
}
