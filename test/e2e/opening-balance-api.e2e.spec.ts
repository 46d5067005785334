/**
 * POST /v1/ucs/{ucId}/opening-balance with `heldCredits` (issue 14): a UC's opening balance and the credits held
 * for its former titular in one transaction. Held credits the titular's stream refuses leave the balance out too
 * (problem+json, nothing appended); the corrected request appends both; sent again, nothing more.
 */
import { operatorHeaders, startApi, type RunningApi } from '../support/running-api';

const SHA = 'c'.repeat(64);
const UC_STREAM = 'uc-copel-4001';
const TITULAR_STREAM = 'titular-copel-11144477735';

describe('POST /v1/ucs/{ucId}/opening-balance with heldCredits: all or nothing', () => {
  let api: RunningApi;
  const post = (path: string, body: unknown) =>
    fetch(`${api.url}${path}`, { method: 'POST', headers: operatorHeaders(), body: JSON.stringify(body) });
  const typesIn = async (stream: string) => {
    const types: string[] = [];
    if ((await api.store.streamRevision(stream)) === null) return types;
    for await (const e of api.store.readStream(stream)) types.push(e.type);
    return types;
  };
  const opened = async () => ({
    balance: (await typesIn(UC_STREAM)).filter((t) => t === 'OpeningBalanceImported').length,
    held: (await typesIn(TITULAR_STREAM)).filter((t) => t === 'OpeningHeldCreditsImported').length,
  });
  const body = (leftOn: string) => ({
    date: '2026-06-01',
    source: { file: 'saldos.csv', line: 2, sha256: SHA },
    credits: [{ vintage: '2024-11-19', posto: 'unico', gdClass: 'GD_I', kwh: '1080', sourceUcId: '4001' }],
    heldCredits: {
      document: '111.444.777-35',
      name: 'Bruno Lima',
      distribuidora: 'copel',
      rule: 'R18',
      leftOn,
      status: 'open',
      source: { file: 'saldos.csv', line: 3, sha256: SHA },
      lots: [{ vintage: '2024-06-20', posto: 'unico', gdClass: 'GD_I', kwh: '210', sourceUcId: '4001' }],
    },
  });

  beforeAll(async () => {
    api = await startApi();
    const registered = await post('/v1/ucs', {
      ucId: '4001',
      distribuidora: 'copel',
      titular: { document: '529.982.247-25', name: 'Ana Souza' },
      group: 'B',
      connection: 'trifasico',
      postos: ['unico'],
      registeredAt: '2024-01-04',
    });
    expect(registered.status).toBe(201);
  });
  afterAll(() => api.close());

  it('held credits refused by the titular decider: problem+json, neither event appended', async () => {
    // The credits left the UC after the import date: the titular's decider refuses them (422).
    const refused = await post('/v1/ucs/4001/opening-balance', body('2026-06-20'));
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await refused.text()).toMatch(/depois da importação/);
    expect(await opened()).toEqual({ balance: 0, held: 0 });
  });

  it('accepted: the balance and the held credits appended together; sent again, nothing more', async () => {
    const accepted = await post('/v1/ucs/4001/opening-balance', body('2026-05-25'));
    expect(accepted.status).toBe(201);
    expect(await opened()).toEqual({ balance: 1, held: 1 });
    const again = await post('/v1/ucs/4001/opening-balance', body('2026-05-25'));
    expect(again.status).toBeLessThan(300);
    expect(await opened()).toEqual({ balance: 1, held: 1 });
  });
});
