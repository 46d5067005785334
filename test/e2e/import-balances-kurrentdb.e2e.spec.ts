/**
 * Opening balances on a KurrentDB older than 25.1 (the double without the v2 multi-stream append): a UC whose
 * balance and held credits go to two streams cannot be appended in one transaction, so it is refused (409), nothing
 * appended; a UC with only its own balance (one stream) is imported as usual.
 */
import { Readable } from 'node:stream';
import { balanceGroupsOf, importBalances, Platform, platformBalanceTarget, SystemClock } from '@compensa/application';
import type { BalanceOutcome } from '@compensa/application';
import { parseBusinessDate } from '@compensa/domain';
import type { CheckpointStore } from '@compensa/event-store';
import { KurrentDbEventStore } from '@compensa/event-store/kurrentdb';
import { KurrentDbDouble } from '../support/kurrentdb-double';

const DATE = parseBusinessDate('2026-06-01');
const NO_CHECKPOINTS: CheckpointStore = { load: async () => null, store: async () => undefined };
const CSV = [
  'uc;kind;vintage;posto;kwh;gd_class;origin_uc;titular_document;titular_name;distribuidora;left_on;rule;window;defaulted_on',
  '4001;credito;2024-11-19;unico;1.080;GD I;4001;;;;;;;',
  '4001;mantido;2024-06-20;unico;210;GD I;4001;111.444.777-35;Bruno Lima;copel;2026-05-25;R18;aberto;',
  '4002;credito;2023-08-21;unico;95,25;GD I;4002;;;;;;;',
  '',
].join('\n');

describe('opening balances on KurrentDB without the multi-stream append (< 25.1)', () => {
  const double = new KurrentDbDouble({ multiStreamAppend: false });
  let store: KurrentDbEventStore;
  let platform: Platform;

  beforeAll(async () => {
    store = new KurrentDbEventStore(await double.start());
    platform = new Platform({ store, checkpoints: NO_CHECKPOINTS, clock: new SystemClock() });
    await platform.start({ processManagers: false });
    for (const ucId of ['4001', '4002'])
      await platform.commands.execute('RegisterUc', {
        ucId,
        distribuidora: 'copel',
        titular: { document: '529.982.247-25', name: 'Ana Souza' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2026-05-04',
      } as never);
  });
  afterAll(async () => {
    await platform.stop();
    await store.close();
    await double.stop();
  });

  it('refuses the two-stream UC (409, nothing appended) and imports the one-stream UC', async () => {
    const outcomes: BalanceOutcome[] = [];
    const { summary } = await importBalances(
      balanceGroupsOf(Readable.from([CSV]), 'csv', DATE),
      platformBalanceTarget(platform, store),
      { file: 'saldos.csv', sha256: 'e'.repeat(64), date: DATE, onOutcome: (o) => outcomes.push(o) },
    );
    expect(summary).toMatchObject({ ucs: 2, accepted: 1, refused: 1, refusedBy: { '409': 1 } });
    expect(outcomes.find((o) => o.ucId === '4001' && o.part === 'saldo')).toMatchObject({
      outcome: 'refused',
      status: 409,
      detail: expect.stringMatching(/não grava em vários streams numa só transação.*nada gravado/) as unknown,
    });
    const types = async (stream: string) => {
      const out: string[] = [];
      if ((await store.streamRevision(stream)) === null) return out;
      for await (const e of store.readStream(stream)) out.push(e.type);
      return out;
    };
    expect(await types('uc-copel-4001')).toEqual(['UcRegistered']);
    expect(await types('titular-copel-11144477735')).toEqual([]);
    expect(await types('uc-copel-4002')).toEqual(['UcRegistered', 'OpeningBalanceImported']);
  });
});
