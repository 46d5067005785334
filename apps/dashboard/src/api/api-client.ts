import { sessionKey, signOut } from './session';
import type { Page } from './types';

/** Event dispatched on window when the API refuses the key: the app goes back to sign-in. */
export const UNAUTHORIZED_EVENT = 'compensa:unauthorized';

/** An RFC 7807 problem the API answered. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

/** A query's answer and how far behind the head its read models were (X-Projection-Lag). */
export interface Fetched<T> {
  body: T;
  lag: number;
}

/**
 * Throws the API's refusal: a 401 on the session's key (`fromSession`) also signs out and sends the user to sign-in
 * ("your key expired"); any other failure is the problem the API answered.
 */
async function mustBeOk(response: Response, fromSession: boolean): Promise<void> {
  if (response.status === 401) {
    if (fromSession) {
      signOut();
      window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
    }
    throw new ApiProblem(401, 'about:blank', 'A chave de acesso não é válida.');
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { type?: string; detail?: string };
    throw new ApiProblem(response.status, problem.type ?? 'about:blank', problem.detail ?? response.statusText);
  }
}

/**
 * GET on the query API with the session's key (or `key`). A 401 on the session's key signs out and sends the user
 * to sign-in ("your key expired"); a 401 on a key given here (sign-in trying one) is only the caller's error.
 */
export async function apiGet<T>(path: string, key?: string | null): Promise<Fetched<T>> {
  const fromSession = key === undefined;
  const used = fromSession ? sessionKey() : key;
  const response = await fetch(path, { headers: used ? { Authorization: `Bearer ${used}` } : {} });
  await mustBeOk(response, fromSession);
  return { body: (await response.json()) as T, lag: Number(response.headers.get('X-Projection-Lag') ?? 0) };
}

/**
 * POST of a file's bytes as they are (`type`: its media type) with the session's key: the import's body, streamed by
 * the browser from the disk. A 401 signs out, as a GET's does; a problem is thrown as ApiProblem.
 */
export async function apiPostFile<T>(path: string, file: Blob, type: string): Promise<T> {
  const key = sessionKey();
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': type, ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: file,
  });
  await mustBeOk(response, true);
  return (await response.json()) as T;
}

/**
 * Every page of a list: `path` (with its query, `limit` included), then again with each `nextCursor` until the last.
 * The first page's answer (a list may carry more than its items), all the items, and the largest lag.
 */
export async function apiGetAll<P extends Page<unknown>>(
  path: string,
): Promise<{ first: P; items: P['items']; lag: number }> {
  const first = await apiGet<P>(path);
  const items = [...first.body.items];
  let cursor = first.body.nextCursor;
  let lag = first.lag;
  while (cursor) {
    const page = await apiGet<P>(`${path}&cursor=${cursor}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
    lag = Math.max(lag, page.lag);
  }
  return { first: first.body, items, lag };
}

/** Opens an HTML document of the API (the audit trail) in a new tab: fetched with the key, shown from a blob. */
export async function openHtml(path: string): Promise<void> {
  // Opened first, synchronously with the click, so that pop-up blockers allow it.
  const tab = window.open('', '_blank');
  const key = sessionKey();
  const response = await fetch(path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  if (response.status === 401) {
    tab?.close();
    signOut();
    window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
    return;
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    tab?.close();
    throw new ApiProblem(response.status, 'about:blank', problem.detail ?? response.statusText);
  }
  const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/html' }));
  if (tab) tab.location.href = url;
  else window.location.href = url;
}

/** Downloads a file of the API (the demonstrativo's PDF) fetched with the key, saved as `filename`. */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const key = sessionKey();
  const response = await fetch(path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  if (response.status === 401) {
    signOut();
    window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
    return;
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new ApiProblem(response.status, 'about:blank', problem.detail ?? response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
