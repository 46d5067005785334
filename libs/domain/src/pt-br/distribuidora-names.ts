/**
 * Distribuidoras by the name people know them ("copel" → "Copel"): the codes are lower-case identifiers in events.
 * Pure (the dashboard bundles this file).
 */
export const DISTRIBUIDORA_NAMES: Readonly<Record<string, string>> = {
  copel: 'Copel',
  cemig: 'Cemig',
  celesc: 'Celesc',
  light: 'Light',
  enel_sp: 'Enel SP',
  enel_rj: 'Enel RJ',
  enel_ce: 'Enel CE',
  cpfl_paulista: 'CPFL Paulista',
  coelba: 'Coelba',
  celpe: 'Celpe',
  equatorial_pa: 'Equatorial Pará',
  rge: 'RGE',
  edp_sp: 'EDP São Paulo',
  energisa_mt: 'Energisa MT',
};

/** The name of a distribuidora code; an unknown code in capitals with spaces ("abc_xy" → "ABC XY"). */
export function distribuidoraName(code: string): string {
  return DISTRIBUIDORA_NAMES[code.toLowerCase()] ?? code.replace(/_/g, ' ').toUpperCase();
}
