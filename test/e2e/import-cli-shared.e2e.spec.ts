/**
 * `compensa import readings|balances` in a multi-process deployment (issue 16): the log in KurrentDB (the double as
 * a process), the platform state in PostgreSQL (PLATFORM_DB_URL), a worker process (`COMPENSA_ROLE=worker`) holding
 * the process-managers lease, and the CLI (the real entry point, from the sources) run beside it as an `api`
 * instance: it reads the shared UC directory and runs no process manager. Every reading is stored once, the worker
 * delivers the generator's excedente exactly once, a UC's opening goes to two streams in one transaction (the
 * double's v2 multi-stream append), and running the files again appends nothing.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  ConsumerLeases,
  openPlatformState,
  Platform,
  SystemClock,
  type CommandName,
  type PlatformState,
} from '@compensa/application';
import { openEventStore, type CheckpointStore, type EventStore } from '@compensa/event-store';
import { startApiApp, type ApiAppProcess } from '../support/api-app-process';
import { waitUntilCaughtUp } from '../support/consumer-lag';
import { startKurrentDbDoubleProcess, type KurrentDbDoubleProcess } from '../support/kurrentdb-double-process';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NO_CHECKPOINTS: CheckpointStore = { load: async () => null, store: async () => undefined };
const GENERATOR = 'uc-copel-3001';
const BENEFICIARIES = ['uc-copel-3002', 'uc-copel-3003'];
const READ = ['uc-copel-3001', 'uc-copel-3002', 'uc-copel-3003', 'uc-copel-3004'];
/** UC 4001's own credit, and credits that left it with its former titular (R18), held for him. */
const BALANCES = [
  'uc;kind;vintage;posto;kwh;gd_class;origin_uc;titular_document;titular_name;distribuidora;left_on;rule;window;defaulted_on',
  '4001;credito;2024-11-19;unico;1.080;GD I;4001;;;;;;;',
  '4001;mantido;2024-06-20;unico;210;GD I;4001;111.444.777-35;Bruno Lima;copel;2026-05-25;R18;aberto;',
  '',
].join('\n');

jest.setTimeout(180_000);

