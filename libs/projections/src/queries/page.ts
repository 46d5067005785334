/** Keyset pages: an opaque cursor (base64url JSON of the last row's sort key) and a limit. */

/** A page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where a list starts and how long a page is. */
export interface PageRequest {
  /** From a previous page's `nextCursor`; absent for the first page. */
  cursor?: string | null;
  /** Items per page (default 100, at most 1000). */
  limit?: number;
}

/** The limit, bounded. */
export function pageLimit(request: PageRequest): number {
  const limit = Math.trunc(request.limit ?? 100);
  if (!Number.isFinite(limit) || limit < 1) throw new RangeError('limit must be at least 1');
  return Math.min(limit, 1000);
}

/** Encodes a sort key as a cursor. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with `arity` parts; throws RangeError on anything else. */
export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number'))
      return key;
  } catch {
    // fall through
  }
  throw new RangeError('invalid cursor');
}

/** Builds a page from `limit + 1` fetched rows. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  keyOf: (row: R) => (string | number)[],
): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { items: shown.map(map), nextCursor: more ? encodeCursor(keyOf(shown[shown.length - 1])) : null };
}
