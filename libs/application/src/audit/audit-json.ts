import { jsonString, sortKeysInPlace } from '@compensa/event-store';
import { TrailLot, type AuditReport, type TrailEvent } from './audit-report';

/** Sorts object keys (code-unit order) at every depth, so equal reports print byte for byte the same. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((k) => record[k] !== undefined)
        .map((k) => [k, sortKeys(record[k])]),
    );
  }
  return value;
}

/** The report as JSON for machines: sorted keys, two-space indent, a final newline; nothing of the run itself. */
export function renderAuditJson(report: AuditReport): string {
  return `${JSON.stringify(sortKeys(report), null, 2)}\n`;
}

/** `"key": ` of the keys seen (a report has few distinct keys; bounded, in case data brings many). */
const keyLiterals = new Map<string, string>();
function keyLiteral(key: string): string {
  let literal = keyLiterals.get(key);
  if (literal === undefined) {
    literal = `${JSON.stringify(key)}: `;
    if (keyLiterals.size < 10_000) keyLiterals.set(key, literal);
  }
  return literal;
}

/**
 * A member's start at a depth: the line break and indent (after a comma but for the first member) and `"key": `,
 * one string per depth and key (a report has few keys; bounded, in case data brings many), not two built per member.
 */
const FIRST_MEMBERS: Map<string, string>[] = [];
const NEXT_MEMBERS: Map<string, string>[] = [];
function memberStart(depth: number, key: string, first: boolean): string {
  const byKey = ((first ? FIRST_MEMBERS : NEXT_MEMBERS)[depth] ??= new Map<string, string>());
  let start = byKey.get(key);
  if (start === undefined) {
    padOf(depth);
    start = (first ? LINES : COMMA_LINES)[depth + 1]! + keyLiteral(key);
    if (byKey.size < 10_000) byKey.set(key, start);
  }
  return start;
}

/** Object.keys in code-unit order; most objects of a report are built with their keys in that order already. */
function sortedKeys(record: object): string[] {
  return sortKeysInPlace(Object.keys(record));
}

/** The indent of each depth (two spaces a level), and a line break followed by it: made once, not per object. */
const PADS: string[] = [];
const LINES: string[] = [];
const COMMA_LINES: string[] = [];
function padOf(depth: number): string {
  while (PADS.length <= depth + 1) {
    PADS.push('  '.repeat(PADS.length));
    LINES.push(`\n${PADS[PADS.length - 1]}`);
    COMMA_LINES.push(`,\n${PADS[PADS.length - 1]}`);
  }
  return PADS[depth]!;
}

/**
 * `JSON.stringify(sortKeys(value), null, 2)` with the indent of `depth` before every line but the first, printed in
 * one walk (no sorted copy, no re-indenting): the hot path of a streamed report. Undefined when JSON would print
 * nothing.
 */
function pretty(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (value instanceof TrailLot) return trailLotText(value, depth);
  const pad = padOf(depth);
  const line = LINES[depth + 1]!;
  const commaLine = COMMA_LINES[depth + 1]!;
  const inner = depth + 1;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? commaLine : line) + (pretty(value[i], inner) ?? 'null');
    return `${out}\n${pad}]`;
  }
  return prettyObject(value as Record<string, unknown>, depth);
}

/** An object as `pretty` prints it: its members in sorted key order, those JSON would print. */
function prettyObject(record: Record<string, unknown>, depth: number): string {
  const pad = padOf(depth);
  const inner = depth + 1;
  const keys = sortedKeys(record);
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const part = pretty(record[key], inner);
    if (part === undefined) continue;
    out += memberStart(depth, key, first) + part;
    first = false;
  }
  return first ? '{}' : `${out}\n${pad}}`;
}

/** A balance lot as `pretty` prints any object of its fields, without walking it (the hot path of the UCs' trail). */
function trailLotText(l: TrailLot, depth: number): string {
  const { expiresOn, gdClass, kwh, posto, sourceUcId, vintage } = l;
  if (
    typeof expiresOn !== 'string' ||
    typeof gdClass !== 'string' ||
    typeof kwh !== 'string' ||
    typeof posto !== 'string' ||
    typeof sourceUcId !== 'string' ||
    typeof vintage !== 'string'
  )
    return prettyObject(l as unknown as Record<string, unknown>, depth);
  padOf(depth);
  const line = LINES[depth + 1]!;
  return (
    `{${line}"expiresOn": ${jsonString(expiresOn)},${line}"gdClass": ${jsonString(gdClass)},${line}"kwh": ` +
    `${jsonString(kwh)},${line}"posto": ${jsonString(posto)},${line}"sourceUcId": ${jsonString(sourceUcId)},${line}` +
    `"vintage": ${jsonString(vintage)}${LINES[depth]!}}`
  );
}

/** One element of a top-level array of the report, as `writeAuditJson` prints it (after its comma, if any). */
export function auditJsonItem(item: unknown): string {
  return `\n    ${pretty(item, 2) ?? 'null'}`;
}

/**
 * A trail event as `auditJsonItem` prints it, without walking it: the report's hot path (one a replayed event). Its
 * seven fields in sorted order; an event not of that shape (a field of another type) goes the generic way.
 */
export function auditJsonTrailEvent(e: TrailEvent): string {
  const { businessDate, dateSource, decision, position, revision, stream, type } = e;
  if (
    typeof businessDate !== 'string' ||
    typeof dateSource !== 'string' ||
    typeof decision !== 'string' ||
    typeof stream !== 'string' ||
    typeof type !== 'string' ||
    typeof position !== 'number' ||
    typeof revision !== 'number' ||
    !Number.isFinite(position) ||
    !Number.isFinite(revision)
  )
    return auditJsonItem(e);
  return (
    `\n    {\n      "businessDate": ${jsonString(businessDate)},\n      "dateSource": ${jsonString(dateSource)}` +
    `,\n      "decision": ${jsonString(decision)},\n      "position": ${position},\n      "revision": ${revision}` +
    `,\n      "stream": ${jsonString(stream)},\n      "type": ${jsonString(type)}\n    }`
  );
}

/** A top-level value of the report other than a non-empty array, as `writeAuditJson` prints it. */
export function auditJsonValue(value: unknown): string {
  return pretty(value, 1) ?? 'null';
}

/**
 * The same bytes as `renderAuditJson`, handed to `write` piece by piece (each top-level array one element at a time),
 * so that no single string holds the whole report: a report of a large log no longer hits V8's string length limit.
 */
export function writeAuditJson(report: AuditReport, write: (chunk: string) => void): void {
  const record = report as unknown as Record<string, unknown>;
  const keys = Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined);
  write('{');
  keys.forEach((key, i) => {
    const value = record[key];
    write(`${i > 0 ? ',' : ''}\n  ${JSON.stringify(key)}: `);
    if (Array.isArray(value) && value.length > 0) {
      write('[');
      value.forEach((item, j) => write(`${j > 0 ? ',' : ''}${auditJsonItem(item)}`));
      write('\n  ]');
    } else write(auditJsonValue(value));
  });
  write('\n}\n');
}
