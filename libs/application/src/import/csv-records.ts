import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** One CSV record: its fields by header name and its 1-based line number in the file. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
  /** The file's separator (`;` files write numbers with a decimal comma). */
  readonly separator: string;
}

/**
 * Splits one CSV line on `separator`, honouring double quotes ("a;b" is one field, "" inside quotes is one quote).
 * Brazilian spreadsheet exports use `;` with a decimal comma; others `,`.
 */
export function splitCsvLine(text: string, separator: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** The header's separator: `;` when the header has one, else `,`. */
export function separatorOf(header: string): string {
  return header.includes(';') ? ';' : ',';
}

/**
 * Streams a CSV file's records one line at a time (memory flat in the file's size). The first non-empty line is the
 * header (names lower-cased, a UTF-8 BOM dropped); blank lines are skipped; a quoted field spanning lines is not
 * supported (no reading field needs one).
 */
export async function* csvRecords(input: Readable): AsyncGenerator<CsvRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string[] | null = null;
  let separator = ',';
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    if (!header) {
      separator = separatorOf(text);
      header = splitCsvLine(text, separator).map((h) => h.toLowerCase());
      continue;
    }
    const values = splitCsvLine(text, separator);
    const fields: Record<string, string> = {};
    header.forEach((h, i) => (fields[h] = values[i] ?? ''));
    yield { line: n, fields, separator };
  }
}

/** Streams a JSON Lines file's non-empty lines with their 1-based numbers. */
export async function* jsonLines(input: Readable): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = raw.trim();
    if (text !== '') yield { line: n, text };
  }
}
