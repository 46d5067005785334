import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatformState, type PlatformState } from '@compensa/application';
import { MAX_JOB_ERRORS, NO_PROGRESS } from './import-job';
import { refusal, runningJob } from './import-job.testing';
import { IMPORT_JOB_SILENT_MS, ImportJobRecords } from './import-job-records';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe.each(['sqlite', 'postgres'] as const)('ImportJobRecords (platform state on %s)', (dialect) => {
  let dir: string;
  let state: PlatformState;
  let now: number;
  let records: ImportJobRecords;
  const job = runningJob;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-import-jobs-'));
    state =
      dialect === 'sqlite'
        ? await openPlatformState(`sqlite:${join(dir, 'platform.db')}`)
        : await openPlatformState(PG_URL, { schema: `ij_${randomUUID().replace(/-/g, '').slice(0, 16)}`, poolSize: 2 });
    now = Date.parse('2026-12-05T12:00:00Z');
    records = new ImportJobRecords(state, () => now);
  });

  afterEach(async () => {
    await state.close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a job back as it was saved, its refusals in file order, the first MAX_JOB_ERRORS in the job', async () => {
    const j = job();
    await records.create(j, 'host-1');
    const saved = {
      ...j,
      readBytes: 1_500_000_000,
      etaSeconds: 42,
      progress: { ...NO_PROGRESS, readings: MAX_JOB_ERRORS + 1, refused: MAX_JOB_ERRORS + 1, refusedBy: { 404: 1 } },
    };
    const lines = Array.from({ length: MAX_JOB_ERRORS + 1 }, (_, i) => i + 2);
    // Two saves, the later lines first: the file order is the lines', not the saves'.
    await records.save(saved, lines.slice(5_000).map(refusal));
    await records.save(saved, lines.slice(0, 5_000).map(refusal));
    const got = (await records.get(j.id))!;
    expect(got).toMatchObject({ status: 'running', readBytes: 1_500_000_000, receivedBytes: 3_000_000_000 });
    expect(got.etaSeconds).toBe(42);
    expect(got.progress).toEqual(saved.progress);
    expect(got.errors).toHaveLength(MAX_JOB_ERRORS);
    expect(got.errors[0]).toEqual(refusal(2));
    expect(got.errorsTruncated).toBe(true);
    const all: number[] = [];
    for await (const o of records.errors(j.id)) all.push(o.line);
    expect(all).toEqual(lines);
    expect(await records.get(randomUUID())).toBeNull();
    expect([await records.exists(j.id), await records.exists(randomUUID())]).toEqual([true, false]);
  });

  it('a running job whose instance has been silent for IMPORT_JOB_SILENT_MS is shown failed, and says why', async () => {
    const j = job();
    await records.create(j, 'host-1');
    await records.save({ ...j, progress: { ...NO_PROGRESS, readings: 750, accepted: 750 } }, []);
    const lastWord = new Date(now).toISOString();
    now += IMPORT_JOB_SILENT_MS - 1;
    expect(await records.get(j.id)).toMatchObject({ status: 'running' });
    expect(await records.alive([j.id])).toEqual(new Set([j.id]));
    now += 1;
    expect(await records.get(j.id)).toMatchObject({
      status: 'failed',
      etaSeconds: null,
      failure:
        `a API que executava a importação parou sem terminá-la (último sinal em ${lastWord}, com 750 leituras ` +
        'contadas); envie o arquivo de novo: as leituras já gravadas contam como duplicadas',
    });
    expect(await records.alive([j.id])).toEqual(new Set());
    // A save (progress, or the heartbeat's) keeps it alive; a job that ended is never taken for a silent one.
    await records.save(j, []);
    expect(await records.get(j.id)).toMatchObject({ status: 'running' });
    await records.save({ ...j, status: 'done', finishedAt: new Date(now).toISOString() }, []);
    now += 10 * IMPORT_JOB_SILENT_MS;
    expect(await records.get(j.id)).toMatchObject({ status: 'done', failure: null });
  });

  it('forgets the jobs started before a date, with their refusals, and keeps the later ones', async () => {
    const old = job({ startedAt: '2026-10-01T08:00:00.000Z' });
    const recent = job({ startedAt: '2026-11-20T08:00:00.000Z' });
    for (const j of [old, recent]) {
      await records.create(j, 'host-1');
      await records.save(j, [refusal(2), refusal(3)]);
    }
    expect(await records.purgeStartedBefore('2026-11-05T12:00:00.000Z')).toBe(1);
    expect(await records.get(old.id)).toBeNull();
    expect(await state.db.selectFrom('import_job_errors').select('job_id').distinct().execute()).toEqual([
      { job_id: recent.id },
    ]);
    expect((await records.get(recent.id))?.errors).toHaveLength(2);
  });

  it('lists the latest jobs, the last started first, as get shows each (a silent one failed), without refusals', async () => {
    const first = job({ startedAt: '2026-12-05T09:00:00.000Z' });
    const second = job({ startedAt: '2026-12-05T10:00:00.000Z' });
    const third = job({ startedAt: '2026-12-05T11:00:00.000Z', status: 'done' });
    for (const j of [second, third, first]) {
      await records.create(j, 'host-1');
      await records.save(j, [refusal(2)]);
    }
    now += IMPORT_JOB_SILENT_MS;
    const listed = await records.latest(2);
    expect(listed.map((j) => j.id)).toEqual([third.id, second.id]);
    expect(listed[0]).not.toHaveProperty('errors');
    expect(listed[1]).toEqual(expect.objectContaining({ status: 'failed', failure: expect.stringContaining('parou') }));
    const { errors: _errors, errorsTruncated: _truncated, ...asGot } = (await records.get(second.id))!;
    expect(listed[1]).toEqual(asGot);
  });
});
