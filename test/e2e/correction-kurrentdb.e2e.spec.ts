/**
 * Retificação on KurrentDB (EVENT_STORE=kurrentdb, the in-process gRPC double): a generator's corrected reading
 * re-bills its beneficiary in the same transaction (R5 R7, P6a), which needs the store's appendMany on two streams.
 * With the v2 multi-stream append (KurrentDB 25.1+) the correction is answered 201 and its report is the one
 * `compensa simulate` gives; on an older server it is refused 409, nothing appended.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { runSimulation, Platform, SettableClock, type SimulationReport } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import { SqliteEventStore } from '@compensa/event-store';
import { KurrentDbEventStore } from '@compensa/event-store/kurrentdb';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { KurrentDbDouble } from '../support/kurrentdb-double';

const OPERATOR_KEY = 'operator-key-for-the-kurrentdb-correction-e2e';
const EXAMPLES = join(__dirname, '..', '..', 'examples');
const LINES = readFileSync(join(EXAMPLES, '16-retificacao-leitura.jsonl'), 'utf8').split('\n');
const EXPECTED = JSON.parse(
  readFileSync(join(EXAMPLES, '16-retificacao-leitura.expected.json'), 'utf8'),
) as SimulationReport;
const headers = { Authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' };

/** The body of a CorrectReading line of the example, for POST …/correction. */
function correctionOf(ucId: string): { path: string; body: Record<string, unknown> } {
  const line = LINES.find((l) => l.includes('"CorrectReading"') && l.includes(`"ucId":"${ucId}"`))!;
  const { command: _command, ucId: _ucId, cycle, ...body } = JSON.parse(line) as Record<string, unknown>;
  return { path: `/v1/ucs/${ucId}/readings/${String(cycle)}/correction`, body };
}

/** The example's history without its corrections, simulated on SQLite once and copied event by event. */
let history: { dir: string; store: SqliteEventStore };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-kdb-corrections-src-'));
  await runSimulation(
    LINES.filter((l) => !l.includes('"CorrectReading"')),
    { dataDir: dir },
  );
  history = { dir, store: new SqliteEventStore({ path: join(dir, 'events.db') }) };
}, 60_000);

afterAll(async () => {
  await history?.store.close();
  if (history) rmSync(history.dir, { recursive: true, force: true });
});

/** A double holding the history, and the API on it (its read models in a fresh data directory). */
async function apiOn(double: KurrentDbDouble) {
  const connectionString = await double.start();
  const kdb = new KurrentDbEventStore(connectionString);
  try {
    for await (const e of history.store.readAll()) {
      const { correlationId, causationId, commandId, schemaVersion } = e.metadata;
      await kdb.append(
        e.stream,
        [{ id: e.id, type: e.type, data: e.data, metadata: { correlationId, causationId, commandId, schemaVersion } }],
        { expectedRevision: e.revision === 0 ? 'no_stream' : e.revision - 1 },
      );
    }
  } finally {
    await kdb.close();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'compensa-kdb-corrections-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
    EVENT_STORE: 'kurrentdb',
    KURRENTDB_CONNECTION_STRING: connectionString,
  });
  const app: NestExpressApplication = await createApp(config, {
    clock: new SettableClock('2026-07-08' as BusinessDate),
    logDestination: { write: () => undefined },
  });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const settle = async () => {
    await app.get(Platform).waitForIdle();
    await app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();
  };
  await settle();
  return {
    settle,
    /** The hash chain of a stream, read through a store of its own (the adapter, the v1 read path). */
    verifyStream: async (stream: string) => {
      const store = new KurrentDbEventStore(connectionString);
      try {
        return await store.verifyStream(stream);
      } finally {
        await store.close();
      }
    },
    get: (path: string) => fetch(`${url}${path}`, { headers }),
    post: (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
    close: async () => {
      await app.close();
      await double.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('corrections API on KurrentDB (e2e, the gRPC double)', () => {
  it("R5 R7 P6a: a generator's correction re-bills its beneficiary (17004) in one multi-stream append (201)", async () => {
    const double = new KurrentDbDouble();
    const api = await apiOn(double);
    try {
      const { path, body } = correctionOf('17003');
      const before = double.log.all.length;
      const response = await api.post(path, body);
      expect(response.status).toBe(201);
      const answer = (await response.json()) as { events: { type: string; data: { correctionId?: string } }[] };
      const id = answer.events[0].data.correctionId!;
      // Both UCs' events, written as one transaction: contiguous in the log, the corrected UC's first.
      const streams = ['uc-light-17003', 'uc-light-17004'];
      const written = double.log.all.slice(before).map((e, i) => ({ stream: e.stream, at: before + i }));
      const ucs = written.filter((e) => streams.includes(e.stream));
      expect(new Set(ucs.map((e) => e.stream))).toEqual(new Set(streams));
      expect(ucs.at(-1)!.at - ucs[0].at + 1).toBe(ucs.length);
      expect(ucs[0].stream).toBe('uc-light-17003');
      expect(ucs.findIndex((e) => e.stream === 'uc-light-17004')).toBeGreaterThan(
        ucs.findLastIndex((e) => e.stream === 'uc-light-17003'),
      );
      await expect(Promise.all(streams.map((s) => api.verifyStream(s)))).resolves.toEqual(
        streams.map((stream) => expect.objectContaining({ ok: true, stream })),
      );
      await api.settle();
      const report = (await (await api.get(`/v1/corrections/${id}`)).json()) as { cycles: { ucId: string }[] };
      expect(report).toEqual(EXPECTED.corrections![id]);
      expect(new Set(report.cycles.map((c) => c.ucId))).toEqual(new Set(['17003', '17004']));
      // The same correction again appends nothing.
      const again = await api.post(path, body);
      expect(again.status).toBe(201);
      expect(((await again.json()) as { events: unknown[] }).events).toEqual([]);
      expect(double.log.all.filter((e) => streams.includes(e.stream)).length).toBe(
        double.log.all.slice(0, before).filter((e) => streams.includes(e.stream)).length + ucs.length,
      );
    } finally {
      await api.close();
    }
  }, 120_000);

  it('on a server without the multi-stream append (before 25.1) the same correction is 409, nothing appended', async () => {
    const double = new KurrentDbDouble({ multiStreamAppend: false });
    const api = await apiOn(double);
    try {
      const { path, body } = correctionOf('17003');
      const before = double.log.all.length;
      const response = await api.post(path, body);
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { detail?: string }).detail).toContain('KurrentDB 25.1');
      expect(double.log.all.length).toBe(before);
    } finally {
      await api.close();
    }
  }, 120_000);
});
