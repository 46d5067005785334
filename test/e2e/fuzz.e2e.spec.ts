/**
 * Bad input, generated: a fast-check fuzz of every command endpoint (and a few queries) with over 10,000 requests
 * that are invalid by construction — each is a valid command with one mutation (see test/support/invalid-requests.ts).
 * Every answer must be a 4xx problem+json and the event store must not move. At the end the unmutated commands are
 * sent and accepted, which shows the 4xx came from the mutations and not from a wrong starting point.
 * The seed is fixed and printed; FUZZ_SEED=<n> replays another.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import { bodyOf, invalidRequests, pathOf, type FuzzRequest, type ValidCommand } from '../support/invalid-requests';
import { operatorHeaders, OPERATOR_KEY, startApi, type RunningApi } from '../support/running-api';

const SEED = Number(process.env.FUZZ_SEED ?? 20250701);
/** Requests in flight at once. */
const BATCH = 50;
/** Batches per endpoint: 11 endpoints × 19 batches × 50 = 10,450 command requests. */
const BATCHES_PER_COMMAND = 19;

const ANA = { document: '529.982.247-25', name: 'Ana Souza' };
const BRUNO = { document: '11144477735', name: 'Bruno Lima' };

/** The 11 commands, each valid in the state `setUp` leaves, and in this order (the control at the end sends them). */
const COMMANDS: ValidCommand[] = [
  {
    method: 'PUT',
    path: '/v1/tariffs/{distribuidora}',
    params: { distribuidora: 'copel' },
    body: { validFrom: '2025-06-01', te: { unico: '0.31' } },
  },
  {
    method: 'POST',
    path: '/v1/ucs',
    params: {},
    body: {
      ucId: '5000',
      distribuidora: 'copel',
      titular: ANA,
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2025-01-02',
    },
  },
  {
    method: 'POST',
    path: '/v1/ucs/{ucId}/generation',
    params: { ucId: '1002' },
    body: {
      installedKw: '5',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2025-01-05',
      connectedAt: '2025-01-10',
    },
  },
  {
    method: 'POST',
    path: '/v1/ucs/{ucId}/capacity',
    params: { ucId: '1001' },
    body: { addedKw: '1.8', requestedAt: '2025-01-08' },
  },
  {
    method: 'PUT',
    path: '/v1/ucs/{ucId}/members',
    params: { ucId: '8000' },
    body: {
      members: ['8001', '8002'],
      legalInstrument: 'Convencao de condominio, registro 12.345',
      date: '2025-01-06',
    },
  },
  {
    method: 'PUT',
    path: '/v1/ucs/{ucId}/rateio',
    params: { ucId: '1001' },
    body: {
      requestedAt: '2025-01-10',
      mode: 'percentage',
      shares: [
        { ucId: '1001', percent: '40' },
        { ucId: '1003', percent: '60' },
      ],
    },
  },
  {
    method: 'POST',
    path: '/v1/ucs/{ucId}/closure-distribution',
    params: { ucId: '8000' },
    body: {
      requestedAt: '2025-01-06',
      shares: [
        { ucId: '8001', percent: '50' },
        { ucId: '8002', percent: '50' },
      ],
    },
  },
  {
    method: 'POST',
    path: '/v1/ucs/{ucId}/readings',
    params: { ucId: '1003' },
    body: { cycle: '2025-01', readingDate: '2025-01-20', postos: { unico: { consumed: '100', injected: '0' } } },
  },
  {
    method: 'POST',
    path: '/v1/titulares/{document}/reallocations',
    params: { document: '52998224725' },
    body: { sourceUcId: '1005', date: '2025-03-10', shares: [{ ucId: '1003', percent: '100' }] },
  },
  {
    method: 'POST',
    path: '/v1/ucs/{ucId}/titularidade',
    params: { ucId: '1003' },
    body: { newTitular: BRUNO, date: '2025-04-01' },
  },
  {
    method: 'POST',
    path: '/v1/ucs/{ucId}/closure',
    params: { ucId: '1004' },
    body: { date: '2025-04-01' },
  },
];

