import type { ImportOutcome } from '@compensa/application';
import { NO_PROGRESS, type ImportJob } from './import-job';
import { refusal, runningJob } from './import-job.testing';
import { JobTakenOver } from './import-job-records';
import { FAILED_SAVES_TOLERATED, JobProgressWriter, PROGRESS_SAVE_MS, REFUSED_HELD } from './job-progress-writer';

const job = runningJob();

/**
 * Records whose saves fail while `failing` is above zero (one fewer each time), keeping what the others wrote; once
 * `takenBy` is set, that instance runs the job and a save by any other is refused.
 */
function flakyRecords() {
  const written: number[] = [];
  const saves: { readings: number; letGo: boolean }[] = [];
  const records = {
    failing: 0,
    takenBy: 'host-1',
    save: async (j: ImportJob, refused: readonly ImportOutcome[], instance: string, options: { letGo?: boolean }) => {
      if (instance !== records.takenBy) throw new JobTakenOver(j.id);
      if (records.failing > 0) {
        records.failing -= 1;
        throw new Error('database is locked');
      }
      saves.push({ readings: j.progress.readings, letGo: options.letGo === true });
      written.push(...refused.map((o) => o.line));
    },
  };
  return { records, written, saves };
}

describe('JobProgressWriter: a running import job written to the platform state', () => {
  let now: number;
  const events = () => ({ failed: [] as number[], gaveUp: [] as unknown[], takenOver: 0 });
  const writerOf = (records: ReturnType<typeof flakyRecords>['records'], seen = events()) => ({
    seen,
    writer: new JobProgressWriter(
      { ...job },
      records,
      'host-1',
      {
        failedSave: (_e, n) => void seen.failed.push(n),
        gaveUp: (e) => void seen.gaveUp.push(e),
        takenOver: () => void (seen.takenOver += 1),
      },
      () => now,
    ),
  });

  beforeEach(() => (now = 0));

  it('writes its progress at most every PROGRESS_SAVE_MS, and its refusals at the latest every REFUSED_HELD', async () => {
    const { records, written, saves } = flakyRecords();
    const { writer } = writerOf(records);
    writer.progressed();
    now += PROGRESS_SAVE_MS - 1;
    writer.progressed();
    expect(await writer.save()).toBe(true);
    expect(saves).toHaveLength(1);
    for (let line = 2; line < REFUSED_HELD + 2; line++) writer.refusedOne(refusal(line));
    now += 1;
    await writer.save();
    expect(written).toHaveLength(REFUSED_HELD);
    expect(saves).toHaveLength(3);
    now += PROGRESS_SAVE_MS;
    writer.progressed();
    await writer.save();
    expect(saves).toHaveLength(5);
  });

  it('a failed save keeps its refusals for the next one: the error file loses none, in file order', async () => {
    const { records, written } = flakyRecords();
    const { writer, seen } = writerOf(records);
    writer.refusedOne(refusal(2));
    records.failing = 1;
    expect(await writer.save()).toBe(false);
    writer.refusedOne(refusal(3));
    expect(await writer.save()).toBe(true);
    expect(written).toEqual([2, 3]);
    expect(seen).toEqual({ failed: [1], gaveUp: [], takenOver: 0 });
  });

  it(`gives up after ${FAILED_SAVES_TOLERATED} failed saves in a row, once; a save that succeeds starts the count again`, async () => {
    const { records } = flakyRecords();
    const { writer, seen } = writerOf(records);
    records.failing = FAILED_SAVES_TOLERATED - 1;
    for (let i = 0; i < FAILED_SAVES_TOLERATED - 1; i++) await writer.save();
    expect(await writer.save()).toBe(true);
    expect(seen.gaveUp).toEqual([]);
    records.failing = FAILED_SAVES_TOLERATED + 1;
    for (let i = 0; i < FAILED_SAVES_TOLERATED + 1; i++) await writer.save();
    expect(seen.failed).toEqual([1, 2, 1, 2, 3, 4]);
    expect(seen.gaveUp).toHaveLength(1);
    expect(writer.gaveUpOn).toEqual(new Error('database is locked'));
  });

  it('saves one after another, each with the job as it stands when its turn comes', async () => {
    const { records, saves } = flakyRecords();
    const j = { ...job };
    const writer = new JobProgressWriter(
      j,
      records,
      'host-1',
      { failedSave: () => undefined, gaveUp: () => undefined, takenOver: () => undefined },
      () => 0,
    );
    const first = writer.save();
    j.progress = { ...NO_PROGRESS, readings: 250 };
    await Promise.all([first, writer.save({ letGo: true })]);
    expect(saves).toEqual([
      { readings: 250, letGo: false },
      { readings: 250, letGo: true },
    ]);
  });

  it('stops writing once another instance has taken the job over: said once, not retried, the refusals not kept', async () => {
    const { records, written } = flakyRecords();
    const { writer, seen } = writerOf(records);
    writer.refusedOne(refusal(2));
    expect(await writer.save()).toBe(true);
    records.takenBy = 'host-2';
    writer.refusedOne(refusal(3));
    expect(await writer.save()).toBe(false);
    // Even were the job handed back, this run wrote its last: the instance that took it over counts from its save.
    records.takenBy = 'host-1';
    expect(await writer.save()).toBe(false);
    expect(written).toEqual([2]);
    expect(seen).toEqual({ failed: [], gaveUp: [], takenOver: 1 });
    expect(writer.takenOver).toBe(true);
  });
});
