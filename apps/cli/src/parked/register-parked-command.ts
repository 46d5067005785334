import type { Command } from 'commander';
import { listParked, resolveParked, retryParked } from './parked-commands';

/** Adds `compensa parked list|retry|resolve`: deliveries the process managers parked (a decider refused them). */
export function registerParkedCommand(program: Command): void {
  const parked = program
    .command('parked')
    .description('events a process manager parked because a decider refused them');
  const dataDir = ['--data-dir <dir>', 'directory of events.db (or EVENT_STORE=kurrentdb)', './data'] as const;
  parked
    .command('list')
    .description('list parked records (parked, retried-ok, resolved), oldest first')
    .option(...dataDir)
    .option('--json', 'print JSON')
    .action((options: { dataDir: string; json?: boolean }) => listParked(options));
  parked
    .command('retry')
    .description("run the consumer's handler again for one parked event (exit 1 if it is still refused)")
    .argument('<id>', 'the parked record id (from `parked list`)')
    .option(...dataDir)
    .option('--json', 'print JSON')
    .action((id: string, options: { dataDir: string; json?: boolean }) => retryParked(id, options));
  parked
    .command('resolve')
    .description('settle a parked event by hand; the reason is recorded, nothing is deleted')
    .argument('<id>', 'the parked record id (from `parked list`)')
    .requiredOption('--reason <text>', 'why it is settled by hand')
    .option(...dataDir)
    .option('--json', 'print JSON')
    .action((id: string, options: { dataDir: string; json?: boolean; reason: string }) => resolveParked(id, options));
}
