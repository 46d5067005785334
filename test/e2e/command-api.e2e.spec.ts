/**
 * The HTTP command API end to end: the real app (SQLite event store and platform.db in a temp dir, a settable clock,
 * an operator and an auditor key) on a random port, driven with fetch. Every endpoint's happy path, the refusals
 * (status, rule id, nothing appended), Idempotency-Key, If-Match, excedente delivery, and 100 concurrent commands
 * checked against a serial replay of the accepted ones.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Platform, SettableClock, type CommandName } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';
import type { DueRunner } from '../../apps/api/src/platform/due-runner';
import { DUE_RUNNER } from '../../apps/api/src/platform/platform.tokens';
import { serialReplay } from '../support/serial-replay';

const OPERATOR_KEY = 'operator-key-for-the-command-api-e2e';
const AUDITOR_KEY = 'auditor-key-for-the-command-api-e2e';
/** Valid CPFs: two of the same titular key cannot be told apart by a UC, so each person has one. */
const ANA = { document: '529.982.247-25', name: 'Ana Souza' };
const BRUNO = { document: '11144477735', name: 'Bruno Lima' };
const CARLA = { document: '171.097.224-65', name: 'Carla Dias' };
const DORA = { document: '74153832570', name: 'Dora Melo' };

/** An answer as the tests read it. */
interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A command's answer body. */
interface CommandAnswer {
  stream: string;
  revision: number | null;
  events: { type: string; data: Record<string, unknown> }[];
}

