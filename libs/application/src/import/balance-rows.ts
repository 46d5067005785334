import type { Readable } from 'node:stream';
import { addMonths, parseBusinessDate, type BusinessDate } from '@compensa/domain';
import { csvRecords, jsonLines, type CsvRecord } from './csv-records';
import { normaliseDecimal } from './decimal-text';
import { formatDatePtBr } from '../audit/pt-br-format';
import type { ImportFormat } from './reading-groups';

/** What a line of an opening-balance file is: a credit, received excedente not yet used, or credits held for a titular. */
export type BalanceKind = 'credit' | 'received' | 'held';

/** One lot of the file, as read (kWh in the platform's notation, Q1). */
export interface BalanceRow {
  readonly line: number;
  readonly ucId: string;
  readonly kind: BalanceKind;
  readonly vintage: string;
  readonly posto: string;
  readonly kwh: string;
  readonly gdClass: string;
  readonly sourceUcId: string;
  /** Held credits: the titular, when the credits left the UC (R18/R19), the rule and the 30-day state (R20). */
  readonly held: {
    readonly document: string;
    readonly name: string;
    readonly distribuidora: string;
    readonly leftOn: string;
    readonly rule: string;
    readonly window: string;
    readonly defaultedOn: string;
  } | null;
}

/** A UC's lines, or lines that could not be read as one (`problem`, with its rule id when one applies). */
export type BalanceGroup =
  | { readonly kind: 'uc'; readonly line: number; readonly ucId: string; readonly rows: readonly BalanceRow[] }
  | {
      readonly kind: 'malformed';
      readonly line: number;
      readonly ucId: string;
      readonly rows: readonly BalanceRow[];
      readonly status: number;
      readonly rule: string | null;
      readonly problem: string;
    };

/** The CSV columns every opening-balance file has, one line per lot. */
export const BALANCE_COLUMNS = ['uc', 'kind', 'vintage', 'posto', 'kwh', 'gd_class', 'origin_uc'] as const;
/** The columns of held credits (`kind` = `mantido`); `distribuidora` and `defaulted_on` may be empty. */
export const HELD_COLUMNS = [
  'titular_document',
  'titular_name',
  'distribuidora',
  'left_on',
  'rule',
  'window',
  'defaulted_on',
] as const;

const KINDS: Readonly<Record<string, BalanceKind>> = {
  credito: 'credit',
  crédito: 'credit',
  credit: 'credit',
  recebido: 'received',
  received: 'received',
  mantido: 'held',
  held: 'held',
};

/** The GD class as a clerk writes it: `GD I`, `gd_ii`, `GD-III` are GD_I, GD_II, GD_III. */
export function gdClassOf(text: string): string {
  const m = /^gd[\s_-]*(i{1,3})$/i.exec(text.trim());
  return m ? `GD_${m[1].toUpperCase()}` : text.trim();
}

/** The 30-day state as a clerk writes it: `aberto`/`open`, `mantido`/`held`. */
export function windowOf(text: string): string {
  const t = text.trim().toLowerCase();
  return t === 'aberto' ? 'open' : t === 'mantido' ? 'held' : t;
}

function rowOf(line: number, f: Readonly<Record<string, string>>, decimalComma: boolean): BalanceRow {
  const kind = KINDS[(f.kind ?? '').trim().toLowerCase()];
  return {
    line,
    ucId: (f.uc ?? '').trim(),
    kind: kind ?? ((f.kind ?? '').trim() as BalanceKind),
    vintage: (f.vintage ?? '').trim(),
    posto: (f.posto ?? '').trim().toLowerCase(),
    kwh: normaliseDecimal(f.kwh ?? '', decimalComma),
    gdClass: gdClassOf(f.gd_class ?? ''),
    sourceUcId: (f.origin_uc ?? '').trim(),
    held:
      kind === 'held'
        ? {
            document: (f.titular_document ?? '').trim(),
            name: (f.titular_name ?? '').trim(),
            distribuidora: (f.distribuidora ?? '').trim().toLowerCase(),
            leftOn: (f.left_on ?? '').trim(),
            rule: (f.rule ?? '').trim().toUpperCase(),
            window: windowOf(f.window ?? ''),
            defaultedOn: (f.defaulted_on ?? '').trim(),
          }
        : null,
  };
}

/**
 * A row's problem the file itself shows, before any command: with the rule it breaks (Q3: a negative kWh; R9: a
 * vintage already expired on the import date) or none (an unknown kind, a missing column).
 */
