/**
 * An opening-balance import stopped by its signal (Ctrl-C in `compensa import balances`): no UC is started after the
 * stop, the UCs in flight finish, and the run rejects with the counts so far; the same file again (same SHA-256)
 * counts the UCs opened before as duplicates and opens the rest.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseBusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore } from '@compensa/event-store';
import { SystemClock } from '../clock';
import { Platform } from '../platform';
import { runSimulation } from '../simulation/run-simulation';
import { balanceGroupsOf } from './balance-rows';
import {
  BalanceImportInterrupted,
  importBalances,
  platformBalanceTarget,
  type BalanceImportOptions,
  type BalanceImportTarget,
} from './import-balances';

const EXAMPLES = join(__dirname, '../../../../examples');
/** Five UCs the example's registrations accept: three balances, then held credits from two UCs the platform does not know. */
const CSV = [
  'uc;kind;vintage;posto;kwh;gd_class;origin_uc;titular_document;titular_name;distribuidora;left_on;rule;window;defaulted_on',
  '4001;credito;2022-03-18;unico;412,5;GD I;4001;;;;;;;',
  '4001;credito;2024-11-19;unico;1.080;GD I;4001;;;;;;;',
  '4002;credito;2023-08-21;unico;95,25;GD I;4001;;;;;;;',
  '4002;recebido;2026-05-19;unico;60;GD I;4001;;;;;;;',
  '4003;credito;2025-02-20;ponta;300;GD II;5001;;;;;;;',
  '4090;mantido;2024-06-20;unico;210;GD I;4090;111.444.777-35;Bruno Lima;copel;2026-05-25;R19;aberto;',
  '4091;mantido;2023-10-18;unico;75,5;GD I;4091;11.222.333/0001-81;Padaria Sol;copel;2025-12-10;R18;mantido;',
].join('\n');
const DATE = parseBusinessDate('2026-06-01');
const SHA256 = 'c'.repeat(64);

describe('importing opening balances: stopped by its signal (Ctrl-C)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  let platform: Platform;

  const run = (target: BalanceImportTarget, options: Partial<BalanceImportOptions> = {}) =>
    importBalances(balanceGroupsOf(Readable.from([CSV]), 'csv', DATE), target, {
      file: 'saldos.csv',
      sha256: SHA256,
      date: DATE,
      ...options,
    });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-opening-interrupted-'));
    await runSimulation(readFileSync(join(EXAMPLES, 'importacao-saldos-cadastro.jsonl'), 'utf8').split('\n'), {
      dataDir: dir,
    });
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
    platform = new Platform({ store, checkpoints, clock: new SystemClock() });
    await platform.start({ processManagers: false });
  });
  afterEach(async () => {
    await platform.stop();
    checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts no UC once its signal aborts, lets the UCs in flight finish, rejects with the counts so far; the same file again opens the rest, the earlier ones duplicates', async () => {
    const real = platformBalanceTarget(platform, store);
    // The first two UCs are both in flight (one per worker) when the first one's outcome stops the run.
    const started: string[] = [];
    let bothStarted!: () => void;
    const inFlight = new Promise<void>((r) => (bothStarted = r));
    const target: BalanceImportTarget = {
      ...real,
      importUcOpening: async (bodies, meta) => {
        started.push(bodies.balance?.ucId ?? bodies.held?.fromUcId ?? '');
        if (started.length === 2) bothStarted();
        await inFlight;
        return real.importUcOpening(bodies, meta);
      },
    };
    const stop = new AbortController();
    const interrupted = run(target, {
      concurrency: 2,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });

    await expect(interrupted).rejects.toThrow(BalanceImportInterrupted);
    await expect(interrupted).rejects.toMatchObject({
      message: 'importação interrompida depois de 2 UCs',
      summary: { ucs: 2, rows: 4, accepted: 2, duplicates: 0, refused: 0 },
    });
    expect(started).toEqual(['4001', '4002']);
    // Both UCs in flight were opened whole; none after them.
    expect(await real.openedAt('4001', SHA256)).toHaveLength(2);
    expect(await real.openedAt('4002', SHA256)).toHaveLength(2);
    expect(await real.openedAt('4003', SHA256)).toBeNull();
    expect(await store.streamRevision('titular-copel-11144477735')).toBeNull(); // 4090's held credits

    const again = await run(real);
    expect(again.summary).toMatchObject({ ucs: 5, rows: 7, accepted: 3, duplicates: 2, refused: 0 });
    // The complete run reconciles the whole file: the UCs opened before are read back.
    expect(again.reconciliation.totals()).toMatchObject({ differenceKwh: '0.000' });
    expect(again.reconciliation.ucs().map((l) => l.key)).toEqual(['4001', '4002', '4003', '4090', '4091']);
  });

  it('a stop that comes once the end of the file was read and every UC decided interrupts nothing: the run resolves', async () => {
    const stop = new AbortController();
    // Two workers: when the last UC's outcome comes, the other one has read the end of the file.
    const { summary } = await run(platformBalanceTarget(platform, store), {
      concurrency: 2,
      signal: stop.signal,
      onProgress: (s) => {
        if (s.ucs === 5) stop.abort();
      },
    });
    expect(summary).toMatchObject({ ucs: 5, accepted: 5 });
  });
});
