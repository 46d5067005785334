/**
 * Events that record an input rather than a computed decision: a reading, a registration, energy received or held as
 * sent. Re-running the decider on them only copies them back, so the audit reports them as `recorded`, never as
 * `verified` (what they say is checked elsewhere: check 4 follows received and held energy to its source).
 */
export const RECORDED_INPUT_TYPES: ReadonlySet<string> = new Set([
  'UcRegistered',
  'GenerationRegistered',
  'CapacityAdded',
  'MembersRegistered',
  'ReadingRecorded',
  'ExcedenteReceived',
  'HeldCreditsReceived',
  'CreditsHeldForTitular',
  'TariffPublished',
  'DistribuidoraPolicySet',
  // Migration: balances as the legacy billing system gave them (file, line, SHA-256); the audit lists them apart.
  'OpeningBalanceImported',
  'OpeningHeldCreditsImported',
]);

export function isRecordedInput(type: string): boolean {
  return RECORDED_INPUT_TYPES.has(type);
}
