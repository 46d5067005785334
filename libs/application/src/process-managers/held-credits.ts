import { Kwh, UnknownUc, type CreditLotJson, type TitularJson } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import type { CompensaCommands } from '../commands/compensa-commands';
import { derivedEventId } from '../deterministic-id';
import type { UcDirectory } from '../directory/uc-directory';
import { deliverToEach } from './targets-not-delivered';

const TYPES = new Set([
  'TitularidadeTransferred',
  'ContractClosed',
  'CreditsReallocated',
  'HeldCreditsReallocated',
  'UcRegistered',
]);

/** Handles the events that move credits between streams (R18–R20). */
export function isHeldCreditsEvent(e: RecordedEvent): boolean {
  return TYPES.has(e.type);
}

/**
 * The 30-day rule's process manager (R18–R20): credits leaving a UC are held in the titular's stream with the
 * deadline; every reallocation is delivered to its target UCs; a titular's new UC picks up credits still held.
 * The consumer waits for the directory to reach the event before calling this, so a UC missing from it is unknown
 * for good (parked), never a lag.
 */
export async function moveHeldCredits(
  commands: CompensaCommands,
  directory: UcDirectory,
  e: RecordedEvent,
): Promise<void> {
  const meta = (suffix: string) => ({
    causationId: e.id,
    correlationId: e.metadata.correlationId,
    eventIds: (i: number) => derivedEventId(e.id, suffix, String(i)),
  });
  switch (e.type) {
    case 'TitularidadeTransferred':
    case 'ContractClosed': {
      const d = e.data as {
        ucId: string;
        date: string;
        deadline: string;
        creditsLeaving: CreditLotJson[];
        previousTitular?: TitularJson;
        titular?: TitularJson;
      };
      if (d.creditsLeaving.length === 0) return;
      const titular = (d.previousTitular ?? d.titular)!;
      const facts = await directory.factsOf(d.ucId, '9999-12-31');
      if (!facts) throw new UnknownUc(d.ucId);
      const distribuidora = facts.distribuidora;
      await commands.onTitular(
        distribuidora,
        titular.key,
        {
          type: 'HoldCredits',
          data: {
            distribuidora,
            titular,
            fromUcId: d.ucId,
            rule: e.type === 'TitularidadeTransferred' ? 'R18' : 'R19',
            date: d.date,
            deadline: d.deadline,
            sourceEventId: e.id,
            lots: d.creditsLeaving,
          },
        },
        meta('hold'),
      );
      return;
    }
    // R19 (a closed UC's distribution, on its stream) and R20 (the titular's held credits, on the titular stream).
    case 'CreditsReallocated':
    case 'HeldCreditsReallocated': {
      const d = e.data as { rule: 'R19' | 'R20'; outcome: { ucId: string; lots: CreditLotJson[] }[] };
      const targets = d.outcome
        .filter((o) => o.lots.length > 0)
        .map((o) => ({ ...o, kwh: Kwh.sum(o.lots.map((l) => Kwh.parse(l.kwh))).toString() }));
      await deliverToEach(e.id, targets, (o) =>
        commands.onUc(
          o.ucId,
          () => ({
            type: 'ReceiveHeldCredits',
            data: { sourceEventId: `${e.id}:${o.ucId}`, fromStream: e.stream, rule: d.rule, lots: o.lots },
          }),
          meta(o.ucId),
        ),
      );
      return;
    }
    case 'UcRegistered': {
      const d = e.data as { ucId: string; distribuidora: string; titular: TitularJson; registeredAt: string };
      // R20: credits still held after a default that found no UC go to the titular's first UC registered later.
      const windows = await directory.heldWindowsOf(d.distribuidora, d.titular.key);
      if (windows.length === 0) return;
      const facts = await directory.factsOf(d.ucId, d.registeredAt);
      if (!facts) throw new UnknownUc(d.ucId);
      await commands.onTitular(
        d.distribuidora,
        d.titular.key,
        { type: 'PickUpHeldCredits', data: { ucId: d.ucId, date: d.registeredAt }, context: { facts } },
        meta('pickup'),
      );
      return;
    }
  }
}
