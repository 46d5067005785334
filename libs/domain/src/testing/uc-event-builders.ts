import type { Rateio } from '../allocation/rateio';
import type { CreditLotJson } from '../compensation/lot-json';
import type { UcEvent } from '../uc/uc-events';

/** Small builders for UC events the fixtures do not cover (R13–R21 specifications). */

/** A RateioChanged event requested on `requestedAt` (R7: in force from the cycle after the first reading on/after it). */
export function rateioChanged(ucId: string, requestedAt: string, rateio: Rateio): UcEvent {
  return { type: 'RateioChanged', data: { ucId, requestedAt, rateio, checked: [] } };
}

/** A percentage rateio: `percentage(['1', '40'], ['2', '60'])`. */
export function percentage(...shares: [string, string][]): Rateio {
  return { mode: 'percentage', shares: shares.map(([ucId, percent]) => ({ ucId, percent })) };
}

/** A ReadingRecorded event of a posto-único UC (closes a cycle, so a pending rateio takes effect, R7). */
export function readingRecorded(
  ucId: string,
  cycle: string,
  readingDate: string,
  consumed = '0.000',
  injected = '0.000',
): UcEvent {
  return { type: 'ReadingRecorded', data: { ucId, cycle, readingDate, postos: { unico: { consumed, injected } } } };
}

/** An ExcedenteReceived event (received excedente not yet used, R8 step 2). */
export function excedenteReceived(
  ucId: string,
  over: {
    sourceUcId: string;
    allocatedOn: string;
    sourceCycle: string;
    kwh: string;
    gdClass?: 'GD_I' | 'GD_II' | 'GD_III';
    posto?: 'unico' | 'ponta' | 'fora_ponta';
  },
): UcEvent {
  return {
    type: 'ExcedenteReceived',
    data: {
      ucId,
      sourceUcId: over.sourceUcId,
      sourceEventId: `alloc-${over.sourceUcId}-${over.sourceCycle}`,
      sourceCycle: over.sourceCycle,
      allocatedOn: over.allocatedOn,
      parts: [{ posto: over.posto ?? 'unico', gdClass: over.gdClass ?? 'GD_II', kwh: over.kwh }],
    },
  };
}

/** HeldCreditsReceived: credit lots arriving at a UC (used here to give a UC credits of a known vintage). */
export function heldCreditsReceived(ucId: string, lots: CreditLotJson[]): UcEvent {
  return {
    type: 'HeldCreditsReceived',
    data: { ucId, sourceEventId: 'seed', fromStream: 'titular-copel-seed', rule: 'R20', lots },
  };
}

/** MembersRegistered (emuc / compartilhada, R13). */
export function membersRegistered(
  ucId: string,
  members: string[],
  date = '2024-02-01',
  legalInstrument = 'Convenção de condomínio, reg. 1234',
): UcEvent {
  return { type: 'MembersRegistered', data: { ucId, members, legalInstrument, date } };
}
