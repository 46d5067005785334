import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPlatformState, type PlatformState } from '@compensa/application';
import { MAX_JOB_ERRORS, NO_PROGRESS } from './import-job';
import { refusal, runningJob } from './import-job.testing';
import {
  IMPORT_JOB_HEARTBEAT_MS,
  IMPORT_JOB_SILENT_MS,
  ImportJobRecords,
  JobTakenOver,
  SILENT_RUNS_TOLERATED,
} from './import-job-records';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN = { batchSize: 250 };

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
    await records.create(j, 'host-1', RUN);
    const saved = {
      ...j,
      readBytes: 1_500_000_000,
      etaSeconds: 42,
      progress: { ...NO_PROGRESS, readings: MAX_JOB_ERRORS + 1, refused: MAX_JOB_ERRORS + 1, refusedBy: { 404: 1 } },
    };
    const lines = Array.from({ length: MAX_JOB_ERRORS + 1 }, (_, i) => i + 2);
    // Two saves, the later lines first: the file order is the lines', not the saves'.
    await records.save(saved, lines.slice(5_000).map(refusal), 'host-1');
    await records.save(saved, lines.slice(0, 5_000).map(refusal), 'host-1');
    const got = (await records.get(j.id))!;
    expect(got).toMatchObject({ status: 'running', readBytes: 1_500_000_000, receivedBytes: 3_000_000_000 });
    expect(got.etaSeconds).toBe(42);
    expect(got.progress).toEqual(saved.progress);
    expect(got.errors).toHaveLength(MAX_JOB_ERRORS);
    expect(got.errors[0]).toEqual(refusal(2));
    expect(got.errorsTruncated).toBe(true);
    // Fewer on request: none for a client polling the progress (the counts say some are left out), or a few.
    expect(await records.get(j.id, 0)).toMatchObject({ errors: [], errorsTruncated: true, progress: saved.progress });
    expect(await records.get(j.id, 2)).toMatchObject({ errors: [refusal(2), refusal(3)], errorsTruncated: true });
    const all: number[] = [];
    for await (const o of records.errors(j.id)) all.push(o.line);
    expect(all).toEqual(lines);
    expect(await records.get(randomUUID())).toBeNull();
    expect([await records.exists(j.id), await records.exists(randomUUID())]).toEqual([true, false]);
  });

  it('keeps a body in chunks and gives it back in order, whatever the bytes; forgets it when asked', async () => {
    const j = job();
    const chunks = [Buffer.from('uc;cycle;reading_date\n3001;2026-07;'), Buffer.from([0, 255, 10]), Buffer.alloc(0)];
    for (const [seq, bytes] of chunks.entries()) await records.writeChunk(j.id, seq, bytes);
    const read: Buffer[] = [];
    for await (const chunk of records.body(j.id)) read.push(chunk);
    expect(Buffer.concat(read)).toEqual(Buffer.concat(chunks));
    // A chunk larger than a read slice is given back in slices.
    await records.writeChunk(j.id, 3, Buffer.alloc(100_000, 7));
    const sizes: number[] = [];
    for await (const chunk of records.body(j.id)) sizes.push(chunk.length);
    expect(sizes).toEqual([chunks[0]!.length, 3, 65_536, 100_000 - 65_536]);
    await records.dropBody(j.id);
    for await (const _ of records.body(j.id)) throw new Error('a dropped body gave a chunk');
  });

  it('a running job silent for three heartbeats says since when, and by when it goes on; silent for longer, with its body kept, it is still running, and resumable by one instance alone', async () => {
    const j = job();
    await records.create(j, 'host-1', { distribuidora: 'COPEL', batchSize: 250 });
    await records.writeChunk(j.id, 0, Buffer.from('uc;cycle\n'));
    const counted = { ...NO_PROGRESS, readings: 750, accepted: 740, refused: 10, refusedBy: { R15: 10 } };
    await records.save({ ...j, progress: counted, etaSeconds: 30 }, [], 'host-1');
    const lastSignalAt = new Date(now).toISOString();
    const resumeBy = new Date(now + IMPORT_JOB_SILENT_MS + IMPORT_JOB_HEARTBEAT_MS).toISOString();
    // Written within three heartbeats: nothing to say; past them, since when it is silent and by when it goes on.
    now += 3 * IMPORT_JOB_HEARTBEAT_MS - 1;
    expect(await records.get(j.id)).toMatchObject({ status: 'running', etaSeconds: 30, stalled: null });
    now += 1;
    // Its time left was the rate's before it stood still.
    expect(await records.get(j.id)).toMatchObject({
      status: 'running',
      etaSeconds: null,
      stalled: { lastSignalAt, resumeBy },
    });
    expect(await records.latest(1)).toMatchObject([{ id: j.id, stalled: { lastSignalAt, resumeBy } }]);
    now += IMPORT_JOB_SILENT_MS - 3 * IMPORT_JOB_HEARTBEAT_MS - 1;
    expect(await records.resumable()).toEqual([]);
    now += 1;
    expect(await records.get(j.id)).toMatchObject({ status: 'running', etaSeconds: null, failure: null });
    const [left] = await records.resumable();
    expect(left).toEqual({ id: j.id, instance: 'host-1', heartbeatAt: now - IMPORT_JOB_SILENT_MS });
    // Two instances find it; the first claim wins, with the counts to go on from and the run's options.
    const won = await records.claim(left!, 'host-2');
    expect(won).toEqual({
      kind: 'resumed',
      job: expect.objectContaining({ id: j.id, status: 'running', progress: counted }),
      options: { distribuidora: 'COPEL', batchSize: 250, silentRuns: 1 },
    });
    expect(await records.claim(left!, 'host-3')).toBeNull();
    expect(await records.resumable()).toEqual([]);
    expect(await records.get(j.id)).toMatchObject({ status: 'running', stalled: null });
    // The instance that ran it, silent but alive, can no longer write it: it stops; the new one writes.
    await expect(
      records.save({ ...j, progress: { ...counted, readings: 1000 } }, [refusal(900)], 'host-1'),
    ).rejects.toThrow(JobTakenOver);
    await records.save({ ...j, progress: { ...counted, readings: 1000 } }, [refusal(800)], 'host-2');
    expect(await records.get(j.id)).toMatchObject({ progress: { readings: 1000 }, errors: [refusal(800)] });
    // A refusal an earlier run saved already is kept once (a resumed run starts after its counts, which hold it).
    await records.save(j, [refusal(800), refusal(801)], 'host-2');
    expect((await records.get(j.id))?.errors.map((o) => o.line)).toEqual([800, 801]);
  });

  it('a job let go at shutdown is resumable at once, still shown running', async () => {
    const j = job();
    await records.create(j, 'host-1', RUN);
    await records.writeChunk(j.id, 0, Buffer.from('uc;cycle\n'));
    await records.save(j, [], 'host-1', { letGo: true });
    expect(await records.resumable()).toEqual([{ id: j.id, instance: 'host-1', heartbeatAt: 0 }]);
    expect(await records.get(j.id)).toMatchObject({
      status: 'running',
      failure: null,
      stalled: { lastSignalAt: null, resumeBy: new Date(now + IMPORT_JOB_HEARTBEAT_MS).toISOString() },
    });
    // Not a silent run: resumed with none counted.
    const [left] = await records.resumable();
    expect(await records.claim(left!, 'host-2')).toMatchObject({ kind: 'resumed', options: { silentRuns: 0 } });
  });

  it(`a job whose instance went silent ${SILENT_RUNS_TOLERATED} times is given up: failed, saying why, its body forgotten`, async () => {
    const j = job();
    await records.create(j, 'host-0', RUN);
    await records.writeChunk(j.id, 0, Buffer.from('uc;cycle\n'));
    const claims = [];
    for (let run = 1; run <= SILENT_RUNS_TOLERATED; run++) {
      // The instance running it dies after 100 more readings: silent for a minute, then another one looks.
      await records.save({ ...j, progress: { ...NO_PROGRESS, readings: 100 * run } }, [], `host-${run - 1}`);
      now += IMPORT_JOB_SILENT_MS;
      const [left] = await records.resumable();
      claims.push(await records.claim(left!, `host-${run}`));
    }
    expect(claims.map((c) => c?.kind)).toEqual([...Array(SILENT_RUNS_TOLERATED - 1).fill('resumed'), 'given up']);
    expect(await records.get(j.id)).toMatchObject({
      status: 'failed',
      finishedAt: new Date(now).toISOString(),
      failure:
        `a importação parou ${SILENT_RUNS_TOLERATED} vezes junto com a API que a executava (a última, com ` +
        `${100 * SILENT_RUNS_TOLERATED} leituras contadas): ela não é retomada de novo. Veja no registro da API por ` +
        'que ela parou e envie o arquivo de novo: as leituras já gravadas contam como duplicadas',
    });
    expect(await records.resumable()).toEqual([]);
    for await (const _ of records.body(j.id)) throw new Error('the body of a job given up is kept');
  });

  it('a silent running job without a body (an earlier version spooled it to a disk) is shown failed, and says why', async () => {
    const j = job();
    await records.create(j, 'host-1', RUN);
    await records.save({ ...j, progress: { ...NO_PROGRESS, readings: 750, accepted: 750 } }, [], 'host-1');
    const lastWord = new Date(now).toISOString();
    now += IMPORT_JOB_SILENT_MS - 1;
    expect(await records.get(j.id)).toMatchObject({ status: 'running' });
    now += 1;
    expect(await records.get(j.id)).toMatchObject({
      status: 'failed',
      etaSeconds: null,
      failure:
        `a API que executava a importação parou sem terminá-la (último sinal em ${lastWord}, com 750 leituras ` +
        'contadas); envie o arquivo de novo: as leituras já gravadas contam como duplicadas',
    });
    expect(await records.resumable()).toEqual([]);
    // A save (progress, or the heartbeat's) keeps it alive; a job that ended is never taken for a silent one.
    await records.save(j, [], 'host-1');
    expect(await records.get(j.id)).toMatchObject({ status: 'running' });
    await records.save({ ...j, status: 'done', finishedAt: new Date(now).toISOString() }, [], 'host-1');
    now += 10 * IMPORT_JOB_SILENT_MS;
    expect(await records.get(j.id)).toMatchObject({ status: 'done', failure: null });
  });

  it('forgets the jobs started before a date, with their refusals, and keeps the later ones', async () => {
    const old = job({ startedAt: '2026-10-01T08:00:00.000Z' });
    const recent = job({ startedAt: '2026-11-20T08:00:00.000Z' });
    for (const j of [old, recent]) {
      await records.create(j, 'host-1', RUN);
      await records.save(j, [refusal(2), refusal(3)], 'host-1');
      await records.writeChunk(j.id, 0, Buffer.from('uc;cycle\n'));
    }
    // An upload cut off before its job was made, and a job that ended with its body: removed an hour on; the body of
    // an upload being received, and of a running job, kept.
    await records.writeChunk('cut-off', 0, Buffer.from('uc;cycle\n'));
    const ended = job({ startedAt: '2026-11-20T09:00:00.000Z' });
    await records.create(ended, 'host-1', RUN);
    await records.writeChunk(ended.id, 0, Buffer.from('uc;cycle\n'));
    await records.save({ ...ended, status: 'done' }, [], 'host-1');
    now += 3_600_001;
    await records.writeChunk('being-received', 0, Buffer.from('uc;cycle\n'));
    expect(await records.purgeStartedBefore('2026-11-05T12:00:00.000Z')).toBe(1);
    expect(await records.get(old.id)).toBeNull();
    expect(
      (await state.db.selectFrom('import_job_chunks').select('job_id').orderBy('job_id').execute()).map(
        (r) => r.job_id,
      ),
    ).toEqual(['being-received', recent.id].sort());
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
      await records.create(j, 'host-1', RUN);
      await records.save(j, [refusal(2)], 'host-1');
    }
    now += IMPORT_JOB_SILENT_MS;
    const listed = await records.latest(2);
    expect(listed.map((j) => j.id)).toEqual([third.id, second.id]);
    expect(listed[0]).not.toHaveProperty('errors');
    expect(listed[1]).toEqual(
      expect.objectContaining({ status: 'failed', stalled: null, failure: expect.stringContaining('parou') }),
    );
    const { errors: _errors, errorsTruncated: _truncated, ...asGot } = (await records.get(second.id))!;
    expect(listed[1]).toEqual(asGot);
  });
});
