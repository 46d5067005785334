/** Helpers for multi-row statements within the engines' parameter limits. */

/** Rows per multi-row INSERT: keeps parameters under SQLite's 32,766 and PostgreSQL's 65,535 for our widths. */
export const ROWS_PER_INSERT = 500;

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size = ROWS_PER_INSERT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
