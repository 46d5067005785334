/**
 * An HTTP import job whose API is SIGKILLed part-way is finished by the API started again on the same DATA_DIR, or by
 * another API process running beside it: the real app in child processes (apps/api/src/main.ts),
 * COMPENSA_IMPORT_JOB_SILENT_MS at its least (3 s) so that the killed instance's silence is noticed soon. Every reading
 * of the file is then in the log exactly once: those the killed run recorded after its last save of the job come back
 * as duplicates, the rest are recorded by the new run.
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
/**
 * The silence of the two-process test: longer, so that the window in which the job says it is stalled (from a quarter
 * of it to its end) is seconds wide, and a test run on a loaded machine sees it however slowly its GETs are answered.
 */
const WATCHED_SILENT_MS = 12_000;

/** What the test reads of GET /v1/imports/{id}. */
interface Job {
  status: string;
  failure: string | null;
  progress: { readings: number; accepted: number; duplicates: number; refused: number };
  stalled: { lastSignalAt: string | null; resumeBy: string } | null;
}

const auth = { Authorization: `Bearer ${OPERATOR_KEY}` };
const jobOf = async (url: string, id: string) =>
  (await (await fetch(`${url}/v1/imports/${id}?errors=0`, { headers: auth })).json()) as Job;

/** The registrations of examples/importacao-cadastro.jsonl on a new data directory. */
async function registered(dataDirs: string[]): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'compensa-import-job-kill-'));
  dataDirs.push(dataDir);
  const cadastro = readFileSync(join(ROOT, 'examples', 'importacao-cadastro.jsonl'), 'utf8').split('\n');
  await runSimulation(cadastro, { dataDir });
  return dataDir;
}

/** Posts the 2,400 readings of UCs 3002 and 3003 (batches of 100) and waits until `until` has counted 300. */
async function importPartWay(to: string, until: string): Promise<{ id: string; job: Job }> {
  const posted = await fetch(`${to}/v1/imports/readings?batchSize=100`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body: longReadingsCsv(),
  });
  expect(posted.status).toBe(202);
  const { id } = (await posted.json()) as { id: string };
  let job = await jobOf(until, id);
  while (job.progress.readings < 300) {
    await new Promise((r) => setTimeout(r, 20));
    job = await jobOf(until, id);
  }
  return { id, job };
}

/** How many times each reading of the file is in the event log: once each, for all 2,400. */
async function recordedOnce(dataDir: string): Promise<void> {
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
}

describe('an HTTP import job whose API is SIGKILLed', () => {
  const dataDirs: string[] = [];
  const start = (dataDir: string, logFile: string, silentMs = SILENT_MS) =>
    startApiApp({
      dataDir,
      operatorKey: OPERATOR_KEY,
      logFile,
      env: { LOG_LEVEL: 'warn', COMPENSA_IMPORT_JOB_SILENT_MS: String(silentMs) },
    });
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is resumed by the API started again, every reading of the file recorded exactly once', async () => {
    const dataDir = await registered(dataDirs);
    const logFile = join(dataDir, 'app.log');
    let app = await start(dataDir, logFile);
    const started = await importPartWay(app.url, app.url);
    const id = started.id;
    let job = started.job;
    const { signal } = await app.stop('SIGKILL');
    expect(signal).toBe('SIGKILL');
    const counted = job.progress.readings;
    expect(counted).toBeLessThan(2400);

    app = await start(dataDir, logFile);
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

    await recordedOnce(dataDir);
  }, 180_000);

  it('is resumed by another API process running beside it, which says meanwhile since when the job is silent', async () => {
    const dataDir = await registered(dataDirs);
    const [killed, other] = await Promise.all([
      start(dataDir, join(dataDir, 'killed.log'), WATCHED_SILENT_MS),
      start(dataDir, join(dataDir, 'other.log'), WATCHED_SILENT_MS),
    ]);
    try {
      // Posted to one, followed on the other (any instance answers for any job).
      const { id } = await importPartWay(killed.url, other.url);
      expect((await killed.stop('SIGKILL')).signal).toBe('SIGKILL');
      const killedAt = Date.now();
      let job = await jobOf(other.url, id);
      let stalled: Job['stalled'] = null;
      for (const until = Date.now() + 60_000; job.status === 'running' && Date.now() < until;) {
        stalled ??= job.stalled;
        await new Promise((r) => setTimeout(r, 50));
        job = await jobOf(other.url, id);
      }
      // Before the other took it over, the job said when its instance last wrote it, and by when it would go on.
      expect(stalled).toEqual({ lastSignalAt: expect.any(String), resumeBy: expect.any(String) });
      const lastSignal = Date.parse(stalled!.lastSignalAt!);
      expect(lastSignal).toBeLessThanOrEqual(killedAt);
      // The silence, and a look of every instance (a twelfth of it).
      expect(Date.parse(stalled!.resumeBy) - lastSignal).toBe(WATCHED_SILENT_MS + WATCHED_SILENT_MS / 12);
      expect(job).toMatchObject({ status: 'done', failure: null, stalled: null, progress: { readings: 2400 } });
      expect(job.progress.accepted + job.progress.duplicates).toBe(2400);
      expect(readFileSync(join(dataDir, 'other.log'), 'utf8')).toMatch(
        new RegExp(`import ${id} resumed after \\d+ readings \\(its instance was silent since`),
      );
    } finally {
      await other.stop('SIGTERM');
    }
    await recordedOnce(dataDir);
  }, 180_000);
});
