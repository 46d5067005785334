/**
 * An HTTP import job whose API is SIGKILLed part-way is finished by the API started again on the same DATA_DIR: the
 * real app in a child process (apps/api/src/main.ts), COMPENSA_IMPORT_JOB_SILENT_MS at its least (3 s) so that the
 * killed instance's silence is noticed soon. Every reading of the file is then in the log exactly once: those the
 * killed run recorded after its last save of the job come back as duplicates, the rest are recorded by the new run.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@compensa/application';
import { SqliteEventStore } from '@compensa/event-store';
import { startApiApp } from '../support/api-app-process';
import { longReadingsCsv } from '../support/long-readings-csv';

const ROOT = join(__dirname, '..', '..');
const OPERATOR_KEY = 'import-job-kill-operator-key-0123456789';
const SILENT_MS = 3_000;

interface Job {
  status: string;
  failure: string | null;
  progress: { readings: number; accepted: number; duplicates: number; refused: number };
}

describe('an HTTP import job whose API is SIGKILLed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'compensa-import-job-kill-'));
  const logFile = join(dataDir, 'app.log');
  const start = () =>
    startApiApp({
      dataDir,
      operatorKey: OPERATOR_KEY,
      logFile,
      env: { LOG_LEVEL: 'warn', COMPENSA_IMPORT_JOB_SILENT_MS: String(SILENT_MS) },
    });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is resumed by the API started again, every reading of the file recorded exactly once', async () => {
    const cadastro = readFileSync(join(ROOT, 'examples', 'importacao-cadastro.jsonl'), 'utf8').split('\n');
    await runSimulation(cadastro, { dataDir });
    const auth = { Authorization: `Bearer ${OPERATOR_KEY}` };
    const jobOf = async (url: string, id: string) =>
      (await (await fetch(`${url}/v1/imports/${id}?errors=0`, { headers: auth })).json()) as Job;

    let app = await start();
    // 2,400 readings of UCs 3002 and 3003, in batches of 100.
    const posted = await fetch(`${app.url}/v1/imports/readings?batchSize=100`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: longReadingsCsv(),
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    let job = await jobOf(app.url, id);
    while (job.progress.readings < 300) {
      await new Promise((r) => setTimeout(r, 20));
      job = await jobOf(app.url, id);
    }
    const { signal } = await app.stop('SIGKILL');
    expect(signal).toBe('SIGKILL');
    const counted = job.progress.readings;
    expect(counted).toBeLessThan(2400);

    app = await start();
    try {
      for (const until = Date.now() + 60_000; job.status === 'running' && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 100));
        job = await jobOf(app.url, id);
      }
      // Every reading once: counted by the killed run, recorded after its last save (duplicates now), or new.
      expect(job).toMatchObject({ status: 'done', failure: null, progress: { readings: 2400, refused: 0 } });
      expect(job.progress.accepted + job.progress.duplicates).toBe(2400);
      expect(job.progress.accepted).toBeGreaterThanOrEqual(counted);
    } finally {
      await app.stop('SIGTERM');
    }
    expect(readFileSync(logFile, 'utf8')).toMatch(
      new RegExp(`import ${id} resumed after \\d+ readings \\(its instance was silent since`),
    );

    const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
    const recorded = new Map<string, number>();
    try {
      for await (const e of store.readAll({ filter: { eventTypes: ['ReadingRecorded'] } })) {
        const { ucId, cycle } = e.data as { ucId: string; cycle: string };
        if (cycle >= '2026-08') recorded.set(`${ucId}|${cycle}`, (recorded.get(`${ucId}|${cycle}`) ?? 0) + 1);
      }
    } finally {
      await store.close();
    }
    expect(recorded.size).toBe(2400);
    expect([...recorded.values()].every((n) => n === 1)).toBe(true);
  }, 180_000);
});
