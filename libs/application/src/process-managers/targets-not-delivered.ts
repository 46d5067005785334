/** One target of a delivery that failed, with the energy that did not arrive. */
export interface UndeliveredTarget {
  readonly ucId: string;
  /** kWh (string, 3 decimals) meant for this target. */
  readonly kwh: string;
  readonly error: Error;
}

/**
 * A delivery to several targets where some failed: every target is tried (one refusing UC must not hold back the
 * others), then this names the ones that did not get their energy, so a parked record says which kWh are in transit.
 */
export class TargetsNotDelivered extends Error {
  override readonly name = 'TargetsNotDelivered';
  constructor(
    readonly eventId: string,
    readonly failures: readonly UndeliveredTarget[],
  ) {
    super(
      `${failures.length} target(s) of ${eventId} not delivered: ` +
        failures.map((f) => `${f.ucId} (${f.error.name}: ${f.error.message})`).join('; '),
    );
  }
}

/**
 * Runs `deliver` for every target; throws TargetsNotDelivered naming those that failed (in the targets' order).
 * `concurrently`: targets that are distinct streams are delivered side by side, so their appends share the store's
 * group commit (one transaction instead of one per target).
 */
export async function deliverToEach<T extends { ucId: string; kwh: string }>(
  eventId: string,
  targets: readonly T[],
  deliver: (target: T) => Promise<unknown>,
  options: { concurrently?: boolean } = {},
): Promise<void> {
  const failures: UndeliveredTarget[] = [];
  const failed = (t: T, err: unknown) =>
    failures.push({ ucId: t.ucId, kwh: t.kwh, error: err instanceof Error ? err : new Error(String(err)) });
  if (options.concurrently) {
    const settled = await Promise.allSettled(targets.map((t) => deliver(t)));
    settled.forEach((s, i) => {
      if (s.status === 'rejected') failed(targets[i], s.reason);
    });
  } else {
    for (const t of targets) {
      try {
        await deliver(t);
      } catch (err) {
        failed(t, err);
      }
    }
  }
  if (failures.length > 0) throw new TargetsNotDelivered(eventId, failures);
}
