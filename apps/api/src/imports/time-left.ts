/** Where a run of a job stood when its rate is measured from: the body's bytes read and the job's seconds. */
export interface RateFrom {
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * Seconds left at the rate so far: the body's bytes still to read at the bytes read per second since `from`. A fresh
 * run measures from its start; a resumed one from its first counted reading, since reading past what the earlier run
 * had counted takes next to no time and would make the rate look far higher than it is. Null while nothing was read
 * since `from`.
 */
export function secondsLeft(received: number, read: number, seconds: number, from: RateFrom): number | null {
  const bytes = read - from.bytes;
  const elapsed = seconds - from.seconds;
  if (bytes <= 0 || elapsed <= 0) return null;
  return Math.round(((received - read) * elapsed) / bytes);
}
