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

/** How a UC remembers a correction of credits moved to it from a titular's hold (R20): once per delivery. */
export function heldReceiptCorrectionKey(correctionId: string, sourceEventId: string): string {
  return `${correctionId}@held:${sourceEventId}`;
}