describe('command API (e2e)', () => {
  let dataDir: string;
  let app: NestExpressApplication;
  let url: string;
  let platform: Platform;
  let store: EventStore;
  let clock: SettableClock;
  const logs: string[] = [];

  const send = async (
    method: string,
    path: string,
    body?: unknown,
    options: { key?: string | null; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<Answer> => {
    const headers = new Headers(options.headers);
    const key = options.key === undefined ? OPERATOR_KEY : options.key;
    if (key !== null) headers.set('Authorization', `Bearer ${key}`);
    headers.set('Content-Type', 'application/json');
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };
  const post = (path: string, body: unknown, options?: Parameters<typeof send>[3]) => send('POST', path, body, options);
  const put = (path: string, body: unknown, options?: Parameters<typeof send>[3]) => send('PUT', path, body, options);

  /** Expects a 2xx command answer and returns it. */
  const accepted = (answer: Answer, status: 200 | 201): CommandAnswer => {
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    const body = answer.body as unknown as CommandAnswer;
    expect(answer.headers.get('etag')).toBe(`"${body.revision}"`);
    return body;
  };
  const types = (answer: CommandAnswer): string[] => answer.events.map((e) => e.type);

  /** Sends a command that must be refused: its problem's status and rule, and the log left as it was. */
  const refused = async (request: () => Promise<Answer>, status: number, rule?: string): Promise<Answer['body']> => {
    await platform.waitForIdle();
    const before = await store.headPosition();
    const answer = await request();
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect({ status: answer.status, rule: answer.body.rule }).toEqual({ status, rule });
    await platform.waitForIdle();
    expect(await store.headPosition()).toBe(before);
    return answer.body;
  };

  const streamEvents = async (stream: string): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const e of store.readStream(stream)) events.push(e);
    return events;
  };
  const registerUc = (ucId: string, titular: { document: string; name: string }, extra: Record<string, unknown> = {}) =>
    post('/v1/ucs', {
      ucId,
      distribuidora: 'copel',
      titular,
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2025-01-02',
      ...extra,
    });
  const generation = (modalidade = 'autoconsumo_remoto', installedKw = '8.2') => ({
    installedKw,
    source: 'solar',
    dispatchable: false,
    modalidade,
    requestedAt: '2025-01-05',
    connectedAt: '2025-01-10',
  });
  const reading = (cycle: string, readingDate: string, consumed: string, injected = '0') => ({
    cycle,
    readingDate,
    postos: { unico: { consumed, injected } },
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'compensa-commands-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
      COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator,${AUDITOR_KEY}:auditor`,
    });
    clock = new SettableClock('2025-01-01' as BusinessDate);
    app = await createApp(config, { clock, logDestination: { write: (line: string) => void logs.push(line) } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    platform = app.get(Platform);
    store = app.get<EventStore>(EVENT_STORE);
    // R10: these UCs have no tariff in R$; their distribuidora reads the minimum as `greater-of` (P10).
    await platform.commands.execute('SetDistribuidoraPolicy', {
      distribuidora: 'copel',
      validFrom: '2000-01-01',
      p10: 'greater-of',
    });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('every endpoint, happy path', () => {
    it('PUT /v1/tariffs/{distribuidora} publishes a TE table (200)', async () => {
      const answer = accepted(
        await put('/v1/tariffs/copel', { validFrom: '2024-01-01', te: { ponta: '0.45', fora_ponta: '0.30' } }),
        200,
      );
      expect(answer).toMatchObject({ stream: 'tariff-copel', revision: 1 }); // revision 0 is the policy set in beforeAll
      expect(answer.events[0]).toEqual({
        type: 'TariffPublished',
        data: { distribuidora: 'copel', validFrom: '2024-01-01', te: { ponta: '0.45', fora_ponta: '0.30' } },
      });
    });

    it('POST /v1/ucs registers UCs (201), normalising the document', async () => {
      const answer = accepted(await registerUc('1001', ANA, { connection: 'trifasico' }), 201);
      expect(answer).toMatchObject({ stream: 'uc-copel-1001', revision: 0 });
      expect(answer.events[0].data).toMatchObject({ ucId: '1001', titular: { document: '52998224725', kind: 'CPF' } });
      accepted(await registerUc('1002', ANA), 201);
      accepted(await registerUc('1003', BRUNO), 201);
    });

    it('POST /v1/ucs/{ucId}/generation and /capacity register generation and add a tranche (201)', async () => {
      const registered = accepted(await post('/v1/ucs/1001/generation', generation()), 201);
      expect(registered.events[0]).toMatchObject({
        type: 'GenerationRegistered',
        data: { installedKw: '8.200', gdClass: 'GD_II' },
      });
      const added = accepted(await post('/v1/ucs/1001/capacity', { addedKw: '1.8', requestedAt: '2025-01-08' }), 201);
      expect(added.events[0]).toMatchObject({ type: 'CapacityAdded', data: { totalKw: '10.000' } });
    });

    it('PUT /v1/ucs/{ucId}/rateio sets a percentage rateio (200)', async () => {
      const answer = accepted(
        await put('/v1/ucs/1001/rateio', {
          requestedAt: '2025-01-10',
          mode: 'percentage',
          shares: [
            { ucId: '1001', percent: '40' },
            { ucId: '1002', percent: '60' },
          ],
        }),
        200,
      );
      expect(types(answer)).toEqual(['RateioChanged']);
    });

    it("POST /v1/ucs/{ucId}/readings: the generator's excedente reaches the beneficiary, whose next reading uses it", async () => {
      accepted(await post('/v1/ucs/1001/readings', reading('2025-01', '2025-01-20', '100')), 201);
      accepted(await post('/v1/ucs/1002/readings', reading('2025-01', '2025-01-22', '100')), 201);
      // R7: the rateio requested on 01-10 belongs to the cycle closed on 01-20 and applies from 2025-02.
      const generator = accepted(
        await post('/v1/ucs/1001/readings', reading('2025-02', '2025-02-20', '250', '400')),
        201,
      );
      const allocated = generator.events.find((e) => e.type === 'ExcedenteAllocated');
      expect(allocated?.data.allocations).toEqual([expect.objectContaining({ ucId: '1002', kwh: '90.000' })]);

      await platform.waitForIdle();
      const received = (await streamEvents('uc-copel-1002')).filter((e) => e.type === 'ExcedenteReceived');
      expect(received).toHaveLength(1);
      expect(received[0].data).toMatchObject({
        sourceUcId: '1001',
        parts: [expect.objectContaining({ kwh: '90.000' })],
      });

      const beneficiary = accepted(await post('/v1/ucs/1002/readings', reading('2025-02', '2025-02-22', '180')), 201);
      const compensated = beneficiary.events.find((e) => e.type === 'CycleCompensated');
      expect(JSON.stringify(compensated?.data)).toContain('"sourceUcId":"1001"');
      expect(JSON.stringify(compensated?.data)).toContain('90.000');
    });

    it('PUT /v1/ucs/{ucId}/members, POST /closure-distribution and /closure at an emuc generator', async () => {
      for (const ucId of ['8000', '8001', '8002']) accepted(await registerUc(ucId, CARLA), 201);
      accepted(await post('/v1/ucs/8000/generation', generation('emuc')), 201);
      const members = accepted(
        await put('/v1/ucs/8000/members', {
          members: ['8001', '8002'],
          legalInstrument: 'Convencao de condominio, registro 12.345',
          date: '2025-01-06',
        }),
        200,
      );
      expect(types(members)).toEqual(['MembersRegistered']);
      const requested = accepted(
        await post('/v1/ucs/8000/closure-distribution', {
          requestedAt: '2025-01-06',
          shares: [
            { ucId: '8001', percent: '50' },
            { ucId: '8002', percent: '50' },
          ],
        }),
        201,
      );
      expect(types(requested)).toEqual(['ClosureDistributionRequested']);
      accepted(await post('/v1/ucs/8000/readings', reading('2025-01', '2025-01-20', '100', '300')), 201);
      const closed = accepted(await post('/v1/ucs/8000/closure', { date: '2025-03-01' }), 201);
      // R19: requested at least 30 days before the closure, so carried out at it.
      expect(types(closed)).toEqual(['ContractClosed', 'CreditsReallocated']);
    });

    it('POST /v1/ucs/{ucId}/titularidade and POST /v1/titulares/{document}/reallocations (R18, R20)', async () => {
      const transferred = accepted(
        await post('/v1/ucs/1001/titularidade', { newTitular: BRUNO, date: '2025-03-01' }),
        201,
      );
      expect(types(transferred)).toEqual(['TitularidadeTransferred']);
      await platform.waitForIdle();
      const indicated = accepted(
        await post('/v1/titulares/529.982.247-25/reallocations', {
          sourceUcId: '1001',
          date: '2025-03-10',
          shares: [{ ucId: '1002', percent: '100' }],
        }),
        201,
      );
      expect(indicated.stream).toBe('titular-copel-52998224725');
      expect(types(indicated)).toContain('HeldCreditsReallocated');
    });
  });

  describe('refusals leave the log unchanged', () => {
    beforeAll(async () => {
      accepted(await registerUc('2001', DORA, { connection: 'trifasico' }), 201);
      accepted(await registerUc('2002', DORA), 201);
      accepted(await post('/v1/ucs/2001/generation', generation()), 201);
      accepted(await post('/v1/ucs/2002/readings', reading('2025-01', '2025-01-20', '100')), 201);
    });

    it('400: a body that is not JSON', async () => {
      await refused(() => post('/v1/ucs/2002/readings', undefined, { raw: '{"cycle": "2025-02",' }), 400);
    });

    it('422: bad CPF check digits (the domain), naming the field', async () => {
      const problem = await refused(() => registerUc('2003', { document: '529.982.247-24', name: 'X' }), 422);
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'titular.document' })]);
    });

    it('422: negative kWh, 4 decimal places, an unknown posto, an unknown field (the DTO)', async () => {
      const negative = await refused(() => post('/v1/ucs/2002/readings', reading('2025-02', '2025-02-20', '-5')), 422);
      expect(negative.errors).toEqual([
        {
          field: 'postos.unico.consumed',
          message: 'consumed deve ser um kWh em texto decimal, não negativo, com no máximo 3 casas decimais ("280.5")',
        },
      ]);
      await refused(() => post('/v1/ucs/2002/readings', reading('2025-02', '2025-02-20', '1.2345')), 422);
      const posto = await refused(
        () =>
          post('/v1/ucs/2002/readings', {
            cycle: '2025-02',
            readingDate: '2025-02-20',
            postos: { madrugada: { consumed: '1', injected: '0' } },
          }),
        422,
      );
      expect(posto.errors).toEqual([
        { field: 'postos.madrugada', message: 'o campo postos.madrugada não é permitido' },
      ]);
      await refused(() => post('/v1/ucs/2002/readings', { ...reading('2025-02', '2025-02-20', '1'), meter: 'x' }), 422);
      // A posto the UC is not billed in: the domain's 422.
      await refused(
        () =>
          post('/v1/ucs/2002/readings', {
            cycle: '2025-02',
            readingDate: '2025-02-20',
            postos: { ponta: { consumed: '1', injected: '0' } },
          }),
        422,
      );
      await refused(() => put('/v1/tariffs/copel', { validFrom: '2025-01-01', te: { noite: '0.1' } }), 422);
    });

    it('404: an unknown UC', async () => {
      const problem = await refused(() => post('/v1/ucs/9999/readings', reading('2025-02', '2025-02-20', '1')), 404);
      expect(problem.ucId).toBe('9999');
    });

    it('409 R13: a rateio to a UC of another titular under autoconsumo remoto', async () => {
      const shares = [
        { ucId: '2001', percent: '50' },
        { ucId: '1003', percent: '50' },
      ];
      await refused(
        () => put('/v1/ucs/2001/rateio', { requestedAt: '2025-02-01', mode: 'percentage', shares }),
        409,
        'R13',
      );
    });

    it('409 R5: shares that do not add up to 100', async () => {
      const shares = [
        { ucId: '2001', percent: '40' },
        { ucId: '2002', percent: '50' },
      ];
      await refused(
        () => put('/v1/ucs/2001/rateio', { requestedAt: '2025-02-01', mode: 'percentage', shares }),
        409,
        'R5',
      );
    });

    it('409 R21: generation above the size limits', async () => {
      await refused(() => post('/v1/ucs/2002/generation', generation('autoconsumo_remoto', '80000')), 409, 'R21');
    });

    it('409 R15: injected energy at a UC with no generation', async () => {
      await refused(() => post('/v1/ucs/2002/readings', reading('2025-02', '2025-02-20', '10', '5')), 409, 'R15');
    });

    it('409 R14 / R20: an indication with nothing held, and one after the deadline', async () => {
      const indication = (sourceUcId: string, date: string) => ({
        sourceUcId,
        date,
        shares: [{ ucId: '2002', percent: '100' }],
      });
      await refused(
        () => post('/v1/titulares/74153832570/reallocations', indication('2002', '2025-03-10')),
        409,
        'R14',
      );
      // Credits leave 2001 on 03-01 (R18): the deadline is 03-31.
      accepted(await post('/v1/ucs/2001/readings', reading('2025-01', '2025-01-20', '0', '50')), 201);
      accepted(await post('/v1/ucs/2001/titularidade', { newTitular: BRUNO, date: '2025-03-01' }), 201);
      await refused(
        () => post('/v1/titulares/74153832570/reallocations', indication('2001', '2025-04-01')),
        409,
        'R20',
      );
    });

    it("the deadline scheduler runs R20's default once the clock passes the deadline, and logs it", async () => {
      expect(logs.some((l) => l.includes('ran what is due up to 2025-01-01'))).toBe(true);
      clock.advanceTo('2025-04-01' as BusinessDate);
      const run = await app.get<DueRunner>(DUE_RUNNER).runOnce();
      expect(run).toMatchObject({ date: '2025-04-01' });
      expect(run!.headAfter).toBeGreaterThan(run!.headBefore!);
      const moved = (await streamEvents('titular-copel-74153832570')).filter(
        (e) => e.type === 'HeldCreditsReallocated',
      );
      expect(moved.map((e) => e.data)).toEqual([
        expect.objectContaining({ reason: 'default', outcome: [expect.objectContaining({ ucId: '2002' })] }),
      ]);
      expect(logs.some((l) => l.includes('ran what is due up to 2025-04-01'))).toBe(true);
    });

    it('409 without a rule: a cycle recorded twice', async () => {
      const problem = await refused(() => post('/v1/ucs/2002/readings', reading('2025-01', '2025-01-20', '100')), 409);
      expect(problem.type).toBe('urn:compensa:problem:state-conflict');
    });

    it('401 without a key or with an unknown one, 403 for the auditor', async () => {
      await refused(() => post('/v1/ucs/2002/readings', reading('2025-02', '2025-02-20', '1'), { key: null }), 401);
      await refused(() => post('/v1/ucs/2002/readings', reading('2025-02', '2025-02-20', '1'), { key: 'nope' }), 401);
      await refused(
        () => post('/v1/ucs/2002/readings', reading('2025-02', '2025-02-20', '1'), { key: AUDITOR_KEY }),
        403,
      );
    });
  });

  describe('Idempotency-Key and If-Match', () => {
    beforeAll(async () => {
      accepted(await registerUc('3001', { document: '10801598435', name: 'Elis Rocha' }), 201);
    });

    it('replays the first answer for the same key and body, appending nothing; 422 for another body', async () => {
      const headers = { 'Idempotency-Key': 'reading-3001-2025-01' };
      const body = reading('2025-01', '2025-01-20', '120');
      const first = accepted(await post('/v1/ucs/3001/readings', body, { headers }), 201);
      await platform.waitForIdle();
      const head = await store.headPosition();

      // Same body with its keys in another order: the same request.
      const again = await post(
        '/v1/ucs/3001/readings',
        { postos: body.postos, readingDate: body.readingDate, cycle: body.cycle },
        { headers },
      );
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first);
      expect(again.headers.get('etag')).toBe(`"${first.revision}"`);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await store.headPosition()).toBe(head);

      const other = await refused(
        () => post('/v1/ucs/3001/readings', reading('2025-01', '2025-01-20', '121'), { headers }),
        422,
      );
      expect(other).toMatchObject({
        type: 'urn:compensa:problem:idempotency-key-reused',
        title: 'Chave de idempotência reutilizada',
        detail: expect.stringContaining('já foi usada em outra requisição') as unknown,
      });
      // Keys are per API key: nothing to do with another principal's keys (the auditor may not post anyway).
    });

    it('replays a domain refusal too, and frees the key after a validation failure', async () => {
      const headers = { 'Idempotency-Key': 'twice' };
      const duplicate = reading('2025-01', '2025-01-20', '120');
      const first = await refused(() => post('/v1/ucs/3001/readings', duplicate, { headers }), 409);
      const replayed = await post('/v1/ucs/3001/readings', duplicate, { headers });
      expect(replayed.status).toBe(409);
      expect(replayed.body.detail).toBe(first.detail);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');

      const fixable = { 'Idempotency-Key': 'fixable' };
      await refused(
        () => post('/v1/ucs/3001/readings', reading('2025-02', '2025-02-20', '1.2345'), { headers: fixable }),
        422,
      );
      accepted(
        await post('/v1/ucs/3001/readings', reading('2025-02', '2025-02-20', '1.234'), { headers: fixable }),
        201,
      );
    });

    it('two requests racing with the same key: one runs, the other gets 409 (never waits) or the replay', async () => {
      await platform.waitForIdle();
      const head = await store.headPosition();
      const headers = { 'Idempotency-Key': 'racing' };
      const body = reading('2025-04', '2025-04-20', '7');
      const answers = await Promise.all([0, 1, 2].map(() => post('/v1/ucs/3001/readings', body, { headers })));
      expect(answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
      for (const a of answers.filter((x) => x.status !== 201)) {
        expect(a).toMatchObject({
          status: 409,
          body: { type: 'urn:compensa:problem:idempotency-key-in-progress', title: 'Requisição em andamento' },
        });
        expect(a.headers.get('retry-after')).toBe('1');
      }
      await platform.waitForIdle();
      const appended = (await streamEvents('uc-copel-3001')).filter((e) => e.position > (head ?? 0));
      expect(appended.filter((e) => e.type === 'ReadingRecorded')).toHaveLength(1);
    });

    it('If-Match: the current revision is accepted, another one is 409 and appends nothing', async () => {
      const head = (await streamEvents('uc-copel-3001')).at(-1)!.revision;
      const stale = await refused(
        () =>
          post('/v1/ucs/3001/readings', reading('2025-05', '2025-05-20', '5'), {
            headers: { 'If-Match': `"${head - 1}"` },
          }),
        409,
      );
      expect(stale.type).toBe('urn:compensa:problem:concurrency-conflict');
      const malformed = await refused(
        () =>
          post('/v1/ucs/3001/readings', reading('2025-05', '2025-05-20', '5'), {
            headers: { 'If-Match': 'yesterday' },
          }),
        400,
      );
      expect(malformed).toMatchObject({
        title: 'Requisição inválida',
        detail:
          'O cabeçalho If-Match deve indicar uma única revisão do stream, como o ETag da resposta de um comando ("5").',
      });
      const answer = accepted(
        await post('/v1/ucs/3001/readings', reading('2025-05', '2025-05-20', '5'), {
          headers: { 'If-Match': `"${head}"` },
        }),
        201,
      );
      expect(answer.revision).toBeGreaterThan(head);
    });
  });

  it('documents every command endpoint in OpenAPI with its example and problem+json answers', async () => {
    const response = await fetch(`${url}/docs-json`);
    const document = (await response.json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const operations: [string, string, string][] = [
      ['/v1/ucs', 'post', '201'],
      ['/v1/ucs/{ucId}/generation', 'post', '201'],
      ['/v1/ucs/{ucId}/capacity', 'post', '201'],
      ['/v1/ucs/{ucId}/members', 'put', '200'],
      ['/v1/ucs/{ucId}/rateio', 'put', '200'],
      ['/v1/ucs/{ucId}/readings', 'post', '201'],
      ['/v1/ucs/{ucId}/titularidade', 'post', '201'],
      ['/v1/ucs/{ucId}/closure', 'post', '201'],
      ['/v1/ucs/{ucId}/closure-distribution', 'post', '201'],
      ['/v1/titulares/{document}/reallocations', 'post', '201'],
      ['/v1/tariffs/{distribuidora}', 'put', '200'],
    ];
    for (const [path, method, success] of operations) {
      const operation = document.paths[path]?.[method] as {
        requestBody: { content: Record<string, { examples?: unknown }> };
        responses: Record<string, { content?: Record<string, unknown> }>;
      };
      expect(operation).toBeDefined();
      expect(operation.requestBody.content['application/json'].examples).toBeDefined();
      expect(Object.keys(operation.responses).sort()).toEqual(
        [success, '400', '401', '403', '404', '409', '422'].sort(),
      );
      expect(operation.responses['409'].content?.['application/problem+json']).toBeDefined();
    }
  });

  describe('100 concurrent commands at one generator and its beneficiaries', () => {
    it('answers each 2xx or 409, and the log equals a serial replay of the accepted commands in stored order', async () => {
      const owner = { document: '08974390310', name: 'Fabio Reis' };
      for (const ucId of ['5001', '5002', '5003']) accepted(await registerUc(ucId, owner), 201);
      accepted(await post('/v1/ucs/5001/generation', generation()), 201);
      const shares = (a: string, b: string, c: string) => [
        { ucId: '5001', percent: a },
        { ucId: '5002', percent: b },
        { ucId: '5003', percent: c },
      ];
      accepted(
        await put('/v1/ucs/5001/rateio', {
          requestedAt: '2025-01-06',
          mode: 'percentage',
          shares: shares('50', '25', '25'),
        }),
        200,
      );
      accepted(await post('/v1/ucs/5001/readings', reading('2025-01', '2025-01-20', '100', '300')), 201);
      for (const ucId of ['5002', '5003'])
        accepted(await post(`/v1/ucs/${ucId}/readings`, reading('2025-01', '2025-01-25', '200')), 201);
      await platform.waitForIdle();

      // Beneficiaries' readings are dated after every generator reading and rateio request, so the facts those
      // decisions compare (P6a demand as of their date) never depend on which beneficiary reading won the race.
      type Planned = { name: CommandName; method: 'POST' | 'PUT'; path: string; body: Record<string, unknown> };
      const planned: Planned[] = [];
      for (let month = 2; month <= 9; month++) {
        const cycle = `2025-0${month}`;
        for (let copy = 0; copy < 3; copy++) {
          planned.push({
            name: 'RecordReading',
            method: 'POST',
            path: '/v1/ucs/5001/readings',
            body: reading(cycle, `${cycle}-20`, '100', `${200 + month * 10}`),
          });
        }
      }
      for (const ucId of ['5002', '5003']) {
        for (const cycle of ['2025-10', '2025-11', '2025-12']) {
          for (let copy = 0; copy < 3; copy++) {
            planned.push({
              name: 'RecordReading',
              method: 'POST',
              path: `/v1/ucs/${ucId}/readings`,
              body: reading(cycle, `${cycle}-25`, '150'),
            });
          }
        }
      }
      for (let i = 0; planned.length < 100; i++) {
        const own = 10 + (i % 7) * 10;
        const rest = 100 - own;
        const day = String(1 + (i % 28)).padStart(2, '0');
        planned.push({
          name: 'ChangeRateio',
          method: 'PUT',
          path: '/v1/ucs/5001/rateio',
          body: {
            requestedAt: `2025-0${2 + (i % 6)}-${day}`,
            mode: 'percentage',
            shares: shares(String(own), String(rest - 20), '20'),
          },
        });
      }
      // Interleave the kinds so the requests really race.
      planned.sort((a, b) => (JSON.stringify(a.body).length % 7) - (JSON.stringify(b.body).length % 7));

      const answers = await Promise.all(planned.map((p) => send(p.method, p.path, p.body)));
      for (const a of answers) expect([200, 201, 409]).toContain(a.status);
      const acceptedCommands = planned
        .map((p, i) => ({ ...p, answer: answers[i] }))
        .filter((c) => c.answer.status < 300)
        .map((c) => ({ ...c, result: c.answer.body as unknown as CommandAnswer }));
      expect(acceptedCommands.length).toBeGreaterThan(40);
      await platform.waitForIdle();

      const original: RecordedEvent[] = [];
      for await (const e of store.readAll()) original.push(e);
      const replay = await serialReplay(original, acceptedCommands);
      expect(replay.rerun).toBe(acceptedCommands.length);
      const shape = (e: RecordedEvent) => ({
        id: e.id,
        stream: e.stream,
        revision: e.revision,
        type: e.type,
        data: e.data,
      });
      expect(replay.events.map(shape)).toEqual(original.map(shape));
    });
  });
});
