#!/usr/bin/env node
import { registerAuditCommand } from './audit/register-audit-command';
import { registerCorrectionsCommand } from './corrections/register-corrections-command';
import { registerKeysCommand } from './keys/register-keys-command';
import { packageVersion } from './package-version';
import { compensaProgram, VERSION_OPTION_PT_BR } from './pt-br-commander';
import { registerImportCommand } from './import/register-import-command';
import { registerParkedCommand } from './parked/register-parked-command';
import { registerProjectionsCommand } from './projections/register-projections-command';
import { registerServeCommand } from './serve/register-serve-command';
import { simulateCommand } from './simulate/simulate-command';

/** `compensa`: the operators' and auditors' command line, in pt-BR (pt-br-commander.ts: commander's own words too). */
const program = compensaProgram('compensa')
  .description(
    'Compensa: a plataforma do sistema de compensação de energia elétrica, o SCEE (Lei 14.300/2022, REN 1.000/2021)',
  )
  .version(packageVersion(), '-V, --version', VERSION_OPTION_PT_BR)
  .showHelpAfterError();

program
  .command('simulate')
  .description(
    'executa um arquivo JSON Lines de comandos numa base de eventos embutida nova e imprime o resultado em JSON',
  )
  .argument(
    '<file>',
    'um comando por linha: {"command": "<nome>", ...campos}; também {"command": "AdvanceClock", "to": "AAAA-MM-DD"}',
  )
  .option(
    '--data-dir <dir>',
    'guarda a base de eventos neste diretório (padrão: um diretório temporário, apagado no fim)',
  )
  .option('--strict', 'sai com código 1 quando uma linha é recusada (o JSON é impresso do mesmo jeito)')
  .action(simulateCommand);

registerServeCommand(program);
registerAuditCommand(program);
registerProjectionsCommand(program);
registerParkedCommand(program);
registerKeysCommand(program);
registerImportCommand(program);
registerCorrectionsCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`compensa: ${(err as Error).message}\n`);
  process.exit(1);
});
