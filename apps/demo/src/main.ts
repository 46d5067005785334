import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { SettableClock, silentLogger } from '@compensa/application';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '../../api/src/bootstrap';
import { loadConfig } from '../../api/src/config';
import { loadDemoPortfolio } from './demo-portfolio';

/**
 * `npm run demo`: a fresh data directory (DATA_DIR if given and empty, else a new temporary one), the demo portfolio
 * loaded through the command side, then the API on it with the clock at the demo date. Prints the dashboard's URL
 * and the operator key generated for this data directory.
 */
async function main(): Promise<void> {
  const given = process.env.DATA_DIR?.trim();
  if (given && existsSync(given) && readdirSync(given).length > 0) {
    // Said plainly, with what to do instead: not a stack trace.
    process.stderr.write(
      [
        `DATA_DIR ${given} is not empty: the demo loads its portfolio into a fresh directory.`,
        '  To serve the data already there:  DATA_DIR=' + given + ' npm start',
        '  To load the demo again:           unset DATA_DIR (a new temporary directory), or point it at an empty one.',
        '',
      ].join('\n'),
    );
    process.exitCode = 1;
    return;
  }
  const dataDir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'compensa-demo-'));
  mkdirSync(dataDir, { recursive: true });
  process.stdout.write(`Loading the demo portfolio from examples/ into ${dataDir}…\n`);
  const demo = await loadDemoPortfolio(dataDir, silentLogger);
  process.stdout.write(`  ${demo.scenarios.length} runs: ${demo.scenarios.join(', ')}\n`);

  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: process.env.PORT ?? '3000' });
  const app = await createApp(config, { clock: new SettableClock(demo.today) });
  await app.listen(config.port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const keyFile = join(dataDir, 'operator.key');
  const operatorKey = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '(COMPENSA_API_KEYS)';
  new Logger('Demo').log(`demo portfolio served as of ${demo.today}`);
  process.stdout.write(
    [
      '',
      `Compensa demo: open ${url}/ and sign in with the operator key below (API docs at ${url}/docs).`,
      `  operator key: ${operatorKey}`,
      `  auditor key:  in ${join(dataDir, 'auditor.key')}`,
      `  today (the platform's clock): ${demo.today}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
