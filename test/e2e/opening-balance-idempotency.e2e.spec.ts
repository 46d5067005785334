/**
 * POST /v1/ucs/{ucId}/opening-balance with `heldCredits` and an Idempotency-Key: a retry answers what the first run
 * answered, byte for byte (status, ETag, body), like every other keyed command. Also when the first run appended
 * both parts (appendMany, two streams) and its instance died before recording the answer: the retry, on this
 * instance or another, runs the opening again, finds the events the first run appended under the key's command id
 * and answers with them (before: 201 with no events). The same key with another body is refused (422 problem+json).
 * Platform state in DATA_DIR/platform.db (one instance) and in PostgreSQL at PLATFORM_DB_URL (two instances).
 */
import 'reflect-metadata';
import { openPlatformState } from '@compensa/application';
import type { EventStore } from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdempotencyStore, type StoredOutcome } from '../../apps/api/src/commands/idempotency/idempotency-store';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';
import { startInstancesOnOneLog, type Instance } from '../support/instances-on-one-log';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OPERATOR_KEY = 'operator-key-of-the-opening-idempotency-e2e';
const SHA = 'd'.repeat(64);
/** A claim left pending longer than this is abandoned (the config's floor): the retry runs again. */
const CLAIM_MS = 100;

/** `count` instances on one embedded log, platform state in `platformDbUrl` (else DATA_DIR/platform.db). */
function startInstances(dir: string, count: number, platformDbUrl?: string): Promise<Instance[]> {
  return startInstancesOnOneLog(
    dir,
    Array.from({ length: count }, (_, i) => ({
      // The first instance holds the lease and feeds the shared directory; the others read it.
      ...(platformDbUrl ? { PLATFORM_DB_URL: platformDbUrl, COMPENSA_ROLE: i === 0 ? 'all' : 'api' } : {}),
      COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
      COMPENSA_IDEMPOTENCY_CLAIM_MS: String(CLAIM_MS),
    })),
  );
}

const opening = (ucId: string, kwh = '1080') => ({
  date: '2026-06-01',
  source: { file: 'saldos.csv', line: 2, sha256: SHA },
  credits: [{ vintage: '2024-11-19', posto: 'unico', gdClass: 'GD_I', kwh, sourceUcId: ucId }],
  heldCredits: {
    document: '111.444.777-35',
    name: 'Bruno Lima',
    distribuidora: 'copel',
    rule: 'R18',
    leftOn: '2026-05-25',
    status: 'open',
    source: { file: 'saldos.csv', line: 3, sha256: SHA },
    lots: [{ vintage: '2024-06-20', posto: 'unico', gdClass: 'GD_I', kwh: '210', sourceUcId: ucId }],
  },
});

