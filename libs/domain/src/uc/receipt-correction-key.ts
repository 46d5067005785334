/**
 * How a UC remembers a generator's correction reaching it: one per correction and delivery (the generator's cycle),
 * so the same correction again appends nothing.
 */
export function receiptCorrectionKey(correctionId: string, sourceUcId: string, sourceCycle: string): string {
  return `${correctionId}@${sourceUcId}:${sourceCycle}`;
}

/** How a generator remembers another UC's corrected consumption reaching its priority rateio (P6a): once. */
export function demandCorrectionKey(correctionId: string, comparedUcId: string): string {
  return `${correctionId}#${comparedUcId}`;
}
