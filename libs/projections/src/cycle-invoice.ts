/**
 * A CycleCompensated's invoice (or a CycleRecompensated's: the re-billed cycle of a correction), derived once per
 * recorded event: the invoices and invoice_shares projections both
 * read it in the same batch (the runner hands every projection the same event objects), so the second one finds it
 * here instead of deriving it again. Weakly held: gone with the batch's events.
 */
import type { RecordedEvent } from '@compensa/event-store';
import { invoiceOfCycle, type Invoice, type UcEvent } from '@compensa/domain';
import { domainEventOf } from './domain-event';

/** The recorded facts of a cycle (upcast to the current schema). */
export type CycleCompensatedData = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];

const derived = new WeakMap<RecordedEvent, { data: CycleCompensatedData; invoice: Invoice }>();

/** The event's data (upcast: an older event has no `billing`) and `invoiceOfCycle` of it (R22–R28). */
export function cycleInvoiceOf(e: RecordedEvent): { data: CycleCompensatedData; invoice: Invoice } {
  let found = derived.get(e);
  if (!found) {
    const data =
      e.type === 'CycleRecompensated'
        ? domainEventOf<Extract<UcEvent, { type: 'CycleRecompensated' }>>(e).data.compensation
        : domainEventOf<Extract<UcEvent, { type: 'CycleCompensated' }>>(e).data;
    // R22–R28: the one derivation of a cycle's money.
    found = { data, invoice: invoiceOfCycle(data) };
    derived.set(e, found);
  }
  return found;
}
