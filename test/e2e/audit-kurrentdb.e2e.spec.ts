/**
 * `compensa audit` honours EVENT_STORE=kurrentdb (as `projections rebuild` does): an examples/ history copied into the
 * in-process KurrentDB double, signed there by the checkpointer (its checkpoints are events in their own stream),
 * audits clean; an event changed on the server's disk is named by the hash chain and by check 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSigningKeyPair,
  LOG_CHECKPOINT_STREAM,
  LogCheckpointer,
  loadSigningKey,
  silentLogger,
} from '@compensa/application';
import { SqliteEventStore } from '@compensa/event-store';
import { KurrentDbEventStore } from '@compensa/event-store/kurrentdb';
import { buildStore } from '../../libs/application/src/audit/example-store.testing';
import { runAudit } from '../../apps/cli/src/audit/audit-command';
import { KurrentDbDouble } from '../support/kurrentdb-double';

async function audit(options: Parameters<typeof runAudit>[0]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest: unknown[]) => {
    out.push(String(chunk));
    // As a Writable: the callback once the chunk is written (the CLI waits for it before reusing its buffer).
    (rest.find((a) => typeof a === 'function') as (() => void) | undefined)?.();
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  try {
    const code = await runAudit(options);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('compensa audit on KurrentDB (EVENT_STORE=kurrentdb, the gRPC double)', () => {
  const double = new KurrentDbDouble();
  const keys = mkdtempSync(join(tmpdir(), 'compensa-kdb-keys-'));
  const env = { ...process.env };
  afterAll(async () => {
    process.env = env;
    await double.stop();
    rmSync(keys, { recursive: true, force: true });
  });

  it('audits the copied history with its signed checkpoints, then names an event changed on the server', async () => {
    const connectionString = await double.start();
    const source = await buildStore('03-rateio-prioridade.jsonl');
    const sqlite = new SqliteEventStore({ path: source.db });
    const kdb = new KurrentDbEventStore(connectionString);
    try {
      for await (const e of sqlite.readAll()) {
        const { correlationId, causationId, commandId, schemaVersion } = e.metadata;
        await kdb.append(
          e.stream,
          [
            {
              id: e.id,
              type: e.type,
              data: e.data,
              metadata: { correlationId, causationId, commandId, schemaVersion },
            },
          ],
          { expectedRevision: e.revision === 0 ? 'no_stream' : e.revision - 1 },
        );
      }
      createSigningKeyPair(join(keys, 'signing.key'));
      const checkpointer = new LogCheckpointer(
        kdb,
        {
          key: loadSigningKey(join(keys, 'signing.key')),
          everyEvents: 4,
          everyMs: 60_000,
          witnessPath: join(keys, 'witness.jsonl'),
        },
        silentLogger,
      );
      await checkpointer.start();
      await checkpointer.waitFor(await kdb.headPosition());
      await checkpointer.stop();
      expect(await kdb.streamRevision(LOG_CHECKPOINT_STREAM)).toBeGreaterThan(3);
    } finally {
      await sqlite.close();
      await kdb.close();
      source.remove();
    }

    process.env.EVENT_STORE = 'kurrentdb';
    process.env.KURRENTDB_CONNECTION_STRING = connectionString;
    const options = {
      all: true,
      format: 'json',
      readModels: false,
      publicKey: join(keys, 'signing.key.pub'),
      witness: join(keys, 'witness.jsonl'),
    };
    const clean = await audit(options);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    const report = JSON.parse(clean.stdout) as {
      logIntegrity: { checkpoints: number; verified: number };
      summary: { checks: { conservation: { failed: number } } };
    };
    expect(report.logIntegrity.verified).toBe(report.logIntegrity.checkpoints);
    expect(report.summary.checks.conservation.failed).toBe(0);

    double.log.tamper('uc-copel-3002', 1);
    const tampered = await audit(options);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('[hash-chain] uc-copel-3002@1');
    expect(tampered.stderr).toContain('[checkpoint] log-checkpoints');
  }, 120_000);

  it('EVENT_STORE=kurrentdb without KURRENTDB_CONNECTION_STRING is a usage error (exit 2)', async () => {
    process.env.EVENT_STORE = 'kurrentdb';
    delete process.env.KURRENTDB_CONNECTION_STRING;
    const r = await audit({ all: true, readModels: false });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('compensa audit: EVENT_STORE=kurrentdb exige KURRENTDB_CONNECTION_STRING\n');
  });
});
