import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { KurrentDbDouble } from './kurrentdb-double';

/** Parses `--port N --data-dir DIR`, starts the double and prints its connection string on stdout. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`--port must be 0..65535, got "${values.port}"`);
  if (!values['data-dir']) throw new Error('--data-dir DIR is required (the durable log lives there)');
  const double = new KurrentDbDouble({ port, dataDir: resolve(values['data-dir']) });
  const connectionString = await double.start();
  process.stdout.write(`listening ${connectionString} (${double.log.all.length} events in the log)\n`);
  const shutdown = (): void => void double.close().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`kurrentdb-double: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
