/**
 * Masks CPF and CNPJ numbers (LGPD: personal data stays out of logs), keeping their punctuation so a log reader
 * still sees that a document was there and of which kind:
 * - CPF: `295.379.955-93` or `29537995593`;
 * - CNPJ: `12.345.678/0001-95` or `12345678000195`, and the alphanumeric CNPJ (12 letters or digits, then 2 check
 *   digits) punctuated in any case, or bare in upper case (the official form; bare lower-case would hit words).
 * A run is masked only when it stands alone (not inside a longer run of letters or digits), so hashes, UUIDs and
 * timestamps survive. A UC number of exactly 11 or 14 digits is masked too: privacy wins over convenience.
 */
const ALNUM = '[0-9A-Za-z]';
const DOCUMENT_PATTERN = new RegExp(
  `(?<!${ALNUM})(?:` +
    [
      `${ALNUM}{2}\\.${ALNUM}{3}\\.${ALNUM}{3}/${ALNUM}{4}-\\d{2}`, // CNPJ, punctuated (numeric or alphanumeric)
      '\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}', // CPF, punctuated
      '[0-9A-Z]{12}\\d{2}', // CNPJ, bare (numeric or upper-case alphanumeric)
      '\\d{11}', // CPF, bare
    ].join('|') +
    `)(?!${ALNUM})`,
  'g',
);

/** The text with every CPF/CNPJ replaced by asterisks (punctuation kept). */
export function maskDocuments(text: string): string {
  return text.replace(DOCUMENT_PATTERN, (document) => document.replace(/[0-9A-Za-z]/g, '*'));
}

/** How deep `maskDeep` walks before it gives up on a structure (log objects are shallow). */
const MAX_DEPTH = 10;

/**
 * A copy of a log argument with every string (and 11- or 14-digit integer) masked. Walks plain objects and arrays
 * only: class instances (requests, buffers) are left to pino's serializers, and cycles are cut.
 */
export function maskDeep<T>(value: T): T {
  return walk(value, 0, new WeakSet()) as T;
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return maskDocuments(value);
  if (typeof value === 'number' && Number.isInteger(value)) {
    const digits = String(Math.abs(value));
    return digits.length === 11 || digits.length === 14 ? maskDocuments(digits) : value;
  }
  if (typeof value === 'bigint') return walk(value.toString(), depth, seen);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH || seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => walk(item, depth + 1, seen));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  seen.add(value);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = walk(item, depth + 1, seen);
  return copy;
}
