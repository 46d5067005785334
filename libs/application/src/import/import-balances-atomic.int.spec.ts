/**
 * One UC's opening is all or nothing: its `OpeningBalanceImported` (its stream) and its titular's
 * `OpeningHeldCreditsImported` (the titular's stream) are appended in one transaction. A write of the titular's
 * stream that fails, a stale revision, or a refused part leaves neither event; the re-run completes the UC, and a
 * third run appends nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseBusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore, type EventStore, type NewEvent } from '@compensa/event-store';
import { SystemClock } from '../clock';
import { Platform } from '../platform';
import { runSimulation } from '../simulation/run-simulation';
import { balanceGroupsOf } from './balance-rows';
import { importBalances, platformBalanceTarget, type BalanceOutcome } from './import-balances';

const EXAMPLES = join(__dirname, '../../../../examples');
const HEADER =
  'uc;kind;vintage;posto;kwh;gd_class;origin_uc;titular_document;titular_name;distribuidora;left_on;rule;window;defaulted_on';
/** UC 4001's own credit, and credits that left it with its former titular (R18), held for him. */
const BOTH = [
  HEADER,
  '4001;credito;2024-11-19;unico;1.080;GD I;4001;;;;;;;',
  '4001;mantido;2024-06-20;unico;210;GD I;4001;111.444.777-35;Bruno Lima;copel;2026-05-25;R18;aberto;',
].join('\n');
const DATE = parseBusinessDate('2026-06-01');
const UC_STREAM = 'uc-copel-4001';
const TITULAR_STREAM = 'titular-copel-11144477735';

/** What a fault does to the writes of the titular's stream (through `append` or `appendMany` alike). */
type Fault = 'none' | 'write-fails' | 'stale-revision';

