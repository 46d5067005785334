import type { CommandResult } from './command-result';
import type { OpeningPartOutcome, UcOpeningOutcome } from './import-uc-opening';

/**
 * A UC's opening as one verb answers it (POST /v1/ucs/{ucId}/opening-balance with `heldCredits`): the UC stream's
 * result with every event the transaction appended; a refusal of either part is thrown (nothing was appended).
 */
export function openingResult(outcome: UcOpeningOutcome): CommandResult {
  const parts = [outcome.balance, outcome.held].filter((p): p is OpeningPartOutcome => p !== undefined);
  for (const p of parts) if (p.kind === 'refused') throw p.error;
  for (const p of parts) if (p.kind === 'withheld') throw p.by;
  const [balance, ...rest] = parts as Extract<OpeningPartOutcome, { kind: 'appended' }>[];
  return { ...balance.result, events: [balance.result, ...rest.map((p) => p.result)].flatMap((r) => r.events) };
}
