import { Kwh } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import { TargetsNotDelivered } from '../process-managers/targets-not-delivered';

/** The kWh of a set of parts or lots, exactly (Q1). */
function total(items: readonly { kwh: string }[] | undefined): string | null {
  if (!items || items.length === 0) return null;
  return Kwh.sum(items.map((i) => Kwh.parse(i.kwh))).toString();
}

/**
 * What a failed delivery leaves in transit: the targets that failed and their kWh when the handler says so
 * (TargetsNotDelivered), else all the energy the event carries (an excedente's allocations, the lots leaving a UC
 * or being reallocated) and the UCs it was for; null kWh for an event that carries none (UcRegistered).
 */
export function energyInTransit(e: RecordedEvent, err: unknown): { kwh: string | null; targets: string[] } {
  if (err instanceof TargetsNotDelivered) {
    return { kwh: total(err.failures), targets: err.failures.map((f) => f.ucId) };
  }
  const d = e.data as {
    ucId?: string;
    allocations?: { ucId: string; kwh: string }[];
    creditsLeaving?: { kwh: string }[];
    outcome?: { ucId: string; lots: { kwh: string }[] }[];
  };
  if (d.allocations) return { kwh: total(d.allocations), targets: [...new Set(d.allocations.map((a) => a.ucId))] };
  if (d.creditsLeaving) return { kwh: total(d.creditsLeaving), targets: d.ucId ? [d.ucId] : [] };
  if (d.outcome) {
    const lots = d.outcome.flatMap((o) => o.lots);
    return { kwh: total(lots), targets: d.outcome.filter((o) => o.lots.length > 0).map((o) => o.ucId) };
  }
  return { kwh: null, targets: d.ucId ? [d.ucId] : [] };
}
