/**
 * 1,000 commands at once over HTTP on 10 UCs (two generators with rateios and four beneficiaries each): readings,
 * rateio changes and capacity additions racing on the same streams. Every answer is 2xx or 409, and once the
 * platform is idle the log — hence each UC's folded state — equals a serial replay of the accepted commands in the
 * order the store kept them: optimistic concurrency lost no update and let no command decide on a stale state.
 */
import 'reflect-metadata';
import { toDomainEvent, type CommandName } from '@compensa/application';
import { fold, ucDecider, type UcEvent } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import { serialReplay, type AcceptedCommand } from '../support/serial-replay';
import { operatorHeaders, startApi, type RunningApi } from '../support/running-api';

const ANA = { document: '529.982.247-25', name: 'Ana Souza' };
const CARLA = { document: '171.097.224-65', name: 'Carla Dias' };
/** Each generator and its beneficiaries (same titular: autoconsumo remoto, R13). */
const GROUPS = [
  { generator: '6001', beneficiaries: ['6002', '6003', '6004', '6005'], titular: ANA },
  { generator: '6101', beneficiaries: ['6102', '6103', '6104', '6105'], titular: CARLA },
];
const UCS = GROUPS.flatMap((g) => [g.generator, ...g.beneficiaries]);
const COMMANDS = 1000;

/** A command to send. */
interface Planned {
  name: CommandName;
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
}

const reading = (cycle: string, readingDate: string, consumed: string, injected = '0') => ({
  cycle,
  readingDate,
  postos: { unico: { consumed, injected } },
});
const day = (month: number, index: number) =>
  `2025-${String(month).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`;
/** Percentages for the generator and its four beneficiaries, adding up to 100, varied by `i`. */
const shares = (group: (typeof GROUPS)[number], i: number) => {
  const own = 10 + (i % 5) * 10;
  const first = 5 + (i % 7) * 5;
  const rest = (100 - own - first) / 3;
  const whole = Math.floor(rest);
  const parts = [first, whole, whole, 100 - own - first - 2 * whole];
  return [
    { ucId: group.generator, percent: String(own) },
    ...group.beneficiaries.map((ucId, k) => ({ ucId, percent: String(parts[k]) })),
  ];
};

/**
 * The burst. Beneficiaries' readings are dated after every generator reading, rateio request and capacity request,
 * so the facts those decisions compare as of their date never depend on which beneficiary reading won a race.
 */
function plan(): Planned[] {
  const planned: Planned[] = [];
  for (const group of GROUPS) {
    for (let month = 2; month <= 9; month++) {
      const cycle = `2025-0${month}`;
      for (let copy = 0; copy < 4; copy++) {
        planned.push({
          name: 'RecordReading',
          method: 'POST',
          path: `/v1/ucs/${group.generator}/readings`,
          body: reading(cycle, `${cycle}-20`, '100', String(300 + month * 10)),
        });
      }
    }
    for (const ucId of group.beneficiaries) {
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
    for (let i = 0; i < 100; i++) {
      planned.push({
        name: 'AddCapacity',
        method: 'POST',
        path: `/v1/ucs/${group.generator}/capacity`,
        body: { addedKw: '0.5', requestedAt: day(2 + (i % 7), i) },
      });
    }
  }
  for (let i = 0; planned.length < COMMANDS; i++) {
    const group = GROUPS[i % 2];
    planned.push({
      name: 'ChangeRateio',
      method: 'PUT',
      path: `/v1/ucs/${group.generator}/rateio`,
      body: { requestedAt: day(2 + (i % 7), i), mode: 'percentage', shares: shares(group, i) },
    });
  }
  // Interleave kinds and streams so the requests really race (deterministic order: a fixed shuffle).
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = planned.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [planned[i], planned[j]] = [planned[j], planned[i]];
  }
  return planned;
}

