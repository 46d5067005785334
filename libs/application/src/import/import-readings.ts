import { randomUUID } from 'node:crypto';
import { StateConflict } from '@compensa/domain';
import type { EventStore } from '@compensa/event-store';
import type { CommandMeta, CommandResult } from '../commands/command-result';
import type { ReadingItem, Settled } from '../commands/record-readings-batch';
import { refusalOf } from '../commands/refusal';
import type { Platform } from '../platform';
import type { ReadingBody, ReadingGroup } from './reading-groups';
import { recordedReadingOf, sameReading, type RecordedReading } from './recorded-reading';

/** What an import needs of the platform: the API's RecordReading path, and the readings already recorded. */
export interface ReadingImportTarget {
  recordReading(body: ReadingBody, meta: CommandMeta): Promise<CommandResult>;
  /**
   * Optional: many readings decided as if one at a time, in order, and appended together (the platform's
   * `recordReadings`); one answer per item. With it, the import goes chunk by chunk.
   */
  recordReadings?(items: readonly ReadingItem[]): Promise<Settled<CommandResult>[]>;
  recordedReading(ucId: string, cycle: string): Promise<RecordedReading | null>;
  /** The UC's distribuidora, or null for a UC the platform does not know. */
  distribuidoraOf(ucId: string): Promise<string | null>;
}

/** The platform's command path as an import target (the same decide + append as `POST /v1/ucs/{ucId}/readings`). */
export function platformImportTarget(platform: Platform, store: EventStore): ReadingImportTarget {
  return {
    recordReading: (body, meta) => platform.commands.recordReading(body, meta),
    recordReadings: (items) => platform.commands.recordReadings(items),
    recordedReading: async (ucId, cycle) => {
      const stream = await platform.directory.streamOf(ucId);
      return stream ? recordedReadingOf(store, stream, cycle) : null;
    },
    distribuidoraOf: async (ucId) => (await platform.directory.factsOf(ucId, '9999-12-31'))?.distribuidora ?? null,
  };
}

/** What became of one reading of the file. */
export interface ImportOutcome {
  /** The first file line of the reading (its postos may span several). */
  readonly line: number;
  readonly rows: number;
  readonly ucId: string;
  readonly cycle: string;
  readonly outcome: 'accepted' | 'duplicate' | 'refused';
  /** The HTTP status the API would answer (201 accepted, 200 duplicate, 4xx refused). */
  readonly status: number;
  readonly rule: string | null;
  readonly detail: string;
}

/** Counts so far (progress) or at the end (summary). */
export interface ImportSummary {
  readonly readings: number;
  readonly rows: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly refused: number;
  /** Refusals by rule id (`R15`), or by HTTP status for a refusal with no rule (`409`, `422`). */
  readonly refusedBy: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly readingsPerSecond: number;
}

/** Options of an import run. */
export interface ImportOptions {
  /** Without a batching target: readings decided at once (each UC's own readings stay in file order). Default 64. */
  concurrency?: number;
  /** With a batching target (`recordReadings`): readings read, decided and appended together. Default 1,000. */
  batchSize?: number;
  /** Only UCs of this distribuidora are accepted (`--distribuidora`). */
  distribuidora?: string;
  /** Names the run in each command's correlation id (`import:<source>:<line>`). */
  source?: string;
  onOutcome?: (o: ImportOutcome) => void;
  onProgress?: (s: ImportSummary) => void;
  /**
   * Stops the run between two batches (per reading without a batching target): what was decided is recorded, the
   * rest of the file is not read, and the run rejects with ImportInterrupted (the counts so far).
   */
  signal?: AbortSignal;
  /**
   * A run that goes on from where an earlier run of the same file stopped (an HTTP job resumed by another instance):
   * the file's first `resume.readings` readings were counted by it, so they are read past, not decided, and the
   * counts, refusals by rule and seconds go on from its. With a batching target only: its outcomes come in file order,
   * so the readings counted are the file's first ones (those decided side by side finish in any order).
   */
  resume?: ImportSummary;
}

