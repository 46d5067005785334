import type { Command } from 'commander';
import { READ_MODEL_NAMES } from '@compensa/projections';
import { rebuildCommand } from './rebuild-command';

/** Adds `compensa projections rebuild [name…]`. */
export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').description('os modelos de leitura');
  projections
    .command('rebuild')
    .description(
      `apaga e reconstrói modelos de leitura a partir do log de eventos (${READ_MODEL_NAMES.join(', ')}; padrão: todos)`,
    )
    .argument('[names...]', 'os modelos de leitura a reconstruir')
    .option('--data-dir <dir>', 'diretório do events.db (e, por padrão, do read-models.db)', './data')
    .option(
      '--read-model-url <url>',
      'postgres://… ou sqlite:<caminho> (padrão: READ_MODEL_URL, senão DIR/read-models.db)',
    )
    .option(
      '--partitions <n>',
      'reconstrói em N partições, executadas como N processos ao mesmo tempo (ganho com modelos de leitura no PostgreSQL)',
    )
    .option(
      '--partition <i/N>',
      'reconstrói só a partição i de N (execute as N ao mesmo tempo; uma que morreu retoma de onde parou)',
    )
    .action(
      (names: string[], options: { dataDir: string; readModelUrl?: string; partition?: string; partitions?: string }) =>
        rebuildCommand(names, options),
    );
}
