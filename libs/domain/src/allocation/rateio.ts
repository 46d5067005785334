/** How a generator's excedente is shared (R5, R6), as events carry it. */
export type Rateio =
  | { mode: 'percentage'; shares: { ucId: string; percent: string }[] }
  | { mode: 'priority'; order: string[]; leftoverUcId?: string };

/** Every UC a rateio names, in list order, without repeats. */
export function rateioUcIds(r: Rateio): string[] {
  const ids =
    r.mode === 'percentage' ? r.shares.map((s) => s.ucId) : [...r.order, ...(r.leftoverUcId ? [r.leftoverUcId] : [])];
  return [...new Set(ids)];
}
