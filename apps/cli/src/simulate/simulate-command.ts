import Ajv from 'ajv';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@compensa/application';
import schema from './simulation-output.schema.json';

/** `compensa simulate FILE [--data-dir DIR]`: prints one JSON document; progress goes to stderr. */
export async function simulateCommand(file: string, opts: { dataDir?: string }): Promise<void> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'compensa-simulate-'));
  mkdirSync(dataDir, { recursive: true });
  try {
    const report = await runSimulation(lines, {
      dataDir,
      onLine: (n, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\rline ${n}/${total}`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const validate = new Ajv({ allErrors: true }).compile(schema);
    if (!validate(report)) throw new Error(`the output does not match its schema: ${JSON.stringify(validate.errors)}`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