describe.each([
  { platformState: 'DATA_DIR/platform.db', instances: 1, pg: false },
  { platformState: 'PostgreSQL (PLATFORM_DB_URL)', instances: 2, pg: true },
])('opening balance with heldCredits and an Idempotency-Key, platform state in $platformState', ({ instances, pg }) => {
  let dir: string;
  let schema: string;
  let apis: Instance[];
  /** Lets the answer of a request whose instance "died" go (after the test, so the app closes). */
  let revive = () => undefined as void;
  const last = () => apis[apis.length - 1];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-opening-idem-'));
    schema = `oi_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    apis = await startInstances(dir, instances, pg ? `${PG_URL}?schema=${schema}` : undefined);
    for (const ucId of ['4101', '4102']) {
      const registered = await send(apis[0], '/v1/ucs', {
        ucId,
        distribuidora: 'copel',
        titular: { document: '529.982.247-25', name: 'Ana Souza' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2024-01-04',
      });
      expect(registered.status).toBe(201);
    }
  });

  afterAll(async () => {
    revive();
    for (const { app } of apis ?? []) await app.close();
    if (pg) await (await openPlatformState(PG_URL, { schema, poolSize: 1 })).close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (on: Instance, path: string, body: unknown, key?: string, signal?: AbortSignal) =>
    fetch(`${on.url}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${OPERATOR_KEY}`,
        'Content-Type': 'application/json',
        ...(key ? { 'Idempotency-Key': key } : {}),
      },
      body: JSON.stringify(body),
      signal,
    });
  const answerOf = async (response: Response) => ({
    status: response.status,
    etag: response.headers.get('etag'),
    text: await response.text(),
  });
  const count = async (stream: string, type: string) => {
    let n = 0;
    for await (const e of apis[0].app.get<EventStore>(EVENT_STORE).readStream(stream)) if (e.type === type) n++;
    return n;
  };

  it('a retry replays the first answer byte for byte; the key with another body: 422 problem+json', async () => {
    const first = await answerOf(await send(apis[0], '/v1/ucs/4101/opening-balance', opening('4101'), 'open-4101'));
    expect(first.status).toBe(201);
    expect(JSON.parse(first.text).events.map((e: { type: string }) => e.type)).toEqual([
      'OpeningBalanceImported',
      'OpeningHeldCreditsImported',
    ]);
    const retry = await send(last(), '/v1/ucs/4101/opening-balance', opening('4101'), 'open-4101');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await answerOf(retry)).toEqual(first);

    const other = await send(last(), '/v1/ucs/4101/opening-balance', opening('4101', '999'), 'open-4101');
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await other.json()) as { type: string }).type).toBe('urn:compensa:problem:idempotency-key-reused');
    expect(await count('uc-copel-4101', 'OpeningBalanceImported')).toBe(1);
  });

  it('the first run appended both parts and its instance died before answering: the retry answers the same', async () => {
    // The first instance appends, then "dies" before the key's answer is recorded (its complete never returns).
    const idempotency = apis[0].app.get(IdempotencyStore);
    let recorded: StoredOutcome | undefined;
    const complete = jest.spyOn(idempotency, 'complete').mockImplementationOnce(async (_scope, _key, outcome) => {
      recorded = outcome;
      await new Promise<void>((resolve) => (revive = resolve));
    });
    const aborted = new AbortController();
    const lost = send(apis[0], '/v1/ucs/4102/opening-balance', opening('4102'), 'open-4102', aborted.signal).catch(
      () => null,
    );
    for (let t = Date.now(); recorded === undefined && Date.now() - t < 10_000;)
      await new Promise((r) => setTimeout(r, 10));
    aborted.abort();
    await lost;
    complete.mockRestore();
    expect(recorded).toMatchObject({ kind: 'response', status: 201 });
    const firstAnswer = recorded as Extract<StoredOutcome, { kind: 'response' }>;
    expect(await count('uc-copel-4102', 'OpeningBalanceImported')).toBe(1);

    // The same key with another body is refused, whatever became of the first request.
    const other = await send(last(), '/v1/ucs/4102/opening-balance', opening('4102', '999'), 'open-4102');
    expect(other.status).toBe(422);
    expect(((await other.json()) as { type: string }).type).toBe('urn:compensa:problem:idempotency-key-reused');

    // The claim abandoned, the retry (on the other instance when there are two) runs the opening again.
    await new Promise((r) => setTimeout(r, CLAIM_MS * 3));
    const rerun = await answerOf(await send(last(), '/v1/ucs/4102/opening-balance', opening('4102'), 'open-4102'));
    expect(rerun).toEqual({
      status: firstAnswer.status,
      etag: firstAnswer.etag,
      text: JSON.stringify(firstAnswer.body),
    });
    // Its answer is now the key's: replayed by every instance, byte for byte.
    for (const on of apis) {
      const replayed = await send(on, '/v1/ucs/4102/opening-balance', opening('4102'), 'open-4102');
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(await answerOf(replayed)).toEqual(rerun);
    }
    expect(await count('uc-copel-4102', 'OpeningBalanceImported')).toBe(1);
    expect(await count('titular-copel-11144477735', 'OpeningHeldCreditsImported')).toBe(2);
  });
});
