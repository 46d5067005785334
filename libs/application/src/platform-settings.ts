import type { CyclePricing, P10Mode, P12Mode, PermissionariaMap } from '@compensa/domain';

/** The policies RULES.md makes settings, per distribuidora where the rulebook says so. */
export interface PlatformSettings {
  /** P12 per distribuidora; `open-cycle` where not listed. */
  readonly p12: Readonly<Record<string, P12Mode>>;
  /** R13 (L art. 15): permissionária → the concessionária it is connected to. */
  readonly permissionarias: PermissionariaMap;
  /** P10 per distribuidora (R10); see `p10Of` for one not listed. */
  readonly p10?: Readonly<Record<string, P10Mode>>;
}

export const defaultSettings: PlatformSettings = { p12: {}, permissionarias: {} };

export function p12Of(settings: PlatformSettings, distribuidora: string): P12Mode {
  return settings.p12[distribuidora] ?? 'open-cycle';
}

/**
 * R10 / P10 of a reading. A distribuidora listed in the settings gets its mode. One not listed gets the rulebook's
 * default, `cap`, when the handler has the cycle's T and f; without them (the handler does not gather pricing yet) it
 * gets `greater-of`, which needs no R$: `cap` there would refuse (R10) every reading with a GD II or GD III source.
 * The mode used is recorded in CycleCompensated either way.
 */
export function p10Of(settings: PlatformSettings, distribuidora: string, pricing: CyclePricing | null): P10Mode {
  return settings.p10?.[distribuidora] ?? (pricing ? 'cap' : 'greater-of');
}
