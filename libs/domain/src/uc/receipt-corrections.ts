import { cohortField } from '../values/scce-cohort';
import type { EnergyPartJson, ExcedenteAllocatedData, UcEvent } from './uc-events';
import { jsonKey } from '../shared/json-key';

/** What a generator's correction owes one beneficiary: the parts the corrected allocation of a cycle gives it. */
export interface ReceiptCorrectionDue {
  readonly ucId: string;
  readonly sourceUcId: string;
  readonly sourceCycle: string;
  readonly allocatedOn: string;
  readonly parts: EnergyPartJson[];
}

/**
 * R5–R7, retificação: the allocation in force of each cycle of a generator's stream (the ExcedenteAllocated of its
 * reading, or the latest CycleRecompensated that re-decided it; null when that gave no excedente).
 */
export function allocationsInForce(events: readonly UcEvent[]): Map<string, ExcedenteAllocatedData | null> {
  const out = new Map<string, ExcedenteAllocatedData | null>();
  for (const e of events) {
    if (e.type === 'ExcedenteAllocated') out.set(e.data.cycle, e.data);
    else if (e.type === 'CycleRecompensated') out.set(e.data.cycle, e.data.allocation);
  }
  return out;
}

/**
 * The beneficiaries whose received excedente a generator's correction changes: for each cycle it re-bills, every UC
 * the allocation in force or the corrected one names (other than the generator), whose parts differ.
 */
export function receiptCorrectionsDue(
  generatorId: string,
  inForce: ReadonlyMap<string, ExcedenteAllocatedData | null>,
  correction: readonly UcEvent[],
): ReceiptCorrectionDue[] {
  const due: ReceiptCorrectionDue[] = [];
  for (const e of correction) {
    if (e.type !== 'CycleRecompensated') continue;
    const before = inForce.get(e.data.cycle) ?? null;
    const after = e.data.allocation;
    const named = new Set([...(before?.allocations ?? []), ...(after?.allocations ?? [])].map((a) => a.ucId));
    named.delete(generatorId);
    for (const ucId of [...named].sort()) {
      const parts = partsOf(after, ucId);
      if (jsonKey(parts) === jsonKey(partsOf(before, ucId))) continue;
      due.push({
        ucId,
        sourceUcId: generatorId,
        sourceCycle: e.data.cycle,
        allocatedOn: (after ?? before)!.readingDate,
        parts,
      });
    }
  }
  return due;
}

/** The parts an allocation gives a UC, as the excedente process manager delivers them. */
export function partsOf(allocation: ExcedenteAllocatedData | null, ucId: string): EnergyPartJson[] {
  return (allocation?.allocations ?? [])
    .filter((a) => a.ucId === ucId)
    .map((a) => ({ posto: a.posto, gdClass: a.gdClass, kwh: a.kwh, ...cohortField(a.cohort) }));
}