/** An import stopped by its signal: the readings counted were decided; running the file again records the rest. */
export class ImportInterrupted extends Error {
  constructor(readonly summary: ImportSummary) {
    super(`importação interrompida depois de ${summary.readings} leituras`);
    this.name = 'ImportInterrupted';
  }
}

/**
 * Imports readings through the platform's command path: every reading is decided and appended exactly as the API
 * does it (same rules, refusals, process managers). Idempotent by (UC, cycle), so a file run again, or resumed after
 * a crash, appends nothing twice: a cycle already recorded with the same values is a duplicate, with other values a
 * refusal (409). Readings of different UCs are decided concurrently, and their appends meet in the store's group
 * commit; the file is pulled only as fast as readings finish (memory flat in the file's size).
 */
export async function importReadings(
  groups: AsyncIterable<ReadingGroup>,
  target: ReadingImportTarget,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const earlier = options.resume;
  const counts = {
    readings: earlier?.readings ?? 0,
    rows: earlier?.rows ?? 0,
    accepted: earlier?.accepted ?? 0,
    duplicates: earlier?.duplicates ?? 0,
    refused: earlier?.refused ?? 0,
  };
  const refusedBy: Record<string, number> = { ...earlier?.refusedBy };
  const read = earlier ? readPast(groups, earlier.readings) : groups;
  const summary = (): ImportSummary => {
    const seconds = (earlier?.seconds ?? 0) + (performance.now() - started) / 1000;
    return {
      ...counts,
      refusedBy: { ...refusedBy },
      seconds,
      readingsPerSecond: seconds > 0 ? counts.readings / seconds : 0,
    };
  };
  const record = (o: ImportOutcome) => {
    counts.readings++;
    counts.rows += o.rows;
    if (o.outcome === 'accepted') counts.accepted++;
    else if (o.outcome === 'duplicate') counts.duplicates++;
    else {
      counts.refused++;
      const key = o.rule ?? String(o.status);
      refusedBy[key] = (refusedBy[key] ?? 0) + 1;
    }
    options.onOutcome?.(o);
    options.onProgress?.(summary());
  };
  const batch = target.recordReadings?.bind(target);
  if (earlier && !batch) throw new TypeError('an import resumes only through a batching target (recordReadings)');
  if (batch) {
    await importInChunks(read, target, batch, options, record);
    if (options.signal?.aborted) throw new ImportInterrupted(summary());
    return summary();
  }
  // A UC's readings run one after another (a cycle before the next); different UCs run side by side.
  const running = new Map<string, Promise<unknown>>();
  const iterator = read[Symbol.asyncIterator]();
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) return;
      const next = await iterator.next();
      if (next.done) return;
      const group = next.value;
      const ucId = group.kind === 'reading' ? group.body.ucId : group.ucId;
      const before = running.get(ucId);
      const mine = (async () => {
        if (before) await before.catch(() => undefined);
        record(await importOne(group, target, options));
      })();
      running.set(ucId, mine);
      try {
        await mine;
      } finally {
        if (running.get(ucId) === mine) running.delete(ucId);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 64 }, worker));
  if (options.signal?.aborted) throw new ImportInterrupted(summary());
  return summary();
}

/** The groups after the first `count` (already decided by an earlier run of the file). */
async function* readPast(groups: AsyncIterable<ReadingGroup>, count: number): AsyncIterable<ReadingGroup> {
  let seen = 0;
  for await (const group of groups) if (++seen > count) yield group;
}

/**
 * The batched import: chunks of the file in order, each decided as if one reading at a time and appended together
 * (`recordReadings`); outcomes in file order. Only one chunk is held at a time (memory flat in the file's size).
 */
