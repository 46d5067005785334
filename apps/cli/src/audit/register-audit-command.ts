import type { Command } from 'commander';
import { AUDIT_EXIT, auditCommand } from './audit-command';

/** Adds `compensa audit` to the program; a usage error of its own exits 2, not commander's 1. */
export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description(
      'replay streams through the pure domain, print the trail and verify the hash chains and every recorded decision',
    )
    .option('--uc <id>', 'one UC (its stream uc-<distribuidora>-<id>)')
    .option('--distribuidora <code>', 'with --uc: the UC of this distribuidora only')
    .option('--titular <document>', 'a titular (CPF or CNPJ): the UCs it held and its titular streams')
    .option('--all', 'every uc-, titular- and tariff- stream')
    .option('--as-of <date>', 'events whose business date is on or before YYYY-MM-DD')
    .option('--position <n>', 'events at or before this global position')
    .option('--format <format>', 'json | csv | html', 'json')
    .option(
      '--data-dir <dir>',
      'directory of events.db (EVENT_STORE=kurrentdb reads KURRENTDB_CONNECTION_STRING instead)',
      './data',
    )
    .option('--out <file>', 'write the report here instead of stdout')
    .option('--read-model-url <url>', 'read models of check 3 (default: READ_MODEL_URL, else DIR/read-models.db)')
    .option(
      '--public-key <file>',
      'the trusted public key of the signed checkpoints (default: COMPENSA_SIGNING_PUBLIC_KEY_FILE, else COMPENSA_SIGNING_KEY_FILE.pub)',
    )
    .option('--witness <file>', 'the checkpoint witness file (default: COMPENSA_CHECKPOINT_WITNESS)')
    .option('--no-read-models', 'skip check 3 (the read models agree with the replay)')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : AUDIT_EXIT.usage))
    .action(auditCommand);
}
