/**
 * HTTP import jobs shared by API instances through PLATFORM_DB_URL (PostgreSQL): a job posted to one instance is read,
 * with its refused lines, from another (a load balancer sends the client's GETs anywhere), and a job whose instance
 * stops is resumed by another. Two `all` processes on one embedded log, each with a DATA_DIR
 * of its own for everything else.
 */
import 'reflect-metadata';
import { openPlatformState, parseSimulationLine, Platform, type PlatformState } from '@compensa/application';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@compensa/event-store';
import { EVENT_STORE } from '../../apps/api/src/event-store/event-store.token';
import type { ImportJob } from '../../apps/api/src/imports/import-job';
import { longReadingsCsv } from '../support/long-readings-csv';
import { startInstancesOnOneLog, type Instance } from '../support/instances-on-one-log';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OPERATOR_KEY = 'operator-key-for-the-shared-imports-e2e';
const EXAMPLES = join(__dirname, '../../examples');
const auth = { Authorization: `Bearer ${OPERATOR_KEY}` };

describe('HTTP import jobs across API instances (PLATFORM_DB_URL)', () => {
  let dir: string;
  let schema: string;
  const apps: Instance[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-imports-shared-'));
    schema = `is_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    apps.push(
      ...(await startInstancesOnOneLog(
        dir,
        Array.from({ length: 2 }, () => ({
          // One log for both (the embedded store, shared by path); platform state in PostgreSQL.
          PLATFORM_DB_URL: `${PG_URL}?schema=${schema}`,
          COMPENSA_ROLE: 'all',
          COMPENSA_API_KEYS: `${OPERATOR_KEY}:operator`,
        })),
      )),
    );
    const platform = apps[0]!.app.get(Platform);
    for (const text of readFileSync(join(EXAMPLES, 'importacao-cadastro.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      const line = parseSimulationLine(text);
      if (line.kind === 'command') await platform.commands.execute(line.name, line.body as never, {});
    }
  });

  afterAll(async () => {
    for (const { app } of apps) await app.close();
    const state: PlatformState = await openPlatformState(PG_URL, { schema, poolSize: 1 });
    await state.close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const jobOn = async (on: number, id: string) => {
    const res = await fetch(`${apps[on]!.url}/v1/imports/${id}`, { headers: auth });
    return { status: res.status, job: (await res.json()) as ImportJob };
  };

  it('a job posted to one instance is read from the other, its refused lines too', async () => {
    const posted = await fetch(`${apps[0]!.url}/v1/imports/readings`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: readFileSync(join(EXAMPLES, 'leituras-2026-07.csv')),
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as ImportJob;
    // Seen at once from the other instance, running or already done.
    expect(await jobOn(1, id)).toMatchObject({
      status: 200,
      job: { id, status: expect.stringMatching(/running|done/) },
    });
    let seen = await jobOn(1, id);
    for (const started = Date.now(); seen.job.status === 'running' && Date.now() - started < 10_000;) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await jobOn(1, id);
    }
    expect(seen.job).toMatchObject({
      status: 'done',
      progress: { readings: 6, accepted: 4, refused: 2 },
      errors: [expect.objectContaining({ line: 7, rule: 'R15' }), expect.objectContaining({ line: 8, status: 404 })],
    });
    expect((await jobOn(0, id)).job).toEqual(seen.job);
    // (text() drops the file's BOM.)
    const errors = await (await fetch(`${apps[1]!.url}/v1/imports/${id}/errors`, { headers: auth })).text();
    expect(errors.split('\n').filter(Boolean)).toEqual([
      'line;uc;cycle;status;rule;detail',
      '7;"3005";"2026-07";409;R15;"a UC 3005 injetou energia, mas não tem geração cadastrada"',
      '8;"3099";"2026-07";404;;"a UC 3099 não está cadastrada"',
    ]);
  });

  it('a job whose instance stops is resumed by the other instance, after the readings it counted', async () => {
    // 2,400 readings of two UCs, in batches of 100.
    const readings = async () => {
      let n = 0;
      const store = apps.at(-1)!.app.get<EventStore>(EVENT_STORE);
      for await (const _ of store.readAll({ filter: { eventTypes: ['ReadingRecorded'] } })) n++;
      return n;
    };
    const before = await readings();
    const posted = await fetch(`${apps[0]!.url}/v1/imports/readings?batchSize=100`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: longReadingsCsv(),
    });
    const { id } = (await posted.json()) as ImportJob;
    let seen = await jobOn(1, id);
    while (seen.job.progress.readings < 100) {
      await new Promise((r) => setTimeout(r, 10));
      seen = await jobOn(1, id);
    }
    // The first instance stops (a deploy): the job goes on, on the other one.
    const [first] = apps.splice(0, 1);
    await first!.app.close();
    seen = await jobOn(0, id);
    expect(seen.job).toMatchObject({ status: 'running', failure: null });
    const stoppedAt = seen.job.progress.readings;
    expect(stoppedAt).toBeLessThan(2400);
    for (const started = Date.now(); seen.job.status === 'running' && Date.now() - started < 30_000;) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await jobOn(0, id);
    }
    expect(seen.job).toMatchObject({
      status: 'done',
      failure: null,
      progress: { readings: 2400, accepted: 2400, duplicates: 0, refused: 0 },
    });
    // Each reading once.
    expect((await readings()) - before).toBe(2400);
  });
});
