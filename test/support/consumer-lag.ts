/** Reads the app's `/metrics`: how far the process managers (and UC directory) and the projections are behind the log. */

/** Lag in events per consumer, from one scrape. */
export interface ConsumerLag {
  processManagers: Record<string, number>;
  projections: Record<string, number>;
}

const LINE = /^compensa_(process_manager|projection)_lag_events\{(?:consumer|projection)="([^"]+)"\} (\d+(?:\.\d+)?)$/;

/** Scrapes `${url}/metrics` once. */
export async function consumerLag(url: string): Promise<ConsumerLag> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const lag: ConsumerLag = { processManagers: {}, projections: {} };
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    (m[1] === 'projection' ? lag.projections : lag.processManagers)[m[2]] = Number(m[3]);
  }
  return lag;
}

/**
 * True when every consumer is at the head, the process managers among them. A process reports only the process
 * managers it runs: one restarted while the dead one's lease has not expired lists only the directory, whose
 * checkpoint may already be at the head, and was taken as caught up before its process managers had started
 * (api-kill.int.spec.ts, once in about twenty runs).
 */
export function caughtUp(lag: ConsumerLag): boolean {
  const pm = Object.entries(lag.processManagers);
  const pr = Object.values(lag.projections);
  return (
    pm.some(([name]) => name.startsWith('pm-')) &&
    pr.length > 0 &&
    [...pm.map(([, n]) => n), ...pr].every((n) => n === 0)
  );
}

/**
 * Polls until every consumer is at the head, `confirmations` scrapes in a row (the process managers append, so a
 * single zero could precede their next append); resolves with the time of the first of those scrapes.
 */
export async function waitUntilCaughtUp(
  url: string,
  timeoutMs: number,
  pollMs = 100,
  confirmations = 3,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let since: number | null = null;
  let inARow = 0;
  for (;;) {
    const at = Date.now();
    const lag = await consumerLag(url);
    if (caughtUp(lag)) {
      since ??= at;
      if (++inARow >= confirmations) return since;
    } else {
      since = null;
      inARow = 0;
    }
    if (Date.now() > deadline) throw new Error(`consumers still behind after ${timeoutMs} ms: ${JSON.stringify(lag)}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