describe('compensa import on KurrentDB + PostgreSQL, beside a worker (PLATFORM_DB_URL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-import-shared-'));
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const platformUrl = `${PG_URL}?schema=is_${suffix}`;
  const readModelsUrl = `${PG_URL}?schema=ir_${suffix}`;
  let double: KurrentDbDoubleProcess;
  let state: PlatformState;
  let worker: ApiAppProcess;
  let log: EventStore;

  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [
        '--require',
        join(ROOT, 'test/support/swc-register.js'),
        join(ROOT, 'apps/cli/src/main.ts'),
        'import',
        ...args,
        '--data-dir',
        join(dir, 'cli'),
      ],
      {
        encoding: 'utf8',
        cwd: ROOT,
        // A CLI that waited for process managers it should not run would never end.
        timeout: 60_000,
        env: {
          ...process.env,
          EVENT_STORE: 'kurrentdb',
          KURRENTDB_CONNECTION_STRING: double.connectionString,
          PLATFORM_DB_URL: platformUrl,
        },
      },
    );
  const typesIn = async (stream: string): Promise<string[]> => {
    const types: string[] = [];
    if ((await log.streamRevision(stream)) === null) return types;
    for await (const e of log.readStream(stream)) types.push(e.type);
    return types;
  };
  const count = async (streams: string[], type: string) =>
    (await Promise.all(streams.map(typesIn))).flat().filter((t) => t === type).length;
  const eventsIn = async (streams: string[]) => (await Promise.all(streams.map(typesIn))).flat().length;

  beforeAll(async () => {
    double = await startKurrentDbDoubleProcess(join(dir, 'kurrentdb'));
    state = await openPlatformState(platformUrl, { poolSize: 2 });
    worker = await startApiApp({
      dataDir: join(dir, 'worker'),
      operatorKey: 'unused-by-a-worker',
      logFile: join(dir, 'worker.log'),
      env: {
        COMPENSA_ROLE: 'worker',
        EVENT_STORE: 'kurrentdb',
        KURRENTDB_CONNECTION_STRING: double.connectionString,
        PLATFORM_DB_URL: platformUrl,
        READ_MODEL_URL: readModelsUrl,
        LOG_LEVEL: 'warn',
      },
    });
    log = await openEventStore({ kind: 'kurrentdb', connectionString: double.connectionString });
    // The UCs, the generator and its rateio (and June's readings), through the ordinary commands of a client.
    const client = new Platform({ store: log, checkpoints: NO_CHECKPOINTS, clock: new SystemClock() });
    await client.start({ processManagers: false });
    const lines = [
      ...readFileSync(join(EXAMPLES, 'importacao-cadastro.jsonl'), 'utf8').split('\n'),
      ...readFileSync(join(EXAMPLES, 'importacao-saldos-cadastro.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"RegisterUc"') && l.includes('"ucId":"4001"')),
    ].filter((l) => l.trim() !== '');
    for (const line of lines) {
      const { command, ...body } = JSON.parse(line) as { command: CommandName };
      await client.commands.execute(command, body as never, { commandId: randomUUID() });
    }
    await client.stop();
    await waitUntilCaughtUp(worker.url, 60_000);
  });

  afterAll(async () => {
    await worker?.stop('SIGTERM');
    await log?.close();
    await double?.stop('SIGTERM');
    await state?.close({ dropSchema: true });
    const readModels = await openPlatformState(readModelsUrl, { poolSize: 1 });
    await readModels.close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the readings as an api instance: each stored once, the worker delivers the excedente once; again, nothing appended', async () => {
    const leases = new ConsumerLeases(state);
    const holder = (await leases.current('process-managers'))!.holder;
    expect(Number(holder.split('-').at(-2))).toBe(worker.child.pid);

    const run = cli('readings', join(EXAMPLES, 'leituras-2026-07.csv'), '--errors', join(dir, 'erros.csv'));
    expect(run.stderr).not.toMatch(/compensa:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `modo: compartilhado, como uma instância api (estado em PLATFORM_DB_URL, log KurrentDB); o worker ${holder} entrega`,
    );
    expect(run.stdout).toContain('aceitas:    4');
    expect(run.stdout).toContain('recusadas:  2 (HTTP 404: 1, R15: 1)');
    // The CLI runs no process manager and keeps no directory of its own (as an `api` instance): its platform.db
    // holds only the stream snapshots.
    expect(run.stderr).not.toContain('aguardando os processos');
    const local = new DatabaseSync(join(dir, 'cli', 'platform.db'));
    const tables = local.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    local.close();
    expect(tables.map((t) => t.name)).toEqual(['stream_snapshots']);
    for (const stream of READ) expect((await typesIn(stream)).filter((t) => t === 'ReadingRecorded')).toHaveLength(2);

    // The worker holding the lease delivers the July excedente to both beneficiaries, once.
    await waitUntilCaughtUp(worker.url, 60_000);
    expect(await count([GENERATOR], 'ExcedenteAllocated')).toBe(2); // June's (R7: the rateio from July) and July's
    expect(await count(BENEFICIARIES, 'ExcedenteReceived')).toBe(2);
    for (const b of BENEFICIARIES) expect(await count([b], 'ExcedenteReceived')).toBe(1);
    // From the shared checkpoints, written by the worker under its lease.
    const pm = await state.db
      .selectFrom('checkpoints')
      .select('position')
      .where('consumer', '=', 'pm-excedente-delivery')
      .executeTakeFirst();
    expect(Number(pm?.position)).toBeGreaterThan(0);

    const before = await eventsIn([...READ, 'uc-copel-3005']);
    const again = cli('readings', join(EXAMPLES, 'leituras-2026-07.csv'), '--errors', join(dir, 'erros.csv'));
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('aceitas:    0');
    expect(again.stdout).toContain('duplicadas: 4');
    await waitUntilCaughtUp(worker.url, 60_000);
    expect(await eventsIn([...READ, 'uc-copel-3005'])).toBe(before);
    for (const b of BENEFICIARIES) expect(await count([b], 'ExcedenteReceived')).toBe(1);
  });

  it("imports a UC's opening balance and its titular's held credits in one transaction; again, nothing appended", async () => {
    const file = join(dir, 'saldos.csv');
    writeFileSync(file, BALANCES);
    const args = ['balances', file, '--date', '2026-06-01', '--reconciliation', join(dir, 'reconciliacao.csv')];
    const run = cli(...args);
    expect(run.stderr).not.toMatch(/compensa:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('modo: compartilhado, como uma instância api');
    expect(run.stdout).toContain('importadas: 1');
    expect(run.stdout).toMatch(/total\s+1\.290\s+1\.290\s+0\n/);
    expect(await count(['uc-copel-4001'], 'OpeningBalanceImported')).toBe(1);
    expect(await count(['titular-copel-11144477735'], 'OpeningHeldCreditsImported')).toBe(1);

    const again = cli(...args);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('duplicadas: 1');
    expect(await count(['uc-copel-4001'], 'OpeningBalanceImported')).toBe(1);
    expect(await count(['titular-copel-11144477735'], 'OpeningHeldCreditsImported')).toBe(1);
  });
});
