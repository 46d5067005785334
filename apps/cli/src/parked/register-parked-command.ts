import type { Command } from 'commander';
import { listParked, resolveParked, retryParked } from './parked-commands';

/** Adds `compensa parked list|retry|resolve`: deliveries the process managers parked (a decider refused them). */
export function registerParkedCommand(program: Command): void {
  const parked = program
    .command('parked')
    .description('eventos parados: entregas de um processo que uma regra recusou');
  const dataDir = ['--data-dir <dir>', 'diretório do events.db (ou EVENT_STORE=kurrentdb)', './data'] as const;
  parked
    .command('list')
    .description('lista os eventos parados (`parked`, `retried-ok`, `resolved`), do mais antigo ao mais recente')
    .option(...dataDir)
    .option('--json', 'imprime JSON')
    .action((options: { dataDir: string; json?: boolean }) => listParked(options));
  parked
    .command('retry')
    .description('tenta de novo a entrega de um evento parado (sai com código 1 se ela ainda for recusada)')
    .argument('<id>', 'o id do evento parado (de `parked list`)')
    .option(...dataDir)
    .option('--json', 'imprime JSON')
    .action((id: string, options: { dataDir: string; json?: boolean }) => retryParked(id, options));
  parked
    .command('resolve')
    .description('dá um evento parado por resolvido à mão; o motivo fica registrado e nada é apagado')
    .argument('<id>', 'o id do evento parado (de `parked list`)')
    .requiredOption('--reason <text>', 'por que ele é resolvido à mão')
    .option(...dataDir)
    .option('--json', 'imprime JSON')
    .action((id: string, options: { dataDir: string; json?: boolean; reason: string }) => resolveParked(id, options));
}