describe('importing opening balances: one UC all or nothing (balance + held credits)', () => {
  let dir: string;
  let real: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  let platform: Platform;
  let fault: Fault;
  let takenId: string;
  let appendManyCalls: number;
  /** Runs before each `appendMany` reaches the store (another writer's turn). */
  let beforeAppendMany: () => Promise<void>;
  let store: EventStore;

  /**
   * The real store, whose writes of the titular's stream fail inside the store's own transaction: its events carry
   * an id another stream holds (DuplicateEventId), or its expected revision is stale (WrongExpectedRevision).
   */
  const faulty = (): EventStore => {
    const spoil = (stream: string, events: NewEvent[]) =>
      fault === 'write-fails' && stream === TITULAR_STREAM ? events.map((e) => ({ ...e, id: takenId })) : events;
    const expected = <T>(stream: string, revision: T) =>
      fault === 'stale-revision' && stream === TITULAR_STREAM ? 7 : revision;
    return new Proxy(real, {
      get(target, property) {
        if (property === 'append')
          return (stream: string, events: NewEvent[], options: Parameters<EventStore['append']>[2]) =>
            target.append(stream, spoil(stream, events), {
              expectedRevision: expected(stream, options.expectedRevision),
            });
        if (property === 'appendMany')
          return async (parts: Parameters<EventStore['appendMany']>[0]) => {
            appendManyCalls++;
            await beforeAppendMany();
            return target.appendMany(
              parts.map((p) => ({
                ...p,
                events: spoil(p.stream, p.events),
                expectedRevision: expected(p.stream, p.expectedRevision),
              })),
            );
          };
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };

  const run = async (csv = BOTH) => {
    const outcomes: BalanceOutcome[] = [];
    const { summary } = await importBalances(
      balanceGroupsOf(Readable.from([csv]), 'csv', DATE),
      platformBalanceTarget(platform, store),
      { file: 'saldos.csv', sha256: 'a'.repeat(64), date: DATE, onOutcome: (o) => outcomes.push(o) },
    );
    return { summary, outcomes: outcomes.sort((a, b) => a.line - b.line) };
  };
  const typesOf = async (stream: string) => {
    const types: string[] = [];
    if ((await real.streamRevision(stream)) === null) return types;
    for await (const e of real.readStream(stream)) types.push(e.type);
    return types;
  };
  const opened = async () => ({
    balance: (await typesOf(UC_STREAM)).filter((t) => t === 'OpeningBalanceImported').length,
    held: (await typesOf(TITULAR_STREAM)).filter((t) => t === 'OpeningHeldCreditsImported').length,
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-opening-atomic-'));
    await runSimulation(readFileSync(join(EXAMPLES, 'importacao-saldos-cadastro.jsonl'), 'utf8').split('\n'), {
      dataDir: dir,
    });
    real = new SqliteEventStore({ path: join(dir, 'events.db') });
    for await (const e of real.readStream(UC_STREAM, { maxCount: 1 })) takenId = e.id;
    checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
    fault = 'none';
    appendManyCalls = 0;
    beforeAppendMany = async () => undefined;
    store = faulty();
    platform = new Platform({ store, checkpoints, clock: new SystemClock() });
    await platform.start({ processManagers: false });
  });
  afterEach(async () => {
    await platform.stop();
    checkpoints.close();
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a write of the titular's stream that fails leaves neither event; the re-run completes the UC, a third appends nothing", async () => {
    fault = 'write-fails';
    const head = await real.headPosition();
    await expect(run()).rejects.toThrow(/already|duplicate/i);
    expect(await opened()).toEqual({ balance: 0, held: 0 });
    expect(await real.headPosition()).toBe(head);

    fault = 'none';
    const again = await run();
    expect(again.summary).toMatchObject({ ucs: 1, accepted: 1, duplicates: 0, refused: 0 });
    expect(await opened()).toEqual({ balance: 1, held: 1 });

    const third = await run();
    expect(third.summary).toMatchObject({ accepted: 0, duplicates: 1, refused: 0 });
    expect(await opened()).toEqual({ balance: 1, held: 1 });
  });

  it('a stale revision on the titular stream at every attempt: the UC refused (409), neither event; the re-run completes it', async () => {
    fault = 'stale-revision';
    const { summary, outcomes } = await run();
    expect(summary).toMatchObject({ accepted: 0, refused: 1, refusedBy: { '409': 1 } });
    expect(outcomes.map((o) => [o.part, o.outcome, o.status])).toEqual([
      ['saldo', 'refused', 409],
      ['mantidos', 'refused', 409],
    ]);
    expect(appendManyCalls).toBeGreaterThan(1); // decided again after each lost race
    expect(await opened()).toEqual({ balance: 0, held: 0 });

    fault = 'none';
    expect((await run()).summary).toMatchObject({ accepted: 1, refused: 0 });
    expect(await opened()).toEqual({ balance: 1, held: 1 });
  });

  it('another writer on the titular stream between the decision and the append: decided again, each event once', async () => {
    let raced = false;
    // Another UC's held credits for the same titular land just before the UC's transaction.
    beforeAppendMany = async () => {
      if (raced) return;
      raced = true;
      const other = await platform.commands.importUcOpening({
        held: {
          document: '111.444.777-35',
          name: 'Bruno Lima',
          distribuidora: 'copel',
          fromUcId: '4090',
          rule: 'R19',
          leftOn: '2026-05-25',
          status: 'open',
          date: '2026-06-01',
          source: { file: 'outro.csv', line: 2, sha256: 'b'.repeat(64) },
          lots: [{ vintage: '2024-06-20', posto: 'unico', gdClass: 'GD_I', kwh: '10', sourceUcId: '4090' }],
        },
      });
      expect(other.held).toMatchObject({ kind: 'appended' });
    };
    const { summary } = await run();
    expect(summary).toMatchObject({ accepted: 1, refused: 0 });
    expect(appendManyCalls).toBe(3); // the UC's, the other writer's, the UC's again
    expect(await opened()).toEqual({ balance: 1, held: 2 });
    expect((await typesOf(TITULAR_STREAM)).length).toBe(2);
  });

  it("held credits refused by the titular's stream withhold the balance: nothing of the UC appended, both lines in the error file", async () => {
    // The same credits, already held for the titular from another file: the titular's decider refuses them (409).
    const other = BOTH.split('\n')
      .filter((l) => !l.includes('credito'))
      .join('\n');
    const first = await importBalances(
      balanceGroupsOf(Readable.from([other]), 'csv', DATE),
      platformBalanceTarget(platform, store),
      { file: 'outro.csv', sha256: 'b'.repeat(64), date: DATE },
    );
    expect(first.summary).toMatchObject({ accepted: 1 });
    const { summary, outcomes } = await run();
    expect(summary).toMatchObject({ accepted: 0, refused: 1, refusedBy: { '409': 1 } });
    expect(outcomes).toEqual([
      expect.objectContaining({
        part: 'saldo',
        outcome: 'refused',
        status: 409,
        detail: expect.stringMatching(/^não gravado: os créditos mantidos da UC foram recusados \(409\)/) as unknown,
      }),
      expect.objectContaining({
        part: 'mantidos',
        outcome: 'refused',
        status: 409,
        detail: 'os créditos da UC 4001 já estão mantidos para o titular 11144477735',
      }),
    ]);
    expect(await opened()).toEqual({ balance: 0, held: 1 });
  });
});
