/**
 * HTTP import jobs shared by API instances through PLATFORM_DB_URL (PostgreSQL): a job posted to one instance is read,
 * with its refused lines, from another (a load balancer sends the client's GETs anywhere), and an instance that starts
 * removes the spooled files a killed one left behind. Two `all` processes on one embedded log, each with a DATA_DIR
 * of its own for everything else.
 */
import 'reflect-metadata';
import { openPlatformState, parseSimulationLine, Platform, type PlatformState } from '@compensa/application';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportJob } from '../../apps/api/src/imports/import-job';
import { startInstancesOnOneLog, type Instance } from '../support/instances-on-one-log';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OPERATOR_KEY = 'operator-key-for-the-shared-imports-e2e';
const EXAMPLES = join(__dirname, '../../examples');
const auth = { Authorization: `Bearer ${OPERATOR_KEY}` };

describe('HTTP import jobs across API instances (PLATFORM_DB_URL)', () => {
  let dir: string;
  let schema: string;
  const apps: Instance[] = [];
  const leftOver = randomUUID();
  const inFlight = randomUUID();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-imports-shared-'));
    schema = `is_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    // The second instance's DATA_DIR: a body a killed instance spooled an hour ago, and one being received now.
    mkdirSync(join(dir, 'i1', 'imports'), { recursive: true });
    writeFileSync(join(dir, 'i1', 'imports', `${leftOver}.csv`), 'uc;cycle\n');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, 'i1', 'imports', `${leftOver}.csv`), anHourAgo, anHourAgo);
    writeFileSync(join(dir, 'i1', 'imports', `${inFlight}.csv`), 'uc;cycle\n');
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

  it('an instance that starts removes the spooled files of jobs that ended with their process, and no other', () => {
    expect(existsSync(join(dir, 'i1', 'imports', `${leftOver}.csv`))).toBe(false);
    expect(existsSync(join(dir, 'i1', 'imports', `${inFlight}.csv`))).toBe(true);
  });
});
