import type { Command } from 'commander';
import { importBalancesCommand, type ImportBalancesOptions } from './import-balances-command';
import { importReadingsCommand, type ImportReadingsOptions } from './import-readings-command';

/**
 * The data directory, as the server's DATA_DIR: with PLATFORM_DB_URL the import runs beside the API as an `api`
 * instance (openImportPlatform); without it, on the directory's files, the API stopped.
 */
const DATA_DIR_HELP =
  'DATA_DIR: events.db e platform.db; pare a API antes, a menos que PLATFORM_DB_URL esteja definida (aí roda como uma instância api, com o EVENT_STORE do servidor)';

/** Adds `compensa import readings FILE` and `compensa import balances FILE`. */
export function registerImportCommand(program: Command): void {
  const imports = program.command('import').description('importações em lote, pelas mesmas regras da API');
  imports
    .command('readings')
    .description('importa um mês de leituras: CSV (uc;cycle;reading_date;posto;consumed;injected) ou JSON Lines')
    .argument(
      '<file>',
      '.csv (`;` ou `,`, aceita vírgula decimal, uma linha por posto) ou .jsonl (corpos de RecordReading)',
    )
    .option('--data-dir <dir>', DATA_DIR_HELP, './data')
    .option('--distribuidora <code>', 'recusa UCs de qualquer outra distribuidora')
    .option('--errors <file>', 'para onde vão as leituras recusadas (padrão: FILE.erros.csv ao lado do arquivo)')
    .option('--batch-size <n>', 'leituras decididas e gravadas juntas (numa transação)', '1000')
    .action((file: string, options: ImportReadingsOptions) => importReadingsCommand(file, options));
  imports
    .command('balances')
    .description(
      'importa os saldos iniciais do sistema de faturamento legado: CSV (uc;kind;vintage;posto;kwh;gd_class;origin_uc;…) ou JSON Lines',
    )
    .argument('<file>', '.csv (`;` ou `,`, aceita vírgula decimal, uma linha por lote) ou .jsonl (as mesmas chaves)')
    .option('--data-dir <dir>', DATA_DIR_HELP, './data')
    .option(
      '--date <YYYY-MM-DD>',
      'a data da importação (R9: safras de 60 meses antes dela são recusadas); padrão: hoje',
    )
    .option('--distribuidora <code>', 'distribuidora dos créditos mantidos cuja UC a plataforma não conhece')
    .option('--errors <file>', 'para onde vão as UCs recusadas (padrão: FILE.erros.csv ao lado do arquivo)')
    .option('--reconciliation <file>', 'a reconciliação completa (padrão: FILE.reconciliacao.csv ao lado do arquivo)')
    .option('--concurrency <n>', 'UCs importadas ao mesmo tempo', '64')
    .action((file: string, options: ImportBalancesOptions) => importBalancesCommand(file, options));
}