async function importInChunks(
  groups: AsyncIterable<ReadingGroup>,
  target: ReadingImportTarget,
  recordReadings: NonNullable<ReadingImportTarget['recordReadings']>,
  options: ImportOptions,
  record: (o: ImportOutcome) => void,
): Promise<void> {
  const size = Math.max(1, options.batchSize ?? 1_000);
  let chunk: ReadingGroup[] = [];
  const flush = async () => {
    const checked: Checked[] = [];
    for (const group of chunk) checked.push(await checkGroup(group, target, options));
    const wanted = checked.flatMap((c) => (c.kind === 'body' ? [c] : []));
    const settled = await recordReadings(wanted.map((c) => ({ body: c.body, meta: commandMeta(c.line, options) })));
    const answers = new Map(wanted.map((c, i) => [c, settled[i]]));
    for (const c of checked) {
      if (c.kind === 'outcome') {
        record(c.outcome);
        continue;
      }
      const answer = answers.get(c)!;
      record(answer.ok ? accepted(c.base) : await refusedOutcome(c.base, c.body, answer.error, target));
    }
    chunk = [];
  };
  for await (const group of groups) {
    // Stopped: the chunk read so far is not decided (nothing of it was appended).
    if (options.signal?.aborted) return;
    chunk.push(group);
    if (chunk.length >= size) await flush();
  }
  if (chunk.length > 0 && !options.signal?.aborted) await flush();
}

type OutcomeBase = Pick<ImportOutcome, 'line' | 'rows' | 'ucId' | 'cycle'>;
type Checked =
  { kind: 'outcome'; outcome: ImportOutcome } | { kind: 'body'; body: ReadingBody; base: OutcomeBase; line: number };

/** A malformed group, or a UC of another distribuidora, is answered before any decision. */
async function checkGroup(group: ReadingGroup, target: ReadingImportTarget, options: ImportOptions): Promise<Checked> {
  if (group.kind === 'malformed') {
    return {
      kind: 'outcome',
      outcome: {
        line: group.line,
        rows: group.rows,
        ucId: group.ucId,
        cycle: group.cycle,
        outcome: 'refused',
        status: 400,
        rule: null,
        detail: group.problem,
      },
    };
  }
  const { body } = group;
  const base = { line: group.line, rows: group.rows, ucId: body.ucId, cycle: String(body.cycle ?? '') };
  if (options.distribuidora !== undefined) {
    const of = await target.distribuidoraOf(body.ucId);
    if (of !== null && of.toLowerCase() !== options.distribuidora.toLowerCase()) {
      return {
        kind: 'outcome',
        outcome: {
          ...base,
          outcome: 'refused',
          status: 422,
          rule: null,
          detail: `a UC da distribuidora ${of}, não de ${options.distribuidora}`,
        },
      };
    }
  }
  return { kind: 'body', body, base, line: group.line };
}

/** One command id per reading: the audit groups a command's events (the reading and its compensation) by it. */
function commandMeta(line: number, options: ImportOptions): CommandMeta {
  return { commandId: randomUUID(), correlationId: `import:${options.source ?? 'file'}:${line}` };
}

function accepted(base: OutcomeBase): ImportOutcome {
  return { ...base, outcome: 'accepted', status: 201, rule: null, detail: '' };
}

/** A refused reading's outcome; a cycle already recorded with the same values is a duplicate, not a refusal. */
async function refusedOutcome(
  base: OutcomeBase,
  body: ReadingBody,
  err: unknown,
  target: ReadingImportTarget,
): Promise<ImportOutcome> {
  const refusal = refusalOf(err);
  if (!refusal) throw err;
  if (err instanceof StateConflict) {
    // Not after the latest cycle: the same reading again is a duplicate; other values for the cycle a refusal.
    const recorded = await target.recordedReading(body.ucId, base.cycle);
    if (recorded && sameReading(body, recorded))
      return { ...base, outcome: 'duplicate', status: 200, rule: null, detail: 'já registrada' };
    if (recorded) {
      return {
        ...base,
        outcome: 'refused',
        status: 409,
        rule: null,
        detail: `o ciclo ${base.cycle} já foi registrado com outros valores`,
      };
    }
  }
  return { ...base, outcome: 'refused', ...refusal };
}

async function importOne(
  group: ReadingGroup,
  target: ReadingImportTarget,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const checked = await checkGroup(group, target, options);
  if (checked.kind === 'outcome') return checked.outcome;
  const { body, base } = checked;
  try {
    await target.recordReading(body, commandMeta(group.line, options));
    return accepted(base);
  } catch (err) {
    return refusedOutcome(base, body, err, target);
  }
}
