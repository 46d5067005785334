import type { P12Mode, PermissionariaMap } from '@compensa/domain';

/** The policies RULES.md makes settings, per distribuidora where the rulebook says so. */
export interface PlatformSettings {
  /** P12 per distribuidora; `open-cycle` where not listed. */
  readonly p12: Readonly<Record<string, P12Mode>>;
  /** R13 (L art. 15): permissionária → the concessionária it is connected to. */
  readonly permissionarias: PermissionariaMap;
}

export const defaultSettings: PlatformSettings = { p12: {}, permissionarias: {} };

export function p12Of(settings: PlatformSettings, distribuidora: string): P12Mode {
  return settings.p12[distribuidora] ?? 'open-cycle';
}
