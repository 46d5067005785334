/**
 * What a decision needs to know about another UC (eligibility R13, demand P6a, R20 candidates).
 * Gathered by the command handler from other streams and recorded in the resulting event.
 */
export interface UcFacts {
  readonly ucId: string;
  readonly distribuidora: string;
  readonly titularKey: string;
  readonly status: 'active' | 'closed';
  /** Grupo A billed as Grupo B: can neither receive nor send excedente (R13, seed 002). */
  readonly billedAsGroupB: boolean;
  /** When the UC was registered (R20: only a UC registered after the default picks up held credits). */
  readonly registeredAt: string;
  /** P6a / R20: total consumption of the latest reading dated on or before the decision date; null if none. */
  readonly latestConsumption: { readingDate: string; kwh: string } | null;
}

/** Distribuidoras that are permissionárias, and the concessionária each is connected to (R13, L art. 15). */
export type PermissionariaMap = Readonly<Record<string, string>>;
