/**
 * R19 retificação end to end: the history of examples/21-retificacao-distribuicao-encerramento.jsonl is recorded
 * through the command side (Marina's generator 22001 gives its excedente to her condominium 22002, which closes and
 * distributes its credits to its members 22003 and 22004, whose May bills use them), the app starts on it, and the
 * correction of 22001's April injection is sent over HTTP. The members' deliveries are corrected in the same
 * append; GET /v1/corrections/{id} is the report `compensa simulate` gives for the same file (the members' re-billed
 * cycles, `heldMoves` with rule R19), and the list's totals count them.
 */
import 'reflect-metadata';
import { runSimulation, type SimulationReport } from '@compensa/application';
import type { ProjectionRunner } from '@compensa/projections';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECTION_RUNNER } from '../../apps/api/src/read-models/read-models.tokens';
import { operatorHeaders, startApi, type RunningApi } from '../support/running-api';

const EXAMPLE = join(__dirname, '..', '..', 'examples', '21-retificacao-distribuicao-encerramento');
const LINES = readFileSync(`${EXAMPLE}.jsonl`, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const EXPECTED = JSON.parse(readFileSync(`${EXAMPLE}.expected.json`, 'utf8')) as SimulationReport;
const {
  command: _command,
  ucId,
  cycle,
  ...BODY
} = JSON.parse(LINES.find((l) => l.includes('"CorrectReading"'))!) as {
  command: string;
  ucId: string;
  cycle: string;
};

let dataDir: string;
let api: RunningApi;
let url: string;

const headers = operatorHeaders();
const get = async <T>(path: string) => (await (await fetch(`${url}${path}`, { headers })).json()) as T;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'compensa-distribution-e2e-'));
  await runSimulation(
    LINES.filter((l) => !l.includes('"CorrectReading"')),
    { dataDir },
  );
  api = await startApi({ DATA_DIR: dataDir });
  url = api.url;
}, 60_000);

afterAll(async () => {
  await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a retificação that changes a closure's distribution among members (R19, e2e, SQLite)", () => {
  it('R19 the members are re-billed in the same append; the report is the one simulate gives; the list counts them', async () => {
    const response = await fetch(`${url}/v1/ucs/${ucId}/readings/${cycle}/correction`, {
      method: 'POST',
      headers,
      body: JSON.stringify(BODY),
    });
    expect(response.status).toBe(201);
    const id = ((await response.json()) as { events: { data: { correctionId?: string } }[] }).events[0].data
      .correctionId!;
    await api.platform.waitForIdle();
    await api.app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForIdle();

    const report = await get<{ heldMoves?: { ucId: string; rule?: string }[]; totalDifference: string }>(
      `/v1/corrections/${id}`,
    );
    expect(report).toEqual(EXPECTED.corrections![id]);
    expect(report.heldMoves?.map((m) => [m.ucId, m.rule])).toEqual([
      ['22003', 'R19'],
      ['22004', 'R19'],
    ]);
    // The list's totals count the member whose May bill changed (22003: 240 kWh less credit, R$ 230,18 to charge).
    const list = await get<{ items: { id: string; rebilledUcs: number; totalDifference: string }[] }>(
      '/v1/corrections',
    );
    expect(list.items.find((i) => i.id === id)).toMatchObject({ rebilledUcs: 3, totalDifference: '230.18' });
    // Each member's balance is the corrected one (the read model), as recorded right would leave it.
    for (const member of ['22003', '22004'])
      expect((await get<{ totalKwh: string }>(`/v1/ucs/${member}/balance`)).totalKwh).toBe(
        EXPECTED.ucs[member].balance.totalKwh,
      );
    // The same correction again appends nothing.
    const again = await fetch(`${url}/v1/ucs/${ucId}/readings/${cycle}/correction`, {
      method: 'POST',
      headers,
      body: JSON.stringify(BODY),
    });
    expect(((await again.json()) as { events: unknown[] }).events).toEqual([]);
  });
});
