import type { ReceivedLotJson } from '../compensation/lot-json';
import { receivedToJson } from '../compensation/lot-json';
import { InvalidInput, RuleViolation, StateConflict } from '../shared/errors';
import { parseBusinessDate } from '../values/business-date';
import { Kwh } from '../values/kwh';
import type { UcCommand } from '../uc/uc-commands';
import type { UcEvent } from '../uc/uc-events';
import type { UcState } from '../uc/uc-state';
import { openingCredits, openingLotsJson, parseOpeningSource, type OpeningSourceJson } from './opening-lots';

/** The mark an opening balance leaves in the UC's deliveries: one per file (its SHA-256). */
export function openingDelivery(sha256: string): string {
  return `opening:${sha256}`;
}

/** The id of an opening balance's i-th received lot (settled by id at a reading, R8). */
export function openingReceivedId(sha256: string, ucId: string, i: number): string {
  return `opening:${sha256.slice(0, 16)}:${ucId}:${i}`;
}

/**
 * A UC's opening balance from the legacy billing system: its credits by vintage and the received excedente it has
 * not used yet, as one `OpeningBalanceImported`. From then on they are the UC's own lots: used oldest first (R8),
 * expiring 60 months after their vintage (R9), leaving with the titular (R18, R19).
 */
export function decideImportOpeningBalance(
  d: Extract<UcCommand, { type: 'ImportOpeningBalance' }>['data'],
  s: UcState,
): UcEvent[] {
  const source = parseOpeningSource(d.source);
  const date = parseBusinessDate(d.date, 'date');
  // Idempotent by (file, UC): the same file again appends nothing.
  if (s.deliveries.includes(openingDelivery(source.sha256))) return [];
  if (s.deliveries.some((x) => x.startsWith('opening:')))
    throw new StateConflict(`a UC ${s.ucId} já tem um saldo inicial, importado de outro arquivo`);
  // R12 + R8: readings already decided used the credits they saw; a balance opened under them would change what
  // they should have used (oldest first). An opening balance comes before the UC's first reading.
  if (s.lastReading)
    throw RuleViolation(
      'R12',
      `a UC ${s.ucId} já tem leituras (último ciclo ${s.lastReading.cycle}): o saldo inicial vem antes da primeira leitura`,
    );
  const credits = openingCredits(d.credits, date, 'credits');
  const received = openingCredits(d.received, date, 'received', false);
  for (const [i, l] of [...credits, ...received].entries()) {
    if (!s.postos.includes(l.posto))
      throw new InvalidInput(`lots[${i}].posto`, `a UC ${s.ucId} não tem o posto ${l.posto} (${s.postos.join(', ')})`);
  }
  if (credits.length === 0 && received.length === 0)
    throw new InvalidInput('credits', 'um saldo inicial precisa de ao menos um lote com kWh');
  const receivedJson: ReceivedLotJson[] = received.map((l, i) =>
    receivedToJson({
      id: openingReceivedId(source.sha256, s.ucId, i),
      sourceUcId: l.sourceUcId,
      posto: l.posto,
      gdClass: l.gdClass,
      kwh: l.kwh,
      allocatedOn: l.vintage,
      sourceCycle: l.vintage.slice(0, 7),
    }),
  );
  return [
    {
      type: 'OpeningBalanceImported',
      data: {
        ucId: s.ucId,
        date,
        source,
        credits: openingLotsJson(credits),
        received: receivedJson,
        totalKwh: Kwh.sum([...credits, ...received].map((l) => l.kwh)).toString(),
      },
    },
  ];
}

export type { OpeningSourceJson };
