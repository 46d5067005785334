/**
 * The child processes of `compensa projections rebuild --partitions N`: this same command with `--partition i/N`,
 * started at once, each line of their output prefixed with its partition.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What the children need of the parent's options. */
interface PartitionProcessOptions {
  dataDir: string;
  readModelUrl?: string;
}

/** Runs partitions 0…count-1 as child processes; throws naming the ones that failed (run again to resume). */
export async function runPartitionProcesses(
  names: readonly string[],
  count: number,
  options: PartitionProcessOptions,
): Promise<void> {
  const failed: string[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const label = `${index}/${count}`;
      const args = [
        ...process.execArgv,
        process.argv[1],
        'projections',
        'rebuild',
        ...names,
        '--partition',
        label,
        '--data-dir',
        options.dataDir,
        ...(options.readModelUrl ? ['--read-model-url', options.readModelUrl] : []),
      ];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'pipe'] });
      createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`[${label}] ${line}\n`));
      return new Promise<void>((resolve) => {
        child.on('error', () => (failed.push(label), resolve()));
        child.on('exit', (code) => (code === 0 ? undefined : failed.push(label), resolve()));
      });
    }),
  );
  if (failed.length > 0)
    throw new Error(
      `${failed.length === 1 ? `a partição ${failed[0]} falhou` : `as partições ${failed.join(', ')} falharam`}; execute \`compensa projections rebuild ${[...names, ''].join(' ')}--partition <i/N>\` para cada uma: ela retoma de onde parou`,
    );
}
