import Ajv from 'ajv';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@compensa/application';
import schema from './simulation-output.schema.json';
import { pluralPtBr } from '@compensa/domain';

/**
 * `compensa simulate FILE [--data-dir DIR] [--strict]`: prints one JSON document; progress and a one-line summary of
 * the refused lines go to stderr (a refusal is easy to miss in a long JSON); `--strict` exits 1 when a line is refused.
 */
export async function simulateCommand(file: string, opts: { dataDir?: string; strict?: boolean }): Promise<void> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'compensa-simulate-'));
  mkdirSync(dataDir, { recursive: true });
  try {
    const report = await runSimulation(lines, {
      dataDir,
      onLine: (n, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\rlinha ${n}/${total}`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const validate = new Ajv({ allErrors: true }).compile(schema);
    if (!validate(report)) throw new Error(`a saída não segue o seu JSON Schema: ${JSON.stringify(validate.errors)}`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const refused = report.rejected;
    if (refused.length > 0) {
      const first = refused.slice(0, 5).map((r) => `linha ${r.line} (${r.command})`);
      process.stderr.write(
        `compensa simulate: ${pluralPtBr(refused.length, 'linha recusada', 'linhas recusadas')}: ${first.join(', ')}${refused.length > 5 ? ', …' : ''}; veja "rejected" na saída\n`,
      );
      if (opts.strict) process.exitCode = 1;
    }
  } finally {
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
