import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SqliteCheckpointStore, SqliteEventStore } from '@compensa/event-store';
import { SystemClock } from '../clock';
import { SqliteDirectoryStore } from '../directory/sqlite-directory-store';
import { Platform } from '../platform';
import { runSimulation } from '../simulation/run-simulation';
import { errorFileLine } from './error-file';
import { ImportInterrupted, importReadings, platformImportTarget, type ImportOutcome } from './import-readings';
import { readingGroupsOf } from './reading-groups';

const EXAMPLES = join(__dirname, '../../../../examples');
const CSV = readFileSync(join(EXAMPLES, 'leituras-2026-07.csv'), 'utf8');

describe('importing a month of readings (examples/leituras-2026-07.csv)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-import-'));
  let store: SqliteEventStore;
  let platform: Platform;
  let checkpoints: SqliteCheckpointStore;
  let directory: SqliteDirectoryStore;

  const run = async (csv: string) => {
    const outcomes: ImportOutcome[] = [];
    const summary = await importReadings(
      readingGroupsOf(Readable.from([csv]), 'csv'),
      platformImportTarget(platform, store),
      {
        concurrency: 4,
        onOutcome: (o) => outcomes.push(o),
      },
    );
    await platform.waitForIdle();
    return { summary, outcomes: outcomes.sort((a, b) => a.line - b.line) };
  };

  beforeAll(async () => {
    // The UCs, the generator and its rateio come first, through the ordinary commands.
    await runSimulation(readFileSync(join(EXAMPLES, 'importacao-cadastro.jsonl'), 'utf8').split('\n'), {
      dataDir: dir,
    });
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
    directory = new SqliteDirectoryStore(join(dir, 'directory.db'));
    platform = new Platform({ store, checkpoints, directory, clock: new SystemClock() });
    await platform.start();
  });
  afterAll(async () => {
    await platform.stop();
    directory.close();
    checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides every reading as the API does: accepted, refused by rule (R15) or unknown UC (404); the excedente is delivered', async () => {
    const { summary, outcomes } = await run(CSV);
    expect(summary).toMatchObject({
      readings: 6,
      rows: 7,
      accepted: 4,
      duplicates: 0,
      refused: 2,
      refusedBy: { R15: 1, '404': 1 },
    });
    expect(outcomes.filter((o) => o.outcome === 'refused')).toEqual([
      expect.objectContaining({ line: 7, ucId: '3005', status: 409, rule: 'R15' }),
      expect.objectContaining({ line: 8, ucId: '3099', status: 404, rule: null }),
    ]);
    const types: string[] = [];
    for await (const e of store.readStream((await platform.directory.streamOf('3002'))!)) types.push(e.type);
    expect(types.filter((t) => t === 'ExcedenteReceived')).toHaveLength(1); // R7: the rateio is in force from July
  });

  it('is idempotent by (UC, cycle): the same file again appends nothing; the same values are duplicates, not errors', async () => {
    const head = await store.headPosition();
    const { summary } = await run(CSV);
    expect(summary).toMatchObject({ accepted: 0, duplicates: 4, refused: 2 });
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses other values for a cycle already recorded (409), naming the cycle', async () => {
    const changed = CSV.replace('3002;2026-07;2026-07-20;unico;148;0', '3002;2026-07;2026-07-20;unico;149;0');
    const { outcomes } = await run(changed);
    expect(outcomes.find((o) => o.ucId === '3002')).toMatchObject({
      outcome: 'refused',
      status: 409,
      detail: 'o ciclo 2026-07 já foi registrado com outros valores',
    });
  });

  it('resumes an interrupted file: what was recorded is a duplicate, the rest is recorded', async () => {
    const august = CSV.replace(/2026-07/g, '2026-08');
    const lines = august.split('\r\n');
    await run(lines.slice(0, 3).join('\r\n')); // killed after two readings
    const { summary } = await run(august);
    expect(summary).toMatchObject({ accepted: 2, duplicates: 2, refused: 2 });
  });

  it('writes each refusal to the error file in pt-BR, naming the UC, cycle, posto or value', async () => {
    // Only June (recorded with the cadastro) is before these cycles: the same lines refuse the same way on any run.
    const csv = [
      'uc;cycle;reading_date;posto;consumed;injected',
      '3002;2026-06;2026-06-19;unico;151;0',
      '3003;2026-10;2026-10-19;ponta;100;0',
      '3001;2026-10;2026-10-19;unico;abc;0',
      '3005;2026-10;2026-10-19;unico;310;45',
      '3099;2026-10;2026-10-19;unico;100;0',
    ].join('\n');
    const { outcomes } = await run(csv);
    expect(outcomes.filter((o) => o.outcome === 'refused').map(errorFileLine)).toEqual([
      '2;"3002";"2026-06";409;;"o ciclo 2026-06 já foi registrado com outros valores"',
      '3;"3003";"2026-10";422;;"postos.ponta: a UC 3003 não tem o posto ponta"',
      '4;"3001";"2026-10";422;;"postos.unico.consumed: ""abc"" não é um kWh não negativo com no máximo 3 casas decimais"',
      '5;"3005";"2026-10";409;R15;"a UC 3005 injetou energia, mas não tem geração cadastrada"',
      '6;"3099";"2026-10";404;;"a UC 3099 não está cadastrada"',
    ]);
  });

  it('stops between two batches when its signal aborts (a clean shutdown): the batches before are recorded, the rest is not read; the same file again records the rest', async () => {
    const csv = [
      'uc;cycle;reading_date;posto;consumed;injected',
      ...['2027-01', '2027-02', '2027-03'].flatMap((c) => [
        `3002;${c};${c}-19;unico;150;0`,
        `3003;${c};${c}-19;unico;180;0`,
      ]),
    ].join('\n');
    const stop = new AbortController();
    const target = platformImportTarget(platform, store);
    const seen: number[] = [];
    const interrupted = importReadings(readingGroupsOf(Readable.from([csv]), 'csv'), target, {
      batchSize: 2,
      signal: stop.signal,
      onOutcome: (o) => {
        seen.push(o.line);
        // The first batch has its outcomes: stop asked while the second is being read.
        if (seen.length === 2) stop.abort();
      },
    });
    await expect(interrupted).rejects.toThrow(ImportInterrupted);
    await expect(interrupted).rejects.toMatchObject({ summary: { readings: 2, accepted: 2 } });
    expect(seen).toEqual([2, 3]);
    expect(await target.recordedReading('3002', '2027-02')).toBeNull();
    await platform.waitForIdle();
    const { summary } = await run(csv);
    expect(summary).toMatchObject({ readings: 6, duplicates: 2, accepted: 4, refused: 0 });
  });
});
