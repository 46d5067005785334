import type { ImportOutcome } from '@compensa/application';
import { randomUUID } from 'node:crypto';
import { NO_PROGRESS, type ImportJob } from './import-job';

/** A job just received (3 GB: past 32-bit sizes), started at noon on 2026-12-05; `over` changes what a test needs. */
export function runningJob(over: Partial<ImportJob> = {}): ImportJob {
  return {
    id: randomUUID(),
    kind: 'readings',
    format: 'csv',
    status: 'running',
    receivedBytes: 3_000_000_000,
    readBytes: 0,
    etaSeconds: null,
    startedAt: '2026-12-05T12:00:00.000Z',
    finishedAt: null,
    progress: NO_PROGRESS,
    errors: [],
    errorsTruncated: false,
    failure: null,
    stalled: null,
    ...over,
  };
}

/** The reading of line `line` refused: its UC is not registered. */
export function refusal(line: number): ImportOutcome {
  return {
    line,
    rows: 1,
    ucId: String(900_000 + line),
    cycle: '2026-07',
    outcome: 'refused',
    status: 404,
    rule: null,
    detail: `a UC ${900_000 + line} não está cadastrada`,
  };
}
