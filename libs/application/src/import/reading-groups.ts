import type { CommandBodies } from '../commands/verb-catalogue';
import { csvRecords, jsonLines, type CsvRecord } from './csv-records';
import { normaliseDecimal } from './decimal-text';
import type { Readable } from 'node:stream';

/** The RecordReading body, as the API takes it. */
export type ReadingBody = CommandBodies['RecordReading'];

/**
 * One UC's reading for a cycle, from one or more file lines (a CSV line per posto), or lines that could not be read
 * as one (`problem` says why; nothing is decided for them).
 */
export type ReadingGroup =
  | { readonly kind: 'reading'; readonly line: number; readonly rows: number; readonly body: ReadingBody }
  | {
      readonly kind: 'malformed';
      readonly line: number;
      readonly rows: number;
      readonly ucId: string;
      readonly cycle: string;
      readonly problem: string;
    };

/** The CSV columns of a reading file, one line per posto. */
export const READING_COLUMNS = ['uc', 'cycle', 'reading_date', 'posto', 'consumed', 'injected'] as const;

/**
 * Folds CSV lines into readings: adjacent lines with the same UC and cycle are its postos (exports list a UC's
 * postos together). Streams: one reading is held at a time.
 */
export async function* csvReadingGroups(records: AsyncIterable<CsvRecord>): AsyncGenerator<ReadingGroup> {
  let open: { line: number; rows: number; body: ReadingBody; problem: string | null } | null = null;
  let checkedHeader = false;
  for await (const { line, fields, separator } of records) {
    const kwh = (v: string) => normaliseDecimal(v, separator === ';');
    if (!checkedHeader) {
      const missing = READING_COLUMNS.filter((c) => !(c in fields));
      if (missing.length)
        throw new Error(
          `o cabeçalho do CSV não tem a(s) coluna(s) ${missing.join(', ')}; esperado: ${READING_COLUMNS.join(';')}`,
        );
      checkedHeader = true;
    }
    const ucId = fields.uc;
    const cycle = fields.cycle;
    if (open && open.body.ucId === ucId && open.body.cycle === cycle) {
      open.rows++;
      if (open.body.postos[fields.posto] !== undefined)
        open.problem ??= `linha ${line}: posto ${fields.posto} repetido`;
      if (fields.reading_date !== open.body.readingDate)
        open.problem ??= `linha ${line}: a reading_date difere entre os postos da UC`;
      open.body.postos[fields.posto] = { consumed: kwh(fields.consumed), injected: kwh(fields.injected) };
      continue;
    }
    if (open) yield close(open);
    open = {
      line,
      rows: 1,
      problem: ucId === '' || cycle === '' ? 'as colunas uc e cycle são obrigatórias' : null,
      body: {
        ucId,
        cycle,
        readingDate: fields.reading_date,
        postos: { [fields.posto]: { consumed: kwh(fields.consumed), injected: kwh(fields.injected) } },
      },
    };
  }
  if (open) yield close(open);
}

function close(open: { line: number; rows: number; body: ReadingBody; problem: string | null }): ReadingGroup {
  if (open.problem) {
    return {
      kind: 'malformed',
      line: open.line,
      rows: open.rows,
      ucId: open.body.ucId,
      cycle: open.body.cycle,
      problem: open.problem,
    };
  }
  return { kind: 'reading', line: open.line, rows: open.rows, body: open.body };
}

/** A JSON Lines file of RecordReading bodies (`{"ucId", "cycle", "readingDate", "postos"}`; a `command` field is ignored). */
export async function* jsonReadingGroups(
  lines: AsyncIterable<{ line: number; text: string }>,
): AsyncGenerator<ReadingGroup> {
  for await (const { line, text } of lines) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      yield { kind: 'malformed', line, rows: 1, ucId: '', cycle: '', problem: 'a linha não é JSON' };
      continue;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      yield { kind: 'malformed', line, rows: 1, ucId: '', cycle: '', problem: 'a linha não é um objeto JSON' };
      continue;
    }
    const { command: _command, ...body } = json as Record<string, unknown>;
    const ucId = typeof body.ucId === 'string' ? body.ucId : '';
    const cycle = typeof body.cycle === 'string' ? body.cycle : '';
    if (ucId === '') {
      yield { kind: 'malformed', line, rows: 1, ucId, cycle, problem: 'o campo ucId é obrigatório' };
      continue;
    }
    yield { kind: 'reading', line, rows: 1, body: body as unknown as ReadingBody };
  }
}

/** The two formats a reading file comes in. */
export type ImportFormat = 'csv' | 'jsonl';

/** The format a file name or content type says: JSON Lines for `.jsonl`/`.ndjson` or `application/x-ndjson`, else CSV. */
export function importFormatOf(nameOrType: string): ImportFormat {
  return /(\.jsonl|\.ndjson|ndjson|jsonl)$/i.test(nameOrType.split(';')[0].trim()) ? 'jsonl' : 'csv';
}

/** A reading file's readings, streamed. */
export function readingGroupsOf(input: Readable, format: ImportFormat): AsyncGenerator<ReadingGroup> {
  return format === 'csv' ? csvReadingGroups(csvRecords(input)) : jsonReadingGroups(jsonLines(input));
}
