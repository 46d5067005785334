#!/usr/bin/env node
import { Command } from 'commander';
import { registerAuditCommand } from './audit/register-audit-command';
import { registerCorrectionsCommand } from './corrections/register-corrections-command';
import { registerKeysCommand } from './keys/register-keys-command';
import { packageVersion } from './package-version';
import { registerImportCommand } from './import/register-import-command';
import { registerParkedCommand } from './parked/register-parked-command';
import { registerProjectionsCommand } from './projections/register-projections-command';
import { registerServeCommand } from './serve/register-serve-command';
import { simulateCommand } from './simulate/simulate-command';

/** `compensa`: the operators' and auditors' command line. */
const program = new Command()
  .name('compensa')
  .description('Compensa: the SCEE energy compensation platform (Lei 14.300/2022, REN 1.000/2021)')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError();

program
  .command('simulate')
  .description('run a JSON Lines file of commands on a fresh embedded store and print the outcome as JSON')
  .argument(
    '<file>',
    'one command a line: {"command": "<name>", ...fields}; also {"command": "AdvanceClock", "to": "YYYY-MM-DD"}',
  )
  .option('--data-dir <dir>', 'keep the store in this directory (default: a temporary one, removed afterwards)')
  .option('--strict', 'exit with status 1 when a line is refused (the JSON is printed all the same)')
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