describe('1,000 concurrent commands (e2e)', () => {
  let api: RunningApi;

  const send = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: operatorHeaders(),
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const ok = async (method: string, path: string, body: unknown) => {
    const answer = await send(method, path, body);
    if (answer.status >= 300)
      throw new Error(`set-up ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };

  beforeAll(async () => {
    api = await startApi();
    // R10: no tariff in R$ here; the distribuidora reads the minimum as `greater-of` (P10).
    await ok('PUT', '/v1/distribuidoras/copel/policy', { validFrom: '2000-01-01', p10: 'greater-of' });
    for (const group of GROUPS) {
      for (const ucId of [group.generator, ...group.beneficiaries]) {
        await ok('POST', '/v1/ucs', {
          ucId,
          distribuidora: 'copel',
          titular: group.titular,
          group: 'B',
          connection: 'monofasico',
          postos: ['unico'],
          registeredAt: '2025-01-02',
        });
      }
      await ok('POST', `/v1/ucs/${group.generator}/generation`, {
        installedKw: '8.2',
        source: 'solar',
        dispatchable: false,
        modalidade: 'autoconsumo_remoto',
        requestedAt: '2025-01-05',
        connectedAt: '2025-01-10',
      });
      await ok('PUT', `/v1/ucs/${group.generator}/rateio`, {
        requestedAt: '2025-01-06',
        mode: 'percentage',
        shares: shares(group, 0),
      });
      await ok('POST', `/v1/ucs/${group.generator}/readings`, reading('2025-01', '2025-01-20', '100', '300'));
      for (const ucId of group.beneficiaries)
        await ok('POST', `/v1/ucs/${ucId}/readings`, reading('2025-01', '2025-01-25', '200'));
    }
    await api.platform.waitForIdle();
  });

  afterAll(async () => api?.close());

  it('answers each 2xx or 409; the log and every UC equal a serial replay of the accepted commands', async () => {
    const planned = plan();
    expect(planned).toHaveLength(COMMANDS);
    const started = Date.now();
    const answers = await Promise.all(planned.map((p) => send(p.method, p.path, p.body)));
    const elapsed = Date.now() - started;
    const unexpected = answers.filter((a) => ![200, 201, 409].includes(a.status));
    expect(unexpected).toEqual([]);

    const accepted: AcceptedCommand[] = planned
      .map((p, i) => ({ ...p, answer: answers[i] }))
      .filter((c) => c.answer.status < 300)
      .map((c) => ({
        name: c.name,
        path: c.path,
        body: c.body,
        result: c.answer.body as unknown as AcceptedCommand['result'],
      }));
    const conflicts = answers.filter((a) => a.status === 409);
    const byRule = new Map<string, number>();
    for (const a of conflicts) {
      const reason = String(a.body.rule ?? a.body.type).replace('urn:compensa:problem:', '');
      byRule.set(reason, (byRule.get(reason) ?? 0) + 1);
    }
    process.stdout.write(
      `concurrency: ${COMMANDS} commands in ${elapsed} ms: ${accepted.length} accepted, ${conflicts.length} × 409 ` +
        `(${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')})\n`,
    );
    // What RELIABILITY.md claims: bounded retries resolve every optimistic-concurrency race, so no 409 of that kind
    // reaches a client and rateio changes and capacity additions are never refused; the only 409s are readings the
    // rules refuse (a cycle recorded twice, or older than the UC's latest: state-conflict).
    expect(byRule.get('concurrency-conflict') ?? 0).toBe(0);
    expect([...byRule.keys()].filter((r) => r !== 'state-conflict')).toEqual([]);
    const refused = planned.filter((_, i) => answers[i]!.status === 409);
    expect(refused.filter((p) => p.name !== 'RecordReading')).toEqual([]);
    expect(accepted.length + refused.length).toBe(COMMANDS);
    // Every kind got through at least once, on every UC.
    for (const name of ['RecordReading', 'ChangeRateio', 'AddCapacity'] as const) {
      expect(accepted.filter((c) => c.name === name).length).toBeGreaterThan(0);
    }
    for (const ucId of UCS) expect(accepted.some((c) => c.path.startsWith(`/v1/ucs/${ucId}/`))).toBe(true);

    await api.platform.waitForIdle();
    const original: RecordedEvent[] = [];
    for await (const e of api.store.readAll()) original.push(e);
    // Each refused reading is justified by the log: its UC holds that cycle or a later one.
    const latestCycle = new Map<string, string>();
    for (const e of original) {
      if (e.type !== 'ReadingRecorded') continue;
      const d = e.data as { ucId: string; cycle: string };
      if ((latestCycle.get(d.ucId) ?? '') < d.cycle) latestCycle.set(d.ucId, d.cycle);
    }
    for (const p of refused) {
      const ucId = /^\/v1\/ucs\/(\d+)\//.exec(p.path)![1]!;
      expect((latestCycle.get(ucId) ?? '') >= String(p.body.cycle)).toBe(true);
    }
    const replay = await serialReplay(original, accepted);
    expect(replay.rerun).toBe(accepted.length);
    // The process manager's deliveries are decided again in the replay (deliverExcedente), none copied.
    expect(replay.derived).toBe(original.filter((e) => e.type === 'ExcedenteReceived').length);
    expect(replay.copied.filter((t) => t === 'ExcedenteReceived')).toEqual([]);

    const shape = (e: RecordedEvent) => ({
      id: e.id,
      stream: e.stream,
      revision: e.revision,
      type: e.type,
      data: e.data,
    });
    expect(replay.events.map(shape)).toEqual(original.map(shape));
    const folded = (events: RecordedEvent[], ucId: string) =>
      fold(
        ucDecider,
        events.filter((e) => e.stream === `uc-copel-${ucId}`).map((e) => toDomainEvent<UcEvent>(e)),
      );
    for (const ucId of UCS) {
      const state = folded(original, ucId);
      expect(state.status).toBe('active');
      expect(folded(replay.events, ucId)).toEqual(state);
    }
    // The beneficiaries received excedente from their generator's accepted readings (the process manager ran).
    expect(original.filter((e) => e.type === 'ExcedenteReceived').length).toBeGreaterThan(0);
  }, 120_000);
});
