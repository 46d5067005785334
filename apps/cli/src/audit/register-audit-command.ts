import type { Command } from 'commander';
import { AUDIT_EXIT, auditCommand } from './audit-command';

/** Adds `compensa audit` to the program; a usage error of its own exits 2, not commander's 1. */
export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description(
      'reexecuta os fluxos no domínio puro, imprime a trilha e verifica as cadeias de hashes e cada decisão registrada',
    )
    .option('--uc <id>', 'uma UC (o seu fluxo uc-<distribuidora>-<id>)')
    .option('--distribuidora <code>', 'com --uc: só a UC desta distribuidora')
    .option('--titular <document>', 'um titular (CPF ou CNPJ): as UCs que ele teve e os seus fluxos de titular')
    .option('--all', 'todos os fluxos uc-, titular- e tariff-')
    .option('--as-of <date>', 'os eventos com data até AAAA-MM-DD, inclusive')
    .option('--position <n>', 'os eventos até esta posição global, inclusive')
    .option('--format <format>', 'json | csv | html', 'json')
    .option(
      '--data-dir <dir>',
      'diretório do events.db (com EVENT_STORE=kurrentdb, lê KURRENTDB_CONNECTION_STRING)',
      './data',
    )
    .option('--out <file>', 'grava o relatório neste arquivo em vez da saída padrão')
    .option(
      '--read-model-url <url>',
      'modelos de leitura da verificação 3 (padrão: READ_MODEL_URL, senão DIR/read-models.db)',
    )
    .option(
      '--public-key <file>',
      'a chave pública confiável dos checkpoints assinados (padrão: COMPENSA_SIGNING_PUBLIC_KEY_FILE, senão COMPENSA_SIGNING_KEY_FILE.pub)',
    )
    .option('--witness <file>', 'o arquivo testemunha dos checkpoints (padrão: COMPENSA_CHECKPOINT_WITNESS)')
    .option('--no-read-models', 'pula a verificação 3 (os modelos de leitura conferem com a reexecução)')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : AUDIT_EXIT.usage))
    .action(auditCommand);
}