/** Path parameters that name nothing valid: malformed, unknown, encoded oddities. */
const PATH_TRAPS: Record<string, fc.Arbitrary<string>> = {
  ucId: fc.constantFrom(
    'abc',
    '-1',
    '424242',
    'x'.repeat(300),
    '%00',
    '1001%2F..',
    '%F0%9F%98%80',
    '1e3',
    '%20',
    '__proto__',
  ),
  document: fc.constantFrom('52998224724', 'abc', '%00', '123', '__proto__', '11.222.333%2F0001-82'),
  // `__proto__` or `constructor` would be well-formed codes: the traps break the format.
  distribuidora: fc.constantFrom('x', 'copel%20x', 'c%C3%B3pel', 'copel-sul', '%00', 'x'.repeat(41)),
};

/** Query routes with garbage parameters: they may answer 2xx (a query is harmless) but never 5xx. */
const QUERY_PATHS = fc.oneof(
  fc.constantFrom(
    '/v1/ucs/{x}',
    '/v1/ucs/{x}/balance',
    '/v1/ucs/{x}/balance/history',
    '/v1/ucs/{x}/statements',
    '/v1/ucs/{x}/statements/{x}',
    '/v1/generators/{x}/flows',
    '/v1/titulares/{x}/credits',
    '/v1/portfolio',
    '/v1/portfolio/expiring-by-month',
    '/v1/portfolio/credits-history',
    '/v1/credits/expiring',
    '/v1/reallocations/pending',
    '/v1/audit/ucs/{x}',
  ),
);
const QUERY_VALUES = fc.oneof(
  fc.constantFrom('1001', '-1', '1e309', 'NaN', '2025-02-30', '__proto__', '%00', 'x'.repeat(500), '', '52998224725'),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
const queryRequests = fc
  .record({
    path: QUERY_PATHS,
    value: QUERY_VALUES,
    params: fc.array(
      fc.tuple(
        fc.constantFrom('asOf', 'from', 'to', 'limit', 'cursor', 'days', 'months', 'within', '__proto__', 'x'),
        QUERY_VALUES,
      ),
      { maxLength: 3 },
    ),
  })
  .map(
    ({ path, value, params }) =>
      `${path.replace(/\{x\}/g, value)}${params.length ? '?' : ''}${params.map(([k, v]) => `${k}=${v}`).join('&')}`,
  );

interface Sent {
  request: FuzzRequest;
  status: number;
  contentType: string | null;
  body: string;
}

describe('fuzz of the command API (e2e)', () => {
  let api: RunningApi;
  const counts = { requests: 0, queries: 0, byStatus: new Map<number, number>() };

  const send = async (request: FuzzRequest): Promise<Sent> => {
    const response = await fetch(`${api.url}${request.path}`, {
      method: request.method,
      headers: { Authorization: `Bearer ${OPERATOR_KEY}`, ...request.headers },
      body: request.body,
    });
    return {
      request,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: await response.text(),
    };
  };
  const describeFailure = (sent: Sent, why: string) =>
    `${why}: ${sent.request.mutation}\n  ${sent.request.method} ${sent.request.path.slice(0, 200)} ` +
    `${JSON.stringify(sent.request.headers)}\n  body ${sent.request.body.slice(0, 300)}\n  → ${sent.status} ${sent.body.slice(0, 300)}`;

  beforeAll(async () => {
    api = await startApi();
    const post = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: operatorHeaders(),
        body: JSON.stringify(body),
      });
      if (response.status >= 300)
        throw new Error(
          `set-up ${method} ${path}: ${response.status} ${await response.text()}\n${api.logs.slice(-3).join('')}`,
        );
    };
    const register = (ucId: string, titular: typeof ANA) =>
      post('POST', '/v1/ucs', {
        ucId,
        distribuidora: 'copel',
        titular,
        group: 'B',
        connection: 'monofasico',
        postos: ['unico'],
        registeredAt: '2025-01-02',
      });
    const generation = (modalidade: string) => ({
      installedKw: '8.2',
      source: 'solar',
      dispatchable: false,
      modalidade,
      requestedAt: '2025-01-05',
      connectedAt: '2025-01-10',
    });
    await post('PUT', '/v1/tariffs/copel', { validFrom: '2024-01-01', te: { unico: '0.3' } });
    // R10: no tariff in R$ here; the distribuidora reads the minimum as `greater-of` (P10).
    await post('PUT', '/v1/distribuidoras/copel/policy', { validFrom: '2000-01-01', p10: 'greater-of' });
    for (const ucId of ['1001', '1002', '1003', '1004', '1005', '8000', '8001', '8002']) await register(ucId, ANA);
    await post('POST', '/v1/ucs/1001/generation', generation('autoconsumo_remoto'));
    await post('POST', '/v1/ucs/8000/generation', generation('emuc'));
    // Credits held for Ana once 1005 changes hands: the reallocation command has something to move (R18, R20).
    await post('POST', '/v1/ucs/1005/generation', generation('autoconsumo_remoto'));
    await post('POST', '/v1/ucs/1005/readings', {
      cycle: '2025-01',
      readingDate: '2025-01-20',
      postos: { unico: { consumed: '0', injected: '50' } },
    });
    await post('POST', '/v1/ucs/1005/titularidade', { newTitular: BRUNO, date: '2025-03-01' });
    await api.platform.waitForIdle();
  });

  afterAll(async () => {
    const statuses = [...counts.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    process.stdout.write(
      `fuzz: seed ${SEED}, ${counts.requests} command requests, ${counts.queries} queries; ${statuses.join(' ')}\n`,
    );
    await api?.close();
  });

  it(`answers every invalid command with a 4xx problem+json and appends nothing (seed ${SEED})`, async () => {
    process.stdout.write(`fuzz seed: ${SEED} (FUZZ_SEED=${SEED} to replay)\n`);
    const started = Date.now();
    const head = await api.store.headPosition();
    const batches = fc.oneof(
      ...COMMANDS.map((command) =>
        fc.array(invalidRequests(command, PATH_TRAPS), { minLength: BATCH, maxLength: BATCH }),
      ),
    );
    const run = await fc.check(
      fc.asyncProperty(batches, async (batch) => {
        const answers = await Promise.all(batch.map(send));
        for (const sent of answers) {
          counts.requests++;
          counts.byStatus.set(sent.status, (counts.byStatus.get(sent.status) ?? 0) + 1);
          if (sent.status < 400 || sent.status >= 500) throw new Error(describeFailure(sent, 'not a 4xx'));
          if (!/^application\/problem\+json/.test(sent.contentType ?? ''))
            throw new Error(describeFailure(sent, 'not problem+json'));
          const problem = JSON.parse(sent.body) as { status?: number };
          if (problem.status !== sent.status) throw new Error(describeFailure(sent, 'problem status differs'));
        }
        await api.platform.waitForIdle();
        const now = await api.store.headPosition();
        if (now !== head)
          throw new Error(
            `the store moved from ${head} to ${now} during a batch of ${batch[0].method} ${batch[0].path}`,
          );
      }),
      { seed: SEED, numRuns: COMMANDS.length * BATCHES_PER_COMMAND, endOnFailure: true },
    );
    // The failing request alone: fast-check's own report would print the whole batch, oversized bodies included.
    if (run.failed) throw new Error(`seed ${SEED}, run ${run.numRuns}: ${(run.errorInstance as Error)?.message}`);
    // Nothing reached Object.prototype (the app runs in this process).
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(counts.requests).toBeGreaterThanOrEqual(10_000);
    process.stdout.write(
      `fuzz: ${counts.requests} invalid commands in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }, 120_000);

  it('answers garbage queries without a 5xx, errors as problem+json', async () => {
    const paths = fc.sample(queryRequests, { seed: SEED, numRuns: 500 });
    for (let i = 0; i < paths.length; i += BATCH) {
      const answers = await Promise.all(
        paths.slice(i, i + BATCH).map(async (path) => {
          const response = await fetch(`${api.url}${path}`, { headers: { Authorization: `Bearer ${OPERATOR_KEY}` } });
          await response.arrayBuffer();
          return { path, status: response.status, contentType: response.headers.get('content-type') };
        }),
      );
      for (const answer of answers) {
        counts.queries++;
        expect({ path: answer.path, serverError: answer.status >= 500 }).toEqual({
          path: answer.path,
          serverError: false,
        });
        if (answer.status >= 400) expect(answer.contentType).toMatch(/^application\/problem\+json/);
      }
    }
  }, 60_000);

  it('accepts each unmutated command: the 4xx came from the mutations', async () => {
    for (const command of COMMANDS) {
      const response = await fetch(`${api.url}${pathOf(command)}`, {
        method: command.method,
        headers: operatorHeaders(),
        body: bodyOf(command),
      });
      expect({
        path: command.path,
        status: response.status,
        body: response.status < 300 ? '' : await response.text(),
      }).toEqual({
        path: command.path,
        status: command.method === 'PUT' ? 200 : 201,
        body: '',
      });
      await api.platform.waitForIdle();
    }
  });
});
