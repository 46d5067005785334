import type { Rateio } from '../allocation/rateio';
import { expiryOf } from '../compensation/lots';
import type { BusinessDate } from '../values/business-date';
import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import type { UcEvent } from '../uc/uc-events';

/** A RateioChanged event (R7: pending until the first reading dated on or after `requestedAt`). */
export function rateioChanged(ucId: string, requestedAt: string, rateio: Rateio): UcEvent {
  return { type: 'RateioChanged', data: { ucId, requestedAt, rateio, checked: [] } };
}

/** A percentage rateio: `percentage(['1', '40'], ['2', '60'])`. */
export function percentage(...shares: [string, string][]): Rateio {
  return { mode: 'percentage', shares: shares.map(([ucId, percent]) => ({ ucId, percent })) };
}

/** A ReadingRecorded event on its own (no compensation): used to close a cycle in `given`. */
export function readingRecorded(
  ucId: string,
  cycle: string,
  readingDate: string,
  postos: Partial<Record<Posto, { consumed: string; injected: string }>> = {
    unico: { consumed: '0.000', injected: '0.000' },
  },
): UcEvent {
  return { type: 'ReadingRecorded', data: { ucId, cycle, readingDate, postos } };
}

/**
 * A credit of the UC itself: the generator's excedente of the reading dated `vintage`, retained with no rateio (R4).
 * Expires at vintage + 60 months (R9).
 */
export function ownCredit(
  ucId: string,
  vintage: string,
  kwh: string,
  over: { posto?: Posto; gdClass?: GdClass } = {},
): UcEvent {
  const part = { posto: over.posto ?? 'unico', gdClass: over.gdClass ?? 'GD_II', kwh };
  return {
    type: 'ExcedenteAllocated',
    data: {
      ucId,
      cycle: vintage.slice(0, 7),
      readingDate: vintage,
      surplusBase: 'net',
      excedente: [part],
      excedenteKwh: kwh,
      rateio: null,
      inputs: { ineligible: {}, facts: [] },
      allocations: [],
      retained: [part],
    },
  };
}

/** A credit that arrived from another UC's stream (e.g. R20), with its own vintage and expiry. */
export function creditFrom(
  ucId: string,
  sourceUcId: string,
  vintage: string,
  kwh: string,
  over: { posto?: Posto; gdClass?: GdClass; expiresOn?: string } = {},
): UcEvent {
  return {
    type: 'HeldCreditsReceived',
    data: {
      ucId,
      sourceEventId: `held-${sourceUcId}-${vintage}`,
      fromStream: `titular-copel-${sourceUcId}`,
      rule: 'R20',
      lots: [
        {
          vintage,
          posto: over.posto ?? 'unico',
          gdClass: over.gdClass ?? 'GD_II',
          kwh,
          expiresOn: over.expiresOn ?? expiryOf(vintage as BusinessDate),
          sourceUcId,
        },
      ],
    },
  };
}

/** Excedente received from a generator (R5/R6 delivery), usable per P12. */
export function excedenteReceived(
  ucId: string,
  from: { sourceUcId: string; allocatedOn: string; sourceCycle?: string; eventId?: string },
  parts: { posto?: Posto; gdClass?: GdClass; kwh: string }[],
): UcEvent {
  return {
    type: 'ExcedenteReceived',
    data: {
      ucId,
      sourceUcId: from.sourceUcId,
      sourceEventId: from.eventId ?? `alloc-${from.sourceUcId}-${from.allocatedOn}`,
      sourceCycle: from.sourceCycle ?? from.allocatedOn.slice(0, 7),
      allocatedOn: from.allocatedOn,
      parts: parts.map((p) => ({ posto: p.posto ?? 'unico', gdClass: p.gdClass ?? 'GD_II', kwh: p.kwh })),
    },
  };
}