export function rowProblem(
  row: BalanceRow,
  importDate: BusinessDate,
): { status: number; rule: string | null; detail: string } | null {
  const at = `linha ${row.line}`;
  if (row.ucId === '') return { status: 400, rule: null, detail: `${at}: a UC (coluna uc) é obrigatória` };
  if (!['credit', 'received', 'held'].includes(row.kind))
    return {
      status: 400,
      rule: null,
      detail: `${at}: tipo "${row.kind}" desconhecido (credito, recebido ou mantido)`,
    };
  // Q3: never a negative balance.
  if (row.kwh.startsWith('-'))
    return {
      status: 422,
      rule: 'Q3',
      detail: `${at}: kWh negativo (${row.kwh.replace('.', ',')}); um saldo nunca é negativo`,
    };
  let vintage: BusinessDate;
  try {
    vintage = parseBusinessDate(row.vintage, 'vintage');
  } catch {
    return { status: 422, rule: null, detail: `${at}: safra "${row.vintage}" não é uma data AAAA-MM-DD` };
  }
  // R9: a credit expires 60 months after its vintage (received excedente is not a credit yet: no vintage).
  const expiresOn = addMonths(vintage, 60);
  if (row.kind !== 'received' && expiresOn <= importDate)
    return {
      status: 409,
      rule: 'R9',
      detail: `${at}: a safra de ${formatDatePtBr(vintage)} expirou em ${formatDatePtBr(expiresOn)} (60 meses), antes da importação em ${formatDatePtBr(importDate)}`,
    };
  return null;
}

/**
 * Groups rows into UCs: a UC's lines are adjacent (exports list a UC's lots together). A UC whose lines are not
 * together, or with a line the file itself shows wrong (rowProblem), is one malformed group: nothing of it is sent.
 * Streams: one UC is held at a time, plus the set of UC ids already seen.
 */
export async function* balanceGroups(
  rows: AsyncIterable<BalanceRow | { line: number; problem: string }>,
  importDate: BusinessDate,
): AsyncGenerator<BalanceGroup> {
  const seen = new Set<string>();
  let open: { line: number; ucId: string; rows: BalanceRow[] } | null = null;
  const close = (g: { line: number; ucId: string; rows: BalanceRow[] }): BalanceGroup => {
    if (seen.has(g.ucId))
      return {
        kind: 'malformed',
        line: g.line,
        ucId: g.ucId,
        rows: g.rows,
        status: 400,
        rule: null,
        problem: `as linhas da UC ${g.ucId} não estão juntas no arquivo (já apareceu antes)`,
      };
    seen.add(g.ucId);
    for (const r of g.rows) {
      const p = rowProblem(r, importDate);
      if (p)
        return {
          kind: 'malformed',
          line: g.line,
          ucId: g.ucId,
          rows: g.rows,
          status: p.status,
          rule: p.rule,
          problem: p.detail,
        };
    }
    const held = g.rows.filter((r) => r.held);
    const first = held[0]?.held;
    const differs = held.find(
      (r) =>
        r.held!.document !== first!.document ||
        r.held!.leftOn !== first!.leftOn ||
        r.held!.window !== first!.window ||
        r.held!.rule !== first!.rule,
    );
    if (differs)
      return {
        kind: 'malformed',
        line: g.line,
        ucId: g.ucId,
        rows: g.rows,
        status: 400,
        rule: null,
        problem: `linha ${differs.line}: os créditos mantidos de uma UC são de um titular, uma data de saída e uma situação`,
      };
    return { kind: 'uc', line: g.line, ucId: g.ucId, rows: g.rows };
  };
  for await (const r of rows) {
    if ('problem' in r) {
      if (open) yield close(open);
      open = null;
      yield { kind: 'malformed', line: r.line, ucId: '', rows: [], status: 400, rule: null, problem: r.problem };
      continue;
    }
    if (open && open.ucId === r.ucId) {
      open.rows.push(r);
      continue;
    }
    if (open) yield close(open);
    open = { line: r.line, ucId: r.ucId, rows: [r] };
  }
  if (open) yield close(open);
}

/** CSV lines as rows (the header checked first). */
export async function* csvBalanceRows(records: AsyncIterable<CsvRecord>): AsyncGenerator<BalanceRow> {
  let checked = false;
  for await (const { line, fields, separator } of records) {
    if (!checked) {
      const missing = BALANCE_COLUMNS.filter((c) => !(c in fields));
      if (missing.length)
        throw new Error(
          `o cabeçalho do CSV não tem a(s) coluna(s) ${missing.join(', ')}; esperado: ${[...BALANCE_COLUMNS, ...HELD_COLUMNS].join(';')}`,
        );
      checked = true;
    }
    yield rowOf(line, fields, separator === ';');
  }
}

/** JSON Lines: one lot per line, with the CSV's column names as keys (numbers or strings). */
export async function* jsonBalanceRows(
  lines: AsyncIterable<{ line: number; text: string }>,
): AsyncGenerator<BalanceRow | { line: number; problem: string }> {
  for await (const { line, text } of lines) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      yield { line, problem: `linha ${line}: não é JSON` };
      continue;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      yield { line, problem: `linha ${line}: não é um objeto JSON` };
      continue;
    }
    const fields = Object.fromEntries(
      Object.entries(json as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v === null ? '' : String(v)]),
    );
    yield rowOf(line, fields, false);
  }
}

/** An opening-balance file's UCs, streamed. */
export function balanceGroupsOf(
  input: Readable,
  format: ImportFormat,
  importDate: BusinessDate,
): AsyncGenerator<BalanceGroup> {
  const rows = format === 'csv' ? csvBalanceRows(csvRecords(input)) : jsonBalanceRows(jsonLines(input));
  return balanceGroups(rows, importDate);
}
